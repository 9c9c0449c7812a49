/**
 * Jest's transform of the TypeScript sources: esbuild (already the launcher's bundler) strips the types file by
 * file, which is all ts-jest did here too (tsconfig sets isolatedModules; `npm run typecheck` is the type check).
 * ts-jest loaded the TypeScript compiler in every worker and took twice the CPU on a cold cache, i.e. every fresh
 * clone and every CI run.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { URL } from 'node:url';
import { transformSync, version } from 'esbuild';

const tsconfig = readFileSync(new URL('../../tsconfig.json', import.meta.url), 'utf8');
const OPTIONS = {
  loader: 'ts',
  format: 'cjs',
  // The lowest Node the project supports (package.json engines).
  target: 'node22',
  // As TypeScript's module=commonjs does: import() becomes require(), since Jest runs CommonJS modules without
  // --experimental-vm-modules (lazy imports of jsforce and @salesforce/core).
  supported: { 'dynamic-import': false },
  tsconfigRaw: tsconfig,
  sourcemap: true,
  sourcesContent: false,
};
const SELF = readFileSync(new URL(import.meta.url), 'utf8');

export default {
  getCacheKey(source, filename, { configString }) {
    return createHash('sha256')
      .update([SELF, version, tsconfig, configString, filename, source].join('\0'))
      .digest('hex');
  },
  process(source, filename) {
    const { code, map } = transformSync(source, { ...OPTIONS, sourcefile: filename });
    return { code, map };
  },
};
