/* global process, console */
/**
 * `npm run register|verify|doctor|smoke|replay|reconcile` (the commands that talk to Salesforce and OneSpan, run
 * by people and CI pipelines many times a day) start here: the command's TypeScript is bundled once with esbuild (the
 * compiler tsx itself uses) into node_modules/.cache/oss-cli, and then loaded as one plain file. A run
 * through tsx spends ~0.6 s compiling and resolving some 60 modules before doing anything; the bundle
 * loads in ~0.1 s. The bundle is rebuilt whenever any file that went into it (our sources or a
 * dependency) has changed, so it never runs stale code. Types are checked by `npm run typecheck`
 * (part of `npm test`), not here, exactly as with tsx.
 *
 * Only for commands whose code does not locate files from __dirname (the bundle lives elsewhere). The
 * tools that work on the project's files (deploy, lint:sf, coverage-gate, demo, emulator, bench) run
 * through tsx: they spend seconds to minutes in other tools, so 0.5 s of start-up does not matter there.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CACHE = process.env.OSS_CLI_CACHE_DIR ?? join(ROOT, 'node_modules', '.cache', 'oss-cli');
const BUNDLED_COMMANDS = new Set(['register', 'verify', 'doctor', 'smoke', 'replay', 'reconcile']);

/** Modification time and size of every input the bundle was built from, as esbuild's metafile lists them. */
function fingerprint(inputs) {
  const stamps = {};
  for (const input of inputs) {
    const info = statSync(resolve(ROOT, input), { throwIfNoEntry: false });
    stamps[input] = info ? `${info.mtimeMs}:${info.size}` : 'missing';
  }
  return stamps;
}

function isFresh(metaPath) {
  let recorded;
  try {
    recorded = JSON.parse(readFileSync(metaPath, 'utf8'));
  } catch {
    return false;
  }
  const current = fingerprint(Object.keys(recorded));
  return Object.entries(recorded).every(([input, stamp]) => current[input] === stamp);
}

/** Loaded lazily (jsforce on the first Salesforce call, @salesforce/core only with --target-org) and large. */
const EXTERNALS = ['jsforce', '@salesforce/core'];

/**
 * Leaves the externals out of the bundle but imports them by their resolved file in this repository:
 * the bundle may live outside it (OSS_CLI_CACHE_DIR), where a bare `import('jsforce')` finds nothing.
 * The resolved files join the fingerprint, so a moved repository or a reinstalled package rebuilds.
 */
const externalsFromRepository = {
  name: 'externals-from-repository',
  setup(builder) {
    const resolveFromRoot = createRequire(join(ROOT, 'package.json')).resolve;
    const filter = new RegExp(`^(${EXTERNALS.map((name) => name.replace(/[/.]/g, '\\$&')).join('|')})$`);
    builder.onResolve({ filter }, (args) => ({ path: resolveFromRoot(args.path), external: true }));
  },
};

async function build(command, bundlePath, metaPath) {
  const { build: esbuild } = await import('esbuild');
  const result = await esbuild({
    absWorkingDir: ROOT,
    entryPoints: [join('scripts', 'commands', `${command}.ts`)],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    plugins: [externalsFromRepository],
    metafile: true,
    write: false,
    logLevel: 'error',
  });
  mkdirSync(CACHE, { recursive: true });
  // Written to a temporary name and renamed: two runs building at once never load a half-written file.
  const unique = `${process.pid}.${Date.now()}`;
  writeFileSync(`${bundlePath}.${unique}`, result.outputFiles[0].contents);
  const externals = EXTERNALS.map((name) => createRequire(join(ROOT, 'package.json')).resolve(name));
  const inputs = [...Object.keys(result.metafile.inputs), ...externals];
  writeFileSync(`${metaPath}.${unique}`, JSON.stringify(fingerprint(inputs)));
  renameSync(`${bundlePath}.${unique}`, bundlePath);
  renameSync(`${metaPath}.${unique}`, metaPath);
}

const [command, ...args] = process.argv.slice(2);
if (!BUNDLED_COMMANDS.has(command)) {
  console.error(`run.mjs runs ${[...BUNDLED_COMMANDS].join(', ')}; got "${command ?? ''}".`);
  process.exit(2);
}
const bundlePath = join(CACHE, `${command}.cjs`);
const metaPath = join(CACHE, `${command}.inputs.json`);
if (!isFresh(metaPath)) {
  await build(command, bundlePath, metaPath);
}
// The command reads its arguments from process.argv.slice(2), as it does under tsx.
process.argv = [process.argv[0], bundlePath, ...args];
// Resolved from the repository, so the externals load from its node_modules.
createRequire(join(ROOT, 'package.json'))(bundlePath);
