import { builtinModules } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * `npm ci --omit=dev` is how a pipeline installs what it only runs: every package the commands import or spawn must
 * then be there. The commands, the library, the emulators (the demo) and the launcher are what `npm run <command>`
 * loads; scripts/checks is `lint:sf`, a development check, and may use development tools.
 */
const ROOT = path.resolve(__dirname, '../..');
const RUNTIME_FOLDERS = ['scripts/commands', 'scripts/lib', 'scripts/emulator', 'scripts/launcher', 'scripts/bench'];
const SPECIFIER = /(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^import\s+)['"]([^'".][^'"]*)['"]/gm;
/** Packages found by their files rather than imported: the sf CLI that deploy spawns. */
const SPAWNED = /['"]@salesforce['"],\s*['"]([\w-]+)['"]/g;

function sourceFiles(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const entryPath = path.join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(entryPath);
    return /\.(ts|mjs)$/.test(entry.name) ? [entryPath] : [];
  });
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Every package a runtime file imports or spawns, with the first file that does. */
function runtimePackages(files: readonly string[], read: (file: string) => string): Map<string, string> {
  const builtins = new Set(builtinModules);
  const found = new Map<string, string>();
  for (const file of files) {
    const text = read(file);
    const names = [
      ...[...text.matchAll(SPECIFIER)].map((match) => packageName(match[1])),
      ...[...text.matchAll(SPAWNED)].map((match) => `@salesforce/${match[1]}`),
    ];
    for (const name of names) {
      if (name.startsWith('node:') || builtins.has(name) || found.has(name)) continue;
      found.set(name, path.relative(ROOT, file));
    }
  }
  return found;
}

describe('what the commands need at run time', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  const files = RUNTIME_FOLDERS.flatMap((folder) => sourceFiles(path.join(ROOT, folder)));
  const used = runtimePackages(files, (file) => fs.readFileSync(file, 'utf8'));

  it('finds the packages, the spawned sf CLI included', () => {
    expect([...used.keys()]).toEqual(expect.arrayContaining(['jsforce', '@salesforce/core', '@salesforce/cli']));
  });

  it.each([...used.entries()])('installs %s with npm ci --omit=dev (used by %s)', (name) => {
    expect(Object.keys(manifest.dependencies)).toContain(name);
  });

  it('tells a development-only package from a runtime one', () => {
    const found = runtimePackages(['a.ts'], () => "import { x } from 'jest-only-tool/sub';\nimport fs from 'node:fs';");
    expect([...found.keys()]).toEqual(['jest-only-tool']);
  });
});
