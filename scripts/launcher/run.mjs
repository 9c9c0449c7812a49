/* global process, console */
/**
 * The one way every command starts: `npm run <command>` (and the `oss` bin) run
 * `node scripts/launcher/run.mjs <command> [flags]`. The command's TypeScript is bundled once with esbuild
 * (the compiler tsx itself uses) into node_modules/.cache/oss-cli, and then loaded as one plain file in
 * this very process. A run through tsx spends ~0.6 s compiling and resolving some 60 modules before
 * doing anything, and starts a second Node process; the bundle loads in ~0.1 s. The bundle is rebuilt
 * whenever any file that went into it (our sources or a dependency) has changed, so it never runs stale
 * code. Types are checked by `npm run typecheck` (part of `npm test`), not here, exactly as with tsx.
 *
 * One process, no child: a signal sent to this PID (Ctrl-C, `kill <pid>` of a background
 * `npm run emulator`) reaches the command's own handlers, so nothing is left serving.
 *
 * Code that locates the project's files from `__dirname` (the emulator's fixtures, the deploy's source
 * folders) gets the directory of its source file, not of the bundle: see sourceDirname.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CACHE = process.env.OSS_CLI_CACHE_DIR ?? join(ROOT, 'node_modules', '.cache', 'oss-cli');
const COMMANDS_DIR = join(ROOT, 'scripts', 'commands');
/** Every scripts/commands/<name>.ts is a command. */
const COMMANDS = readdirSync(COMMANDS_DIR)
  .filter((file) => file.endsWith('.ts'))
  .map((file) => file.slice(0, -'.ts'.length))
  .sort();

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

/** Loaded lazily (jsforce's core on the first Salesforce call, @salesforce/core only with --target-org) and large. */
const EXTERNALS = ['jsforce/lib/core', '@salesforce/core'];

/**
 * Leaves the externals out of the bundle but imports them by their resolved file in this repository:
 * the bundle may live outside it (OSS_CLI_CACHE_DIR), where a bare `import('jsforce')` finds nothing.
 * The resolved files join the fingerprint, so a moved repository or a reinstalled package rebuilds.
 */
const externalsFromRepository = {
  name: 'externals-from-repository',
  setup(builder) {
    const resolveFromRoot = nodeModule.createRequire(join(ROOT, 'package.json')).resolve;
    const filter = new RegExp(`^(${EXTERNALS.map((name) => name.replace(/[/.]/g, '\\$&')).join('|')})$`);
    builder.onResolve({ filter }, (args) => ({ path: resolveFromRoot(args.path), external: true }));
  },
};

/**
 * `__dirname` in a bundled module would name the cache folder; each of our sources that uses it gets its
 * own directory instead (esbuild renames the declaration per module, so several never clash). The
 * bundle is therefore tied to this checkout, which the fingerprint already is (the externals' paths).
 */
const sourceDirname = {
  name: 'source-dirname',
  setup(builder) {
    builder.onLoad({ filter: /[\\/]scripts[\\/].*\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('__dirname')) {
        return undefined;
      }
      return { contents: `const __dirname = ${JSON.stringify(dirname(args.path))};\n${source}`, loader: 'ts' };
    });
  },
};

async function build(command, bundlePath, metaPath) {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: [join('scripts', 'commands', `${command}.ts`)],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    plugins: [externalsFromRepository, sourceDirname],
    metafile: true,
    write: false,
    logLevel: 'error',
  });
  // esbuild's service is a child process: stopped now, so the command runs as this one process alone.
  await esbuild.stop();
  mkdirSync(CACHE, { recursive: true });
  // Written to a temporary name and renamed: two runs building at once never load a half-written file.
  const unique = `${process.pid}.${Date.now()}`;
  writeFileSync(`${bundlePath}.${unique}`, result.outputFiles[0].contents);
  const externals = EXTERNALS.map((name) => nodeModule.createRequire(join(ROOT, 'package.json')).resolve(name));
  const inputs = [...Object.keys(result.metafile.inputs), ...externals];
  writeFileSync(`${metaPath}.${unique}`, JSON.stringify(fingerprint(inputs)));
  renameSync(`${bundlePath}.${unique}`, bundlePath);
  renameSync(`${metaPath}.${unique}`, metaPath);
}

const [command, ...args] = process.argv.slice(2);
if (!COMMANDS.includes(command)) {
  console.error(`Unknown command "${command ?? ''}". The commands: ${COMMANDS.join(', ')}.`);
  process.exit(2);
}
// @salesforce/core's logger pretty-prints to stdout whenever DEBUG is set (any value): to stderr instead,
// so that nothing but the command's own output (one JSON document under --json) ever reaches stdout.
process.env.SF_LOG_STDERR ??= 'true';
const bundlePath = join(CACHE, `${command}.cjs`);
const metaPath = join(CACHE, `${command}.inputs.json`);
if (!isFresh(metaPath)) {
  await build(command, bundlePath, metaPath);
}
// V8's compiled code for the bundle and the externals, kept on disk (Node 22.1+; Node 20 has no such cache): a
// run then skips compiling them again. It holds code only, never what a run read or computed.
nodeModule.enableCompileCache?.(join(CACHE, 'v8'));
// The command reads its arguments from process.argv.slice(2), as it does under tsx.
process.argv = [process.argv[0], bundlePath, ...args];
// Resolved from the repository, so the externals load from its node_modules.
nodeModule.createRequire(join(ROOT, 'package.json'))(bundlePath);
