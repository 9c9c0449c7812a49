import { APEXLINK_ALLOWLIST, isAllowListed } from '../../scripts/checks/apexlink-allowlist';
import { downlevelForApexlink, toFindings } from '../../scripts/checks/apex-semantics';
import {
  CLASSES,
  TOOL_RUN_TIMEOUT_MS,
  checkNamed,
  createFixtureProject,
  errorsOf,
  runLintSf,
  type FixtureProject,
  type LintSfRun,
} from './fixture-project';

describe('apex-semantics: pure parts', () => {
  it('blanks API 56+ access-mode clauses without moving any line or column', () => {
    const source = 'insert as user rows;\nList<A> a = [SELECT Id FROM A WITH\n    USER_MODE];\nupdate AS SYSTEM x;';
    const downlevelled = downlevelForApexlink(source);

    expect(downlevelled).toBe(
      'insert         rows;\nList<A> a = [SELECT Id FROM A     \n             ];\nupdate           x;',
    );
    expect(downlevelled.split('\n').map((line) => line.length)).toEqual(source.split('\n').map((line) => line.length));
  });

  it('allow-lists one exact message shape per entry, never a category', () => {
    expect(isAllowListed("No variable or type found for 'Assert' on 'GreeterTest'")).toBe(true);
    expect(isAllowListed("No variable or type found for 'Asserts' on 'GreeterTest'")).toBe(false);
    expect(isAllowListed("No variable or type found for 'undefinedVar' on 'GreeterTest'")).toBe(false);
    for (const entry of APEXLINK_ALLOWLIST) {
      expect(entry.why.length).toBeGreaterThan(20);
      expect(entry.pattern.source.startsWith('^') && entry.pattern.source.endsWith('$')).toBe(true);
    }
  });

  it('fails on Error and Missing, warns on apexlink syntax trouble, drops allow-listed messages', () => {
    const at = (line: number) => ({ start: { line, offset: 4 } });
    const outcome = toFindings(
      {
        files: [
          {
            path: '/p/A.cls',
            messages: [
              { ...at(1), category: 'Missing', message: "No type declaration found for 'Nope'" },
              { ...at(2), category: 'Missing', message: "No variable or type found for 'Assert' on 'A'" },
              { ...at(3), category: 'Syntax', message: "missing ';' at 'user'" },
              { ...at(4), category: 'Unused', message: "Unused local variable 'x'" },
            ],
          },
        ],
      },
      (file) => file.replace('/p/', ''),
    );

    expect(outcome.findings.map((finding) => [finding.line, finding.column, finding.severity])).toEqual([
      [1, 5, 'error'],
      [3, 5, 'warning'],
      [4, 5, 'warning'],
    ]);
    expect(outcome.notes).toEqual(['1 known apexlink false positive(s) allow-listed']);
  });
});

describe('apex-semantics on a broken project', () => {
  let project: FixtureProject;
  let run: LintSfRun;
  beforeAll(() => {
    project = createFixtureProject();
    project.addClass(
      'CallsMissingMethod',
      `public with sharing class CallsMissingMethod {
    public static String run() {
        return Greeter.greetLoudly('Ada');
    }
}
`,
    );
    project.addClass(
      'UsesUnknownType',
      `public with sharing class UsesUnknownType {
    public static Integer run() {
        Integer known = 1;
        GreetingCard card = null;
        return known;
    }
}
`,
    );
    // The allow-listed Assert call sits right above a real error, in a file that also uses WITH USER_MODE
    // (which apexlink's own parser cannot read).
    project.addClass(
      'AssertNextToError',
      `@IsTest
private class AssertNextToError {
    @IsTest
    static void checks() {
        List<Greeting__c> rows = [SELECT Id FROM Greeting__c WITH USER_MODE];
        Assert.areEqual(0, rows.size(), 'no rows');
        Assert.areEqual(0, rows.sizeOf(), 'no such method');
    }
}
`,
    );
    run = runLintSf(project.root, ['apex-semantics']);
  }, TOOL_RUN_TIMEOUT_MS);
  afterAll(() => project.dispose());

  const errorsIn = (className: string) =>
    errorsOf(checkNamed(run, 'apex-semantics')).filter((finding) => finding.file === `${CLASSES}/${className}.cls`);

  it('fails', () => {
    expect(run.exitCode).toBe(1);
  });

  it('reports a call to an undefined method at its line', () => {
    expect(errorsIn('CallsMissingMethod')).toEqual([
      expect.objectContaining({ line: 3, column: 16, message: expect.stringContaining("'greetLoudly' on 'Greeter'") }),
    ]);
  });

  it('reports an unknown type at its line', () => {
    expect(errorsIn('UsesUnknownType')).toEqual([
      expect.objectContaining({ line: 4, message: "No type declaration found for 'GreetingCard'" }),
    ]);
  });

  it('does not report the allow-listed Assert class but still reports the real error next to it', () => {
    expect(errorsIn('AssertNextToError')).toEqual([
      expect.objectContaining({ line: 7, message: expect.stringContaining("'sizeOf'") }),
    ]);
    expect(checkNamed(run, 'apex-semantics').notes).toEqual([
      expect.stringMatching(/^2 known apexlink false positive/),
    ]);
  });

  it('leaves the valid classes alone', () => {
    expect(errorsIn('Greeter')).toEqual([]);
    expect(errorsIn('GreeterTest')).toEqual([]);
  });
});
