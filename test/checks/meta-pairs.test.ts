import { CLASSES, TOOL_RUN_TIMEOUT_MS, checkNamed, createFixtureProject, errorsOf, runLintSf } from './fixture-project';

describe('meta-pairs', () => {
  it(
    'fails when a class has no -meta.xml, and convert shows the CLI dropped it',
    () => {
      const project = createFixtureProject();
      try {
        project.remove(`${CLASSES}/Greeter.cls-meta.xml`);

        const run = runLintSf(project.root, ['meta-pairs', 'convert']);

        expect(run.exitCode).toBe(1);
        expect(errorsOf(checkNamed(run, 'meta-pairs'))).toEqual([
          expect.objectContaining({
            file: `${CLASSES}/Greeter.cls`,
            message: expect.stringContaining(`has no ${CLASSES}/Greeter.cls-meta.xml`),
          }),
        ]);
        expect(errorsOf(checkNamed(run, 'convert'))).toEqual([
          expect.objectContaining({
            file: `${CLASSES}/Greeter.cls`,
            message: expect.stringContaining('ApexClass Greeter is missing from the converted package.xml'),
          }),
        ]);
      } finally {
        project.dispose();
      }
    },
    TOOL_RUN_TIMEOUT_MS,
  );

  it(
    'fails when a -meta.xml has no class',
    () => {
      const project = createFixtureProject();
      try {
        project.remove(`${CLASSES}/GreeterTest.cls`);

        const run = runLintSf(project.root, ['meta-pairs']);

        expect(run.exitCode).toBe(1);
        expect(errorsOf(checkNamed(run, 'meta-pairs'))).toEqual([
          expect.objectContaining({ file: `${CLASSES}/GreeterTest.cls-meta.xml`, rule: 'missing-apex-source' }),
        ]);
      } finally {
        project.dispose();
      }
    },
    TOOL_RUN_TIMEOUT_MS,
  );
});
