import { apexLsVersion, standardLibraryApi, toFindings } from '../../scripts/checks/apex-semantics';
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
  it('fails on every category apex-ls reports by default, and maps offsets to 1-based columns', () => {
    const at = (line: number) => ({ start: { line, offset: 4 } });
    const findings = toFindings(
      {
        files: [
          {
            path: '/p/A.cls',
            messages: [
              { ...at(1), category: 'Missing', message: "No type declaration found for 'Nope'" },
              { ...at(2), category: 'Error', message: "Class 'Oops' extending an Exception must have a name ..." },
              { ...at(3), category: 'Syntax', message: "missing ';' at '}'" },
              { ...at(4), category: 'Unused', message: "Unused local variable 'x'" },
            ],
          },
        ],
      },
      (file) => file.replace('/p/', ''),
    );

    expect(findings.map((finding) => [finding.file, finding.line, finding.column, finding.severity])).toEqual([
      ['A.cls', 1, 5, 'error'],
      ['A.cls', 2, 5, 'error'],
      ['A.cls', 3, 5, 'error'],
      ['A.cls', 4, 5, 'warning'],
    ]);
  });

  it('reads the apex-ls version and the API of its standard library from the jar names', () => {
    const jars = [
      'apex-parser-4.0.0.jar',
      'apex-ls_2.13-5.3.0+0-07fe7753+20240716-1726-SNAPSHOT.jar',
      'standard-types-61.0.0.jar',
    ];

    expect(apexLsVersion(jars)).toBe('5.3.0');
    expect(standardLibraryApi(jars)).toBe('61');
    expect(apexLsVersion(['apex-parser-4.0.0.jar'])).toBe('unknown');
    expect(apexLsVersion()).toBe('5.3.0');
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
    project.addClass(
      'WrongArgumentType',
      `public with sharing class WrongArgumentType {
    public static String run() {
        return Greeter.greet(42);
    }
}
`,
    );
    // Salesforce refuses both: "Classes extending Exception must have a name ending in 'Exception'", and a throw of
    // anything that is not an Exception.
    project.addClass(
      'Failures',
      `public with sharing class Failures {
    public class SimulatedFailure extends Exception {
    }
    public class Postcard {
    }
    public static void fail() {
        throw new Postcard();
    }
}
`,
    );
    project.write(
      `${CLASSES}/NoMetaFile.cls`,
      `public with sharing class NoMetaFile {
}
`,
    );
    project.addClass(
      'MissingSemicolon',
      `public with sharing class MissingSemicolon {
    public static Integer run() {
        Integer x = 1
        return x;
    }
}
`,
    );
    // API 56+ Apex that apexlink 2.3.7 needed an allow-list and a down-levelling for: must pass untouched.
    project.addClass(
      'CurrentApex',
      `public with sharing class CurrentApex {
    public static Integer run(String name) {
        List<Greeting__c> rows = [SELECT Id FROM Greeting__c WITH USER_MODE];
        insert as user new Greeting__c(Message__c = name ?? 'nobody');
        List<SObject> viaDatabase = Database.query('SELECT Id FROM Greeting__c', AccessLevel.SYSTEM_MODE);
        Assert.areEqual(rows.size(), viaDatabase.size(), 'same rows either way');
        return rows.size();
    }
}
`,
    );
    run = runLintSf(project.root, ['apex-semantics']);
  }, TOOL_RUN_TIMEOUT_MS);
  afterAll(() => project.dispose());

  const errorsIn = (className: string) =>
    errorsOf(checkNamed(run, 'apex-semantics')).filter((finding) => finding.file === `${CLASSES}/${className}.cls`);

  it('fails, and says which analyzer and Java ran', () => {
    expect(run.exitCode).toBe(1);
    expect(checkNamed(run, 'apex-semantics').tool).toMatch(
      /^apex-ls 5\.3\.0 \(Apex API 61, jars of @flxbl-io\/apexlink 4\.0\.1\)/,
    );
    expect(checkNamed(run, 'apex-semantics').notes).toEqual([expect.stringMatching(/^Java (2[1-9]|[3-9]\d)/)]);
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

  it('reports a wrong argument type at its line', () => {
    expect(errorsIn('WrongArgumentType')).toEqual([
      expect.objectContaining({
        line: 3,
        message: expect.stringContaining(
          "wrong argument types for calling 'public static System.String greet(System.String name)'",
        ),
      }),
    ]);
  });

  it('reports an Exception subclass whose name does not end in Exception, and a throw of a non-exception', () => {
    expect(errorsIn('Failures')).toEqual([
      expect.objectContaining({
        line: 2,
        message: "Class 'SimulatedFailure' extending an Exception must have a name ending in Exception",
      }),
      expect.objectContaining({
        line: 7,
        message: expect.stringContaining('Throw expression should return an Exception'),
      }),
    ]);
  });

  it('reports a class without -meta.xml, naming the file inside the project, not the analyzer copy', () => {
    expect(errorsIn('NoMetaFile')).toEqual([
      expect.objectContaining({
        line: 1,
        message: `Type 'NoMetaFile' is defined, but meta file is missing for '${CLASSES}/NoMetaFile.cls'`,
      }),
    ]);
  });

  it('reports a syntax error as an error at its line', () => {
    expect(errorsIn('MissingSemicolon')).toEqual([
      expect.objectContaining({ line: 4, rule: 'apex-ls-Syntax', message: expect.stringContaining("missing ';'") }),
    ]);
  });

  it('accepts current Apex and the valid classes, with no allow-list', () => {
    expect(errorsIn('CurrentApex')).toEqual([]);
    expect(errorsIn('Greeter')).toEqual([]);
    expect(errorsIn('GreeterTest')).toEqual([]);
  });
});
