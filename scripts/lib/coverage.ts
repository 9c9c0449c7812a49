/**
 * The Apex code coverage gate: which of the project's classes and triggers fall below a minimum line
 * coverage in the report that `sf apex run test --code-coverage --result-format json --output-dir <dir>`
 * writes. The sf CLI has no threshold flag (see ../shared/reference/peers.md C.3), and its org-wide or
 * test-run percentages would let a well-tested class hide an untested one, so the gate judges each class.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { OssError } from './errors';
import { createError } from './messages';
import { coverageMessages } from './messages/coverage';

export const DEFAULT_COVERAGE_REPORT = path.join('test-results', 'test-result-codecoverage.json');

export type ApexKind = 'class' | 'trigger';

/** What a source file is, as far as coverage goes: only `code` is measured. */
export type ApexSourceRole = 'code' | 'test' | 'interface' | 'enum' | 'declarations';

/** One class or trigger as the coverage report counts it. */
export interface CoveredUnit {
  name: string;
  /** Unknown when the report entry has no recognisable record id. */
  kind?: ApexKind;
  coveredLines: number;
  totalLines: number;
}

export interface ApexSource {
  name: string;
  kind: ApexKind;
  role: ApexSourceRole;
  path: string;
}

export type CoverageStatus = 'pass' | 'below' | 'missing' | 'no-lines';

export interface CoverageRow {
  name: string;
  kind: ApexKind;
  path: string;
  coveredLines: number;
  totalLines: number;
  /** Exact line coverage in percent; null when there is nothing to measure. */
  percent: number | null;
  status: CoverageStatus;
}

export interface CoverageEvaluation {
  minimum: number;
  passed: boolean;
  rows: CoverageRow[];
  /** Names of the rows that fail the gate. */
  failing: string[];
  /** Lines over all measured project classes and triggers, for the summary line. */
  total: { coveredLines: number; totalLines: number; percent: number | null };
  /** Project sources that are not measured, and why. */
  ignored: { name: string; role: ApexSourceRole }[];
  /** Report entries that are not project sources (e.g. from installed packages). */
  outsideProject: string[];
}

/**
 * One entry of `test-result-codecoverage.json` as @salesforce/plugin-apex 3.9 writes it
 * (lib/reporters/jsonReporter.js, `formatCoverage`): `{id, name, totalLines, lines, totalCovered,
 * coveredPercent}`. `coveredPercent` is apex-node's rounded percentage (89.5 reads as 90), so the gate
 * recomputes from the line counts instead of trusting it.
 */
const reportEntrySchema = z
  .object({
    id: z.string().optional(),
    name: z.string().min(1),
    totalLines: z.number().int().nonnegative(),
    totalCovered: z.number().int().nonnegative(),
  })
  .passthrough();

const reportSchema = z.array(reportEntrySchema);

/** Salesforce record id key prefixes: ApexClass and ApexTrigger. */
const KIND_BY_ID_PREFIX: Readonly<Record<string, ApexKind>> = { '01p': 'class', '01q': 'trigger' };

/**
 * Parses the report text. Names are matched without a namespace prefix: apex-node reports
 * `ApexClassOrTrigger.Name`, which carries none as far as its source shows, but a `ns.Name` form is
 * accepted too (unconfirmed against a namespaced org) so either answer matches the project's files.
 */
export function parseCoverageReport(text: string, file: string): CoveredUnit[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw createError(coverageMessages.reportUnreadable, [file, `not JSON (${(error as Error).message})`]);
  }
  const parsed = reportSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    const expected = 'an array of {name, totalLines, totalCovered} per class';
    throw createError(coverageMessages.reportUnreadable, [file, `${issue.message}${where}; expected ${expected}`]);
  }
  return parsed.data.map((entry) => ({
    name: entry.name.slice(entry.name.lastIndexOf('.') + 1),
    kind: entry.id ? KIND_BY_ID_PREFIX[entry.id.slice(0, 3)] : undefined,
    coveredLines: entry.totalCovered,
    totalLines: entry.totalLines,
  }));
}

/** Reads and parses the report; a missing file says which command produces it. */
export function readCoverageReport(file: string): CoveredUnit[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw createError(coverageMessages.reportNotFound, [file], { actionArgs: [path.dirname(file)] });
    }
    throw createError(coverageMessages.reportUnreadable, [file, (error as Error).message], { cause: error });
  }
  return parseCoverageReport(text, file);
}

/** Blanks comments and string literals so that keywords inside them are not mistaken for code. */
function stripCommentsAndStrings(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|'(?:\\.|[^'\\\n])*'/g, (match) =>
    match.startsWith("'") ? "''" : ' ',
  );
}

/**
 * Tells test classes, interfaces and enums (never in a coverage report) from code that must be covered.
 * The first `class|interface|enum` keyword outside comments and strings is the top-level declaration,
 * and annotations before it are the class's own. A class whose body has no parenthesis and no `=` holds
 * only field declarations: no executable lines, so Salesforce has nothing to report for it (unconfirmed
 * whether such a class is absent from the report or listed with 0 lines; the gate accepts both).
 */
export function classifyApexClass(source: string): ApexSourceRole {
  const code = stripCommentsAndStrings(source);
  const declaration = /\b(class|interface|enum)\b/i.exec(code);
  if (!declaration) {
    return 'code';
  }
  if (/@istest\b/i.test(code.slice(0, declaration.index))) {
    return 'test';
  }
  const keyword = declaration[1].toLowerCase();
  if (keyword === 'interface' || keyword === 'enum') {
    return keyword;
  }
  const body = code.slice(declaration.index).replace(/@\w+(\s*\([^)]*\))?/g, ' ');
  return /[(=]/.test(body) ? 'code' : 'declarations';
}

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full) : [full];
  });
}

/** Every `.cls` and `.trigger` file under the folders, classified. */
export function listApexSources(dirs: readonly string[]): ApexSource[] {
  return dirs.flatMap((dir) => {
    if (!fs.existsSync(dir)) {
      throw createError(coverageMessages.sourceDirNotFound, [dir]);
    }
    return listFiles(dir).flatMap((file): ApexSource[] => {
      const extension = path.extname(file);
      const name = path.basename(file, extension);
      if (extension === '.trigger') {
        return [{ name, kind: 'trigger', role: 'code', path: file }];
      }
      if (extension === '.cls') {
        return [{ name, kind: 'class', role: classifyApexClass(fs.readFileSync(file, 'utf8')), path: file }];
      }
      return [];
    });
  });
}

/** The package directories of `sfdx-project.json`: where the project's Apex lives. */
export function projectSourceDirs(projectRoot: string): string[] {
  const projectFile = path.join(projectRoot, 'sfdx-project.json');
  if (!fs.existsSync(projectFile)) {
    throw createError(coverageMessages.projectNotFound, [projectRoot]);
  }
  const project = JSON.parse(fs.readFileSync(projectFile, 'utf8')) as { packageDirectories?: { path: string }[] };
  return (project.packageDirectories ?? []).map((directory) => path.join(projectRoot, directory.path));
}

function percentOf(coveredLines: number, totalLines: number): number | null {
  return totalLines === 0 ? null : (coveredLines / totalLines) * 100;
}

function unitKey(name: string, kind: ApexKind): string {
  // Apex names are case-insensitive.
  return `${kind}:${name.toLowerCase()}`;
}

function findUnit(units: readonly CoveredUnit[], source: ApexSource): CoveredUnit | undefined {
  const key = unitKey(source.name, source.kind);
  return units.find((unit) =>
    unit.kind ? unitKey(unit.name, unit.kind) === key : unit.name.toLowerCase() === source.name.toLowerCase(),
  );
}

function rowFor(source: ApexSource, unit: CoveredUnit | undefined, minimum: number): CoverageRow | undefined {
  if (!unit) {
    // A field-only class has no lines to run; anything else absent from the report was run by no test.
    return source.role === 'declarations'
      ? undefined
      : {
          name: source.name,
          kind: source.kind,
          path: source.path,
          coveredLines: 0,
          totalLines: 0,
          percent: 0,
          status: 'missing',
        };
  }
  const percent = percentOf(unit.coveredLines, unit.totalLines);
  // Compare in whole lines, not rounded percentages, so 179 of 200 lines (89.5%) fails a 90% gate.
  const status: CoverageStatus =
    percent === null ? 'no-lines' : unit.coveredLines * 100 >= minimum * unit.totalLines ? 'pass' : 'below';
  return {
    name: source.name,
    kind: source.kind,
    path: source.path,
    coveredLines: unit.coveredLines,
    totalLines: unit.totalLines,
    percent,
    status,
  };
}

/** Judges every measurable project class and trigger against `minimum` percent line coverage. */
export function evaluateCoverage(
  units: readonly CoveredUnit[],
  sources: readonly ApexSource[],
  minimum: number,
): CoverageEvaluation {
  const measured = sources.filter((source) => source.role === 'code' || source.role === 'declarations');
  const rows = measured
    .map((source) => rowFor(source, findUnit(units, source), minimum))
    .filter((row): row is CoverageRow => row !== undefined)
    .sort((a, b) => a.name.localeCompare(b.name));
  const ignored = sources
    .filter((source) => !rows.some((row) => row.path === source.path))
    .map((source) => ({ name: source.name, role: source.role }));
  const outsideProject = units
    .filter((unit) => !sources.some((source) => findUnit([unit], source)))
    .map((unit) => unit.name);
  const failing = rows.filter((row) => row.status === 'below' || row.status === 'missing').map((row) => row.name);
  const coveredLines = rows.reduce((sum, row) => sum + row.coveredLines, 0);
  const totalLines = rows.reduce((sum, row) => sum + row.totalLines, 0);
  return {
    minimum,
    passed: failing.length === 0,
    rows,
    failing,
    total: { coveredLines, totalLines, percent: percentOf(coveredLines, totalLines) },
    ignored,
    outsideProject,
  };
}

/** Rejects a minimum that is not a percentage. */
export function parseMinimum(text: string): number {
  const minimum = Number(text);
  if (text.trim() === '' || !Number.isFinite(minimum) || minimum < 0 || minimum > 100) {
    throw createError(coverageMessages.invalidMinimum, [text]);
  }
  return minimum;
}

/** The gate's verdict as an error carrying the evaluation (for `--json`). */
export function coverageFailure(evaluation: CoverageEvaluation): OssError {
  return createError(
    coverageMessages.belowThreshold,
    [evaluation.failing.length, evaluation.rows.length, evaluation.minimum, evaluation.failing.join(', ')],
    { data: evaluation },
  );
}
