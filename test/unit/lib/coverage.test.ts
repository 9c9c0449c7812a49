import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  ApexSource,
  classifyApexClass,
  coverageFailure,
  CoveredUnit,
  evaluateCoverage,
  listApexSources,
  parseCoverageReport,
  parseMinimum,
  projectSourceDirs,
  readCoverageReport,
} from '../../../scripts/lib/coverage';
import { OssError } from '../../../scripts/lib/errors';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'apex-coverage');
const ABOVE = path.join(FIXTURES, 'above-threshold.json');
const BELOW = path.join(FIXTURES, 'below-threshold.json');

function thrown(action: () => unknown): OssError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(OssError);
    return error as OssError;
  }
  throw new Error('expected an OssError, nothing was thrown');
}

function source(name: string, kind: ApexSource['kind'] = 'class', role: ApexSource['role'] = 'code'): ApexSource {
  return { name, kind, role, path: `force-app/main/default/${kind === 'class' ? 'classes' : 'triggers'}/${name}` };
}

/** The project the fixtures describe: two classes and a trigger, plus what the gate must not measure. */
const PROJECT: ApexSource[] = [
  source('OssCallbackResource'),
  source('OssCallbackService'),
  source('OssCallbackEventTrigger', 'trigger'),
  source('OssCallbackResourceTest', 'class', 'test'),
  source('OssCallbackHandler', 'class', 'interface'),
];

describe('parseCoverageReport', () => {
  it('reads the sf CLI report: names, line counts and class or trigger from the record id', () => {
    const units = parseCoverageReport(fs.readFileSync(ABOVE, 'utf8'), ABOVE);
    expect(units).toEqual([
      { name: 'OssCallbackResource', kind: 'class', coveredLines: 19, totalLines: 20 },
      { name: 'OssCallbackService', kind: 'class', coveredLines: 27, totalLines: 30 },
      { name: 'OssCallbackEventTrigger', kind: 'trigger', coveredLines: 4, totalLines: 4 },
    ]);
  });

  it('drops a namespace prefix so the name matches the source file', () => {
    const text = JSON.stringify([
      { id: '01p000000000001AAA', name: 'oss.OssCallbackResource', totalLines: 2, totalCovered: 1 },
    ]);
    expect(parseCoverageReport(text, 'r.json')[0].name).toBe('OssCallbackResource');
  });

  it('rejects text that is not JSON, naming the file', () => {
    const error = thrown(() => parseCoverageReport('{"oops"', 'test-results/x.json'));
    expect(error.code).toBe('CoverageReportInvalidError');
    expect(error.message).toContain('test-results/x.json');
    expect(error.message).toContain('not JSON');
  });

  it("rejects apex-node's per-test-method file, which is not the per-class report", () => {
    const perTest = JSON.stringify([[{ ApexClassOrTrigger: { Name: 'A' }, NumLinesCovered: 1, NumLinesUncovered: 0 }]]);
    const error = thrown(() => parseCoverageReport(perTest, 'test-result-707-codecoverage.json'));
    expect(error.code).toBe('CoverageReportInvalidError');
    expect(error.message).toContain('expected an array of {name, totalLines, totalCovered} per class');
  });
});

describe('readCoverageReport', () => {
  it('says which file is missing and which command produces it', () => {
    const missing = path.join('test-results', 'test-result-codecoverage.json');
    const error = thrown(() => readCoverageReport(missing));
    expect(error.code).toBe('CoverageReportNotFoundError');
    expect(error.message).toBe(`No code coverage report at ${missing}.`);
    expect(error.actions[0]).toBe(
      'Produce it with: sf apex run test --code-coverage --result-format json --output-dir test-results --wait 20 --target-org <alias>',
    );
  });
});

describe('classifyApexClass', () => {
  it.each([
    ['@IsTest\nprivate class ResourceTest { @IsTest static void ok() { System.assert(true); } }', 'test'],
    ['@isTest(SeeAllData=false) private class T {}', 'test'],
    ['public interface OssCallbackHandler { void handle(Object e); }', 'interface'],
    ['public enum Outcome { STORED, DUPLICATE }', 'enum'],
    ['public class Payload { public String name; public String packageId { get; set; } }', 'declarations'],
    ['public with sharing class OssCallbackException extends Exception { public static void x() {} }', 'code'],
    ['public class Config { public static final Integer LIMIT_BYTES = 5; }', 'code'],
  ])('classifies %j as %s', (text, role) => {
    expect(classifyApexClass(text)).toBe(role);
  });

  it('is not fooled by keywords and annotations in comments and strings', () => {
    const text = [
      '/** An @IsTest helper? No: the interface of the class below. */',
      "@RestResource(urlMapping='/OSS/enum/class')",
      '// @isTest',
      'global with sharing class OssCallbackResource { @HttpPost global static void post() {} }',
    ].join('\n');
    expect(classifyApexClass(text)).toBe('code');
  });
});

describe('evaluateCoverage', () => {
  const above = (): CoveredUnit[] => readCoverageReport(ABOVE);
  const below = (): CoveredUnit[] => readCoverageReport(BELOW);

  it('passes when every project class and trigger reaches the minimum (90% exactly included)', () => {
    const evaluation = evaluateCoverage(above(), PROJECT, 90);
    expect(evaluation.passed).toBe(true);
    expect(evaluation.failing).toEqual([]);
    expect(evaluation.rows.map((row) => [row.name, row.status, row.percent])).toEqual([
      ['OssCallbackEventTrigger', 'pass', 100],
      ['OssCallbackResource', 'pass', 95],
      ['OssCallbackService', 'pass', 90],
    ]);
    expect(evaluation.total).toEqual({ coveredLines: 50, totalLines: 54, percent: (50 / 54) * 100 });
    expect(evaluation.ignored).toEqual([
      { name: 'OssCallbackResourceTest', role: 'test' },
      { name: 'OssCallbackHandler', role: 'interface' },
    ]);
  });

  it('fails 179 of 200 lines (89.5%) although the report rounds it to 90', () => {
    const report = JSON.parse(fs.readFileSync(BELOW, 'utf8')) as { name: string; coveredPercent: number }[];
    expect(report.find((entry) => entry.name === 'OssCallbackService')?.coveredPercent).toBe(90);
    const evaluation = evaluateCoverage(below(), PROJECT, 90);
    expect(evaluation.passed).toBe(false);
    expect(evaluation.failing).toEqual(['OssCallbackService']);
    expect(evaluation.rows.find((row) => row.name === 'OssCallbackService')).toMatchObject({
      status: 'below',
      coveredLines: 179,
      totalLines: 200,
      percent: 89.5,
    });
  });

  it('passes the same report against a lower minimum', () => {
    expect(evaluateCoverage(below(), PROJECT, 89.5).passed).toBe(true);
  });

  it('fails a project class that no test ran (absent from the report)', () => {
    const evaluation = evaluateCoverage(above(), [...PROJECT, source('OssCallbackReplay')], 90);
    expect(evaluation.failing).toEqual(['OssCallbackReplay']);
    expect(evaluation.rows.find((row) => row.name === 'OssCallbackReplay')?.status).toBe('missing');
  });

  it('accepts a field-only class whether it is absent or listed with 0 lines', () => {
    const dto = source('OssCallbackPayload', 'class', 'declarations');
    expect(evaluateCoverage(above(), [...PROJECT, dto], 90).passed).toBe(true);
    const listed: CoveredUnit[] = [
      ...above(),
      { name: 'OssCallbackPayload', kind: 'class', coveredLines: 0, totalLines: 0 },
    ];
    const evaluation = evaluateCoverage(listed, [...PROJECT, dto], 90);
    expect(evaluation.passed).toBe(true);
    expect(evaluation.rows.find((row) => row.name === 'OssCallbackPayload')?.status).toBe('no-lines');
  });

  it('does not let a class and a trigger of the same name stand in for each other', () => {
    const units: CoveredUnit[] = [{ name: 'Sync', kind: 'trigger', coveredLines: 10, totalLines: 10 }];
    const evaluation = evaluateCoverage(units, [source('Sync', 'class')], 90);
    expect(evaluation.failing).toEqual(['Sync']);
    expect(evaluation.outsideProject).toEqual(['Sync']);
  });

  it('ignores classes from outside the project, and lists them', () => {
    const units: CoveredUnit[] = [
      ...above(),
      { name: 'fflib_SObjectDomain', kind: 'class', coveredLines: 0, totalLines: 50 },
    ];
    const evaluation = evaluateCoverage(units, PROJECT, 90);
    expect(evaluation.passed).toBe(true);
    expect(evaluation.outsideProject).toEqual(['fflib_SObjectDomain']);
  });

  it('turns a failed evaluation into an error that names the classes and carries the rows', () => {
    const evaluation = evaluateCoverage(below(), PROJECT, 90);
    const error = coverageFailure(evaluation);
    expect(error.code).toBe('CoverageBelowThresholdError');
    expect(error.exitCode).toBe(1);
    expect(error.message).toBe('1 of 3 project classes and triggers are below 90% line coverage: OssCallbackService.');
    expect(error.data).toBe(evaluation);
  });
});

describe('parseMinimum', () => {
  it('accepts percentages', () => {
    expect(parseMinimum('90')).toBe(90);
    expect(parseMinimum('0')).toBe(0);
    expect(parseMinimum('100')).toBe(100);
  });

  it.each(['', 'ninety', '101', '-1', 'NaN'])('rejects %j with a flag error', (text) => {
    const error = thrown(() => parseMinimum(text));
    expect(error.code).toBe('InvalidMinimumError');
    expect(error.exitCode).toBe(2);
  });
});

describe('project sources', () => {
  let root: string;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'coverage-gate-'));
    const classes = path.join(root, 'force-app', 'main', 'default', 'classes');
    const triggers = path.join(root, 'force-app', 'main', 'default', 'triggers');
    fs.mkdirSync(classes, { recursive: true });
    fs.mkdirSync(triggers, { recursive: true });
    fs.writeFileSync(path.join(classes, 'OssCallbackService.cls'), 'public class OssCallbackService { void a() {} }');
    fs.writeFileSync(path.join(classes, 'OssCallbackService.cls-meta.xml'), '<ApexClass/>');
    fs.writeFileSync(
      path.join(classes, 'OssCallbackServiceTest.cls'),
      '@IsTest private class OssCallbackServiceTest {}',
    );
    fs.writeFileSync(
      path.join(triggers, 'OssCallbackEventTrigger.trigger'),
      'trigger OssCallbackEventTrigger on Account (after insert) {}',
    );
    fs.writeFileSync(
      path.join(root, 'sfdx-project.json'),
      JSON.stringify({ packageDirectories: [{ path: 'force-app' }] }),
    );
  });

  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('lists .cls and .trigger files with their role, skipping metadata files', () => {
    const sources = listApexSources(projectSourceDirs(root));
    expect(
      sources.map(({ name, kind, role }) => ({ name, kind, role })).sort((a, b) => a.name.localeCompare(b.name)),
    ).toEqual([
      { name: 'OssCallbackEventTrigger', kind: 'trigger', role: 'code' },
      { name: 'OssCallbackService', kind: 'class', role: 'code' },
      { name: 'OssCallbackServiceTest', kind: 'class', role: 'test' },
    ]);
  });

  it('names a source folder that does not exist', () => {
    const error = thrown(() => listApexSources([path.join(root, 'src')]));
    expect(error.code).toBe('ApexSourceNotFoundError');
    expect(error.message).toContain(path.join(root, 'src'));
  });

  it('needs sfdx-project.json when no folder is given', () => {
    fs.rmSync(path.join(root, 'sfdx-project.json'));
    expect(thrown(() => projectSourceDirs(root)).code).toBe('ProjectNotFoundError');
  });
});
