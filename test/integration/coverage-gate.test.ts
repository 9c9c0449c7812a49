import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const LAUNCHER = path.join(ROOT, 'scripts', 'launcher', 'run.mjs');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'apex-coverage');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the gate as CI does: a child process in the project folder `cwd`. */
function gate(cwd: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [LAUNCHER, 'coverage-gate', ...args],
      { cwd, env: { ...process.env, DEBUG: '' } },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
  });
}

/** A project with the classes the fixtures report on, read through sfdx-project.json. */
function makeProject(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'coverage-gate-cli-'));
  const classes = path.join(root, 'force-app', 'main', 'default', 'classes');
  const triggers = path.join(root, 'force-app', 'main', 'default', 'triggers');
  fs.mkdirSync(classes, { recursive: true });
  fs.mkdirSync(triggers, { recursive: true });
  for (const name of ['OssCallbackResource', 'OssCallbackService']) {
    fs.writeFileSync(path.join(classes, `${name}.cls`), `public class ${name} { public void run() { } }`);
  }
  fs.writeFileSync(
    path.join(classes, 'OssCallbackResourceTest.cls'),
    '@IsTest private class OssCallbackResourceTest {}',
  );
  fs.writeFileSync(
    path.join(triggers, 'OssCallbackEventTrigger.trigger'),
    'trigger OssCallbackEventTrigger on Account (after insert) {}',
  );
  fs.writeFileSync(
    path.join(root, 'sfdx-project.json'),
    JSON.stringify({ packageDirectories: [{ path: 'force-app' }] }),
  );
  return root;
}

describe('npm run coverage-gate', () => {
  let project: string;

  beforeAll(() => {
    project = makeProject();
  });

  afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

  it('passes a report at or above the minimum and lists each class with its coverage', async () => {
    const run = await gate(project, ['--file', path.join(FIXTURES, 'above-threshold.json'), '--min', '90']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/OssCallbackResource\s+class\s+19\/20\s+95\.0%\s+ok/);
    expect(run.stdout).toMatch(/OssCallbackService\s+class\s+27\/30\s+90\.0%\s+ok/);
    expect(run.stdout).toMatch(/OssCallbackEventTrigger\s+trigger\s+4\/4\s+100\.0%\s+ok/);
    expect(run.stdout).toContain('Not measured: OssCallbackResourceTest (test).');
  });

  it('fails a report below the minimum, naming the class, with exit code 1', async () => {
    const run = await gate(project, ['--file', path.join(FIXTURES, 'below-threshold.json'), '--min', '90']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/OssCallbackService\s+class\s+179\/200\s+89\.5%\s+BELOW MINIMUM/);
    expect(run.stderr).toContain(
      'Error (CoverageBelowThresholdError): 1 of 3 project classes and triggers are below 90% line coverage: OssCallbackService.',
    );
  });

  it('prints one sf-style JSON document with --json, pass or fail', async () => {
    const pass = await gate(project, ['--file', path.join(FIXTURES, 'above-threshold.json'), '--json']);
    expect(pass.code).toBe(0);
    const passed = JSON.parse(pass.stdout) as { status: number; result: { passed: boolean; minimum: number } };
    expect(passed).toMatchObject({ status: 0, result: { passed: true, minimum: 90 } });

    const fail = await gate(project, ['--file', path.join(FIXTURES, 'below-threshold.json'), '--min', '90', '--json']);
    expect(fail.code).toBe(1);
    const failed = JSON.parse(fail.stdout) as { status: number; name: string; data: { failing: string[] } };
    expect(failed).toMatchObject({
      status: 1,
      name: 'CoverageBelowThresholdError',
      data: { failing: ['OssCallbackService'] },
    });
  });

  it('explains a missing report: the file it looked for and the command that writes it', async () => {
    const run = await gate(project, ['--json']);
    expect(run.code).toBe(1);
    const envelope = JSON.parse(run.stdout) as { name: string; message: string; actions: string[] };
    expect(envelope.name).toBe('CoverageReportNotFoundError');
    expect(envelope.message).toBe(
      `No code coverage report at ${path.join('test-results', 'test-result-codecoverage.json')}.`,
    );
    expect(envelope.actions[0]).toContain(
      'sf apex run test --code-coverage --result-format json --output-dir test-results',
    );
  });

  it('reports a flag mistake with exit code 2', async () => {
    const run = await gate(project, ['--min', 'high', '--json']);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ name: 'InvalidMinimumError' });
  });
});
