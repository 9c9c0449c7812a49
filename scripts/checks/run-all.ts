import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command } from 'commander';
import { checkApexFormat } from './apex-format';
import { APEX_LS_PACKAGE, apexLsVersion, checkApexSemantics, standardLibraryApi } from './apex-semantics';
import { checkApexSyntax } from './apex-syntax';
import { checkConvert } from './convert';
import { type CheckOutcome, formatFinding, isError } from './finding';
import { shortRunJdkJavaOptions } from './java';
import { checkMetaPairs } from './meta-pairs';
import { checkMetadataLimits } from './metadata-limits';
import { findOAuthSecrets } from './no-oauth-secrets';
import { checkPmd } from './pmd';
import { TOOLS_ROOT, toolLabel } from './tool-versions';

type Check = {
  name: string;
  tool: () => string;
  run: (root: string) => Promise<CheckOutcome>;
  /** Runs in a second lane beside the others instead of after them (see runChecks). */
  alongside?: boolean;
};

export type CheckReport = {
  name: string;
  tool: string;
  ok: boolean;
  durationMs: number;
} & CheckOutcome;

const pmdVersion = (): string => {
  const jars = fs.readdirSync(path.join(TOOLS_ROOT, 'node_modules/@salesforce/code-analyzer-pmd-engine/dist/java-lib'));
  return /^pmd-core-(.+)\.jar$/.exec(jars.find((jar) => jar.startsWith('pmd-core-')) ?? '')?.[1] ?? 'unknown';
};

/** In this order: cheap structural checks first, then the parser every later tool relies on. */
export const CHECKS: Check[] = [
  {
    name: 'meta-pairs',
    tool: () => `scripts/checks/meta-pairs.ts (.forceignore via ${toolLabel('@salesforce/source-deploy-retrieve')})`,
    run: async (root) => ({ findings: checkMetaPairs(root) }),
  },
  {
    name: 'metadata-limits',
    tool: () => 'scripts/checks/metadata-limits.ts (limits and sources in metadata-limits-table.ts)',
    run: async (root) => checkMetadataLimits(root),
  },
  {
    name: 'apex-syntax',
    tool: () => toolLabel('@apexdevtools/apex-parser'),
    run: async (root) => ({ findings: checkApexSyntax(root) }),
  },
  {
    name: 'apex-format',
    tool: () => `${toolLabel('prettier')} + ${toolLabel('prettier-plugin-apex')}`,
    run: async (root) => ({ findings: await checkApexFormat(root) }),
  },
  {
    name: 'apex-semantics',
    tool: () =>
      `apex-ls ${apexLsVersion()} (Apex API ${standardLibraryApi()}, jars of ${toolLabel(APEX_LS_PACKAGE)}), Java 21+`,
    run: checkApexSemantics,
  },
  {
    name: 'pmd',
    tool: () =>
      `PMD ${pmdVersion()} via ${toolLabel('@salesforce/code-analyzer-core')} + ${toolLabel('@salesforce/code-analyzer-pmd-engine')}`,
    run: async (root) => ({ findings: await checkPmd(root) }),
    alongside: true,
  },
  {
    name: 'convert',
    tool: () => `sf project convert source, ${toolLabel('@salesforce/cli')}`,
    run: checkConvert,
  },
  {
    name: 'no-oauth-secrets',
    tool: () => 'scripts/checks/no-oauth-secrets.ts',
    run: async (root) => ({ findings: findOAuthSecrets(root) }),
  },
];

async function runCheck(check: Check, root: string): Promise<CheckReport> {
  const started = Date.now();
  let outcome: CheckOutcome;
  try {
    outcome = await check.run(root);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    outcome = { findings: [{ file: root, message: `the check itself failed: ${message}` }] };
  }
  return {
    name: check.name,
    tool: check.tool(),
    ok: !outcome.findings.some(isError),
    durationMs: Date.now() - started,
    ...outcome,
  };
}

async function runInSequence(checks: Check[], root: string): Promise<CheckReport[]> {
  const reports: CheckReport[] = [];
  for (const check of checks) reports.push(await runCheck(check, root));
  return reports;
}

/**
 * Two lanes for the two CI cores: PMD (two JVM runs, the slowest check) beside the others, which run in order.
 * Starting every tool at once was slower here: the JVMs, the CLI and prettier's native parser fight for the cores.
 * Reports come back in CHECKS order.
 */
export async function runChecks(root: string, only?: string[]): Promise<CheckReport[]> {
  const selected = only ? CHECKS.filter((check) => only.includes(check.name)) : CHECKS;
  const [alongside, inSequence] = await Promise.all([
    Promise.all(selected.filter((check) => check.alongside).map((check) => runCheck(check, root))),
    runInSequence(
      selected.filter((check) => !check.alongside),
      root,
    ),
  ]);
  const byName = new Map([...alongside, ...inSequence].map((report) => [report.name, report]));
  return selected.map((check) => byName.get(check.name) as CheckReport);
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

function printHuman(reports: CheckReport[], totalMs: number): void {
  for (const report of reports) {
    const errors = report.findings.filter(isError).length;
    const warnings = report.findings.length - errors;
    const counts = [errors && `${errors} error(s)`, warnings && `${warnings} warning(s)`].filter(Boolean).join(', ');
    console.log(
      `${report.ok ? 'PASS' : 'FAIL'}  ${report.name}  [${report.tool}]  ${seconds(report.durationMs)}${counts ? `  ${counts}` : ''}`,
    );
    for (const finding of report.findings) console.log(`      ${formatFinding(finding)}`);
    for (const note of report.notes ?? []) console.log(`      ${note}`);
  }
  const failed = reports.filter((report) => !report.ok).map((report) => report.name);
  console.log(
    failed.length === 0
      ? `lint:sf: all ${reports.length} checks passed in ${seconds(totalMs)}`
      : `lint:sf: ${failed.length} of ${reports.length} checks failed (${failed.join(', ')}) in ${seconds(totalMs)}`,
  );
}

async function main(): Promise<void> {
  const program = new Command()
    .name('lint:sf')
    .description(
      'Offline checks of the Salesforce source: meta pairs, metadata limits, Apex syntax/format/semantics, PMD, conversion',
    )
    .option('--root <dir>', 'project root holding sfdx-project.json', TOOLS_ROOT)
    .option('--only <checks>', `comma-separated subset of: ${CHECKS.map((check) => check.name).join(', ')}`)
    .option('--json', 'print one machine-readable JSON document')
    .parse();
  const options = program.opts<{ root: string; only?: string; json?: boolean }>();
  const root = path.resolve(options.root);
  const only = options.only?.split(',').map((name) => name.trim());
  const unknown = only?.filter((name) => !CHECKS.some((check) => check.name === name)) ?? [];
  if (unknown.length > 0) program.error(`unknown check(s): ${unknown.join(', ')}`);

  // Code Analyzer starts PMD's JVMs with this process's environment and takes no JVM options; lint:sf is a process
  // of its own, so this reaches only its own short JVM runs.
  process.env.JDK_JAVA_OPTIONS = shortRunJdkJavaOptions(process.env.JDK_JAVA_OPTIONS);
  const started = Date.now();
  const reports = await runChecks(root, only);
  const totalMs = Date.now() - started;
  const ok = reports.every((report) => report.ok);
  if (options.json) console.log(JSON.stringify({ ok, root, durationMs: totalMs, checks: reports }, null, 2));
  else printHuman(reports, totalMs);
  process.exitCode = ok ? 0 : 1;
}

if (require.main === module) {
  void main();
}
