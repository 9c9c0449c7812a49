import { CHECKS } from '../../scripts/checks/run-all';
import {
  TOOL_RUN_TIMEOUT_MS,
  checkNamed,
  createFixtureProject,
  errorsOf,
  runLintSf,
  type FixtureProject,
} from './fixture-project';

describe('lint:sf on a valid project', () => {
  let project: FixtureProject;
  beforeAll(() => {
    project = createFixtureProject();
  });
  afterAll(() => project.dispose());

  it(
    'passes every check, in order, and reports what it converted',
    () => {
      const run = runLintSf(
        project.root,
        CHECKS.map((check) => check.name),
      );

      expect(run.checks.map((check) => [check.name, check.ok, errorsOf(check)])).toEqual(
        CHECKS.map((check) => [check.name, true, []]),
      );
      expect(run.exitCode).toBe(0);
      expect(checkNamed(run, 'convert').notes).toEqual(['ApexClass: 2', 'CustomField: 1', 'CustomObject: 1']);
      expect(Object.fromEntries(run.checks.map((check) => [check.name, check.tool]))).toMatchObject({
        'apex-syntax': '@apexdevtools/apex-parser 5.2.0',
        'apex-format': 'prettier 3.10.1 + prettier-plugin-apex 2.3.0',
        'apex-semantics': expect.stringContaining('apexlink 2.3.7'),
        pmd: expect.stringMatching(/^PMD 7\.\d+\.\d+ via @salesforce\/code-analyzer-core 0\.52\.0/),
        convert: 'sf project convert source, @salesforce/cli 2.146.3',
      });
    },
    TOOL_RUN_TIMEOUT_MS,
  );

  it('rejects an unknown check name instead of silently running nothing', () => {
    const run = runLintSf(project.root, ['no-such-check']);

    expect(run.exitCode).not.toBe(0);
    expect(run.stderr).toContain('unknown check(s): no-such-check');
  });

  it(
    'fails a Java check with the install command when java is not on PATH',
    () => {
      const run = runLintSf(project.root, ['apex-semantics'], { ...process.env, PATH: '/nonexistent' });

      expect(run.exitCode).toBe(1);
      expect(errorsOf(checkNamed(run, 'apex-semantics'))).toEqual([
        expect.objectContaining({ message: expect.stringContaining('apt-get install openjdk-17-jre-headless') }),
      ]);
    },
    TOOL_RUN_TIMEOUT_MS,
  );
});
