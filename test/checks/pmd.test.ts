import { findUnjustifiedSuppressions } from '../../scripts/checks/pmd-suppressions';
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

describe('findUnjustifiedSuppressions', () => {
  const lines = (...source: string[]) => findUnjustifiedSuppressions(source.join('\n')).map((found) => found.line);

  it('flags a PMD suppression with no comment right above it', () => {
    expect(lines('}', "@SuppressWarnings('PMD.ApexCRUDViolation')", 'public class A {}')).toEqual([2]);
    expect(lines('// the log object is ours', '', "@SuppressWarnings('PMD.ApexCRUDViolation')")).toEqual([3]);
    expect(lines('// ok', "@SuppressWarnings('PMD.ApexCRUDViolation')")).toEqual([2]);
  });

  it('accepts a line comment, a block comment or ApexDoc right above, even across other annotations', () => {
    expect(
      lines('// CRUD is enforced by USER_MODE in the selector', "@SuppressWarnings('PMD.ApexCRUDViolation')"),
    ).toEqual([]);
    expect(
      lines('/*', ' * Guest context: the platform checks class access.', ' */', '@IsTest', "@SuppressWarnings('PMD')"),
    ).toEqual([]);
    expect(
      lines('/**', ' * @description Why system mode: events must never be lost.', ' */', "@SuppressWarnings('PMD.X')"),
    ).toEqual([]);
  });

  it('ignores suppressions meant for other tools', () => {
    expect(lines("@SuppressWarnings('checkstyle:all')", 'public class A {}')).toEqual([]);
  });

  it('accepts a NOPMD reason on the same line or above, and flags a bare NOPMD', () => {
    expect(lines('insert rows; // NOPMD - our own log object, written in system mode')).toEqual([]);
    expect(lines('// our own log object, system mode', 'insert rows; // NOPMD')).toEqual([]);
    expect(lines('Integer a = 1;', 'insert rows; // NOPMD')).toEqual([2]);
    expect(lines('insert rows; // code-analyzer-suppress(pmd)')).toEqual([1]);
  });
});

describe('pmd on a broken project', () => {
  let project: FixtureProject;
  let run: LintSfRun;
  beforeAll(() => {
    project = createFixtureProject();
    project.addClass(
      'QueriesInLoop',
      `public with sharing class QueriesInLoop {
    public static Integer count(List<String> messages) {
        Integer total = 0;
        for (String message : messages) {
            total += [SELECT COUNT() FROM Greeting__c WHERE Message__c = :message WITH USER_MODE];
        }
        return total;
    }
}
`,
    );
    project.addClass(
      'SkipsCrudCheck',
      `public with sharing class SkipsCrudCheck {
    public static List<Greeting__c> all() {
        return [SELECT Id, Message__c FROM Greeting__c LIMIT 10];
    }
}
`,
    );
    project.addClass(
      'HidesWarning',
      `public with sharing class HidesWarning {
    @SuppressWarnings('PMD.ExcessiveParameterList')
    public static Integer sum(Integer a, Integer b, Integer c, Integer d, Integer e) {
        return a + b + c + d + e;
    }
}
`,
    );
    run = runLintSf(project.root, ['pmd']);
  }, TOOL_RUN_TIMEOUT_MS);
  afterAll(() => project.dispose());

  const errorsIn = (className: string) =>
    errorsOf(checkNamed(run, 'pmd'))
      .filter((finding) => finding.file === `${CLASSES}/${className}.cls`)
      .map(({ line, rule }) => ({ line, rule }));

  it('fails', () => {
    expect(run.exitCode).toBe(1);
  });

  it('fails a SOQL query inside a loop (OperationWithLimitsInLoop, raised to severity 2)', () => {
    expect(errorsIn('QueriesInLoop')).toEqual([{ line: 5, rule: 'OperationWithLimitsInLoop' }]);
  });

  it('fails a query without a CRUD check or user mode (ApexCRUDViolation, severity 2)', () => {
    expect(errorsIn('SkipsCrudCheck')).toEqual([{ line: 3, rule: 'ApexCRUDViolation' }]);
  });

  it('fails a suppression that nobody justified', () => {
    expect(errorsIn('HidesWarning')).toEqual([{ line: 2, rule: 'unjustified-suppression' }]);
  });

  it('prints lower severities as warnings and leaves the valid classes alone', () => {
    expect(errorsIn('Greeter')).toEqual([]);
    expect(errorsIn('GreeterTest')).toEqual([]);
    expect(checkNamed(run, 'pmd').findings).toContainEqual(
      expect.objectContaining({ rule: 'ApexUnitTestClassShouldHaveRunAs', severity: 'warning' }),
    );
  });
});
