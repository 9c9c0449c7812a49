/**
 * Keeps the secret-leak guard in front of every CLI the suite runs: a test file that spawns processes
 * itself, instead of through test/helpers/runCli.ts, must be listed here with the reason it may. A new
 * test that spawns a command holding a secret therefore fails here until it uses runCli.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT } from '../helpers/runCli';

const SPAWNS_PROCESSES = /from ['"](node:)?child_process['"]|require\(['"](node:)?child_process['"]\)/;

/** Files that may spawn processes without the guard, and why. */
const UNGUARDED: Record<string, string> = {
  'test/helpers/runCli.ts': 'the guard itself',
  'test/helpers/sfCliLogin.ts': 'runs the sf CLI (not our code) with the token in its environment only',
  'test/checks/fixture-project.ts': 'lint:sf on fixture projects: no secret exists in that run',
  'test/integration/coverage-gate.test.ts': 'the coverage gate reads JSON files: no secret exists in that run',
  'test/ci/oneSpanOAuth.test.ts':
    "runs the workflows' guard scripts in bash with made-up values: no real secret exists",
  'test/emulator/command.test.ts': 'npm run emulator prints the demo credentials on purpose, for pasting',
  'test/docs/try-it-by-hand.test.ts':
    'plays a docs page in bash next to npm run emulator (which prints its demo values on purpose); the walkthrough output goes through findLeaks',
  'test/emulator/sfcli.test.ts': '@salesforce/core against the emulator: no secret of ours in the run',
  'test/unit/lib/salesforce/defaultOrg.test.ts':
    'asks @salesforce/core which variables name the default org, with an empty HOME and a made-up org: no secret exists',
  'test/integration/deploy/command.test.ts':
    'checks its one secret itself in stdout/stderr but not in written files; deploy runs under runCli in test/hardening/bad-input.test.ts',
};

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      return entry.name === 'fixtures' ? [] : testFiles(path);
    }
    return entry.name.endsWith('.ts') ? [relative(REPO_ROOT, path)] : [];
  });
}

describe('the secret-leak guard covers the suite', () => {
  // This file names child_process in its own examples, so it is left out of the scan.
  const self = relative(REPO_ROOT, __filename);
  const spawning = testFiles(join(REPO_ROOT, 'test')).filter(
    (file) => file !== self && SPAWNS_PROCESSES.test(readFileSync(join(REPO_ROOT, file), 'utf8')),
  );

  it('every test file that spawns a process itself is a known, explained exception', () => {
    expect(spawning.filter((file) => !(file in UNGUARDED))).toEqual([]);
  });

  it('lists no exception that no longer spawns (so the list cannot hide a new one)', () => {
    expect(Object.keys(UNGUARDED).filter((file) => !spawning.includes(file))).toEqual([]);
  });

  it('recognises the ways a file can spawn', () => {
    expect(SPAWNS_PROCESSES.test("import { spawn } from 'node:child_process';")).toBe(true);
    expect(SPAWNS_PROCESSES.test('const cp = require("child_process");')).toBe(true);
    expect(SPAWNS_PROCESSES.test("import { runCli } from '../helpers/runCli';")).toBe(false);
  });
});
