import type { Config } from 'jest';

/**
 * Type-checking is `npm run typecheck` (tsc over the whole project); Jest only strips the types, with esbuild
 * (test/helpers/esbuild-transform.mjs), so that the suite stays fast on a 2-core machine.
 */
const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': '<rootDir>/test/helpers/esbuild-transform.mjs',
  },
  testTimeout: 60_000,
  // Integration tests spend much of their time waiting on the CLIs and Java tools they spawn, and on the timeouts
  // they prove: a third worker keeps both cores of CI busy meanwhile (BENCHMARKS.md, "npm test").
  maxWorkers: 3,
};

export default config;
