import { INSTALL_JAVA_HINT, JVM_DIR_ENV } from '../../scripts/checks/java';
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
        'apex-semantics': expect.stringMatching(/^apex-ls 5\.3\.0 .*@flxbl-io\/apexlink 4\.0\.1/),
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
    'fails both Java checks with one line saying what to install when no Java 21+ is found',
    () => {
      const { JAVA_HOME: _ignored, ...withoutJavaHome } = process.env;
      const run = runLintSf(project.root, ['apex-semantics', 'pmd'], {
        ...withoutJavaHome,
        PATH: '/nonexistent',
        [JVM_DIR_ENV]: '/nonexistent',
      });

      expect(run.exitCode).toBe(1);
      for (const check of ['apex-semantics', 'pmd']) {
        expect(errorsOf(checkNamed(run, check))).toEqual([
          expect.objectContaining({ file: 'java', message: expect.stringContaining(INSTALL_JAVA_HINT) }),
        ]);
      }
    },
    TOOL_RUN_TIMEOUT_MS,
  );
});
