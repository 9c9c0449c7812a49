import { firstDifferentLine } from '../../scripts/checks/apex-format';
import { CLASSES, TOOL_RUN_TIMEOUT_MS, checkNamed, createFixtureProject, errorsOf, runLintSf } from './fixture-project';

describe('apex-format', () => {
  it('points at the first line that differs', () => {
    expect(firstDifferentLine('a\nb\nc', 'a\nB\nc')).toBe(2);
    expect(firstDifferentLine('a\nb', 'a\nb\n')).toBe(3);
  });

  it(
    'fails on an unformatted class, naming the line and the fix',
    () => {
      const project = createFixtureProject();
      try {
        const unformatted = project
          .read(`${CLASSES}/GreeterTest.cls`)
          .replace(
            "        System.assertEquals(1, stored.size(), 'one greeting per name');",
            "  System.assertEquals(1,stored.size(),'one greeting per name');",
          );
        project.write(`${CLASSES}/GreeterTest.cls`, unformatted);

        const run = runLintSf(project.root, ['apex-format']);

        expect(run.exitCode).toBe(1);
        expect(errorsOf(checkNamed(run, 'apex-format'))).toEqual([
          expect.objectContaining({
            file: `${CLASSES}/GreeterTest.cls`,
            line: 14,
            message: expect.stringContaining('npm run format'),
          }),
        ]);
      } finally {
        project.dispose();
      }
    },
    TOOL_RUN_TIMEOUT_MS,
  );
});
