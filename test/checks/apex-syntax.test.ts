import { parseApex } from '../../scripts/checks/apex-syntax';
import { shortenParserMessage } from '../../scripts/checks/parser-messages';
import { CLASSES, TOOL_RUN_TIMEOUT_MS, checkNamed, createFixtureProject, errorsOf, runLintSf } from './fixture-project';

describe('apex-syntax', () => {
  it('accepts current syntax that older parsers reject', () => {
    const source = `public class A {
    void f(List<Account> rows) {
        insert as user rows;
        Integer n = [SELECT COUNT() FROM Account WITH USER_MODE] ?? 0;
    }
}`;
    expect(parseApex(source, 'class')).toEqual([]);
    expect(parseApex('trigger T on Account (before insert) { }', 'trigger')).toEqual([]);
  });

  it('keeps the tokens worth reading out of ANTLR expectation lists', () => {
    const keywords = Array.from({ length: 20 }, (_, index) => `'kw${index}'`).join(', ');
    expect(shortenParserMessage(`mismatched input '{' expecting {${keywords}, ')', Identifier}`)).toBe(
      "mismatched input '{' expecting {')', Identifier, … 20 keywords}",
    );
    expect(shortenParserMessage("missing ';' at '}'")).toBe("missing ';' at '}'");
  });

  it(
    'fails on a syntax error with file, line and column, and the formatter says it cannot read the file',
    () => {
      const project = createFixtureProject();
      try {
        const broken = project
          .read(`${CLASSES}/Greeter.cls`)
          .replace('public static String greet(String name) {', 'public static String greet(String name {');
        project.write(`${CLASSES}/Greeter.cls`, broken);

        const run = runLintSf(project.root, ['apex-syntax', 'apex-format']);

        expect(run.exitCode).toBe(1);
        expect(errorsOf(checkNamed(run, 'apex-syntax'))).toEqual([
          expect.objectContaining({
            file: `${CLASSES}/Greeter.cls`,
            line: 10,
            column: 44,
            message: "missing ')' at '{'",
          }),
        ]);
        expect(errorsOf(checkNamed(run, 'apex-format'))).toEqual([
          expect.objectContaining({
            file: `${CLASSES}/Greeter.cls`,
            message: expect.stringContaining('cannot be formatted'),
          }),
        ]);
      } finally {
        project.dispose();
      }
    },
    TOOL_RUN_TIMEOUT_MS,
  );
});
