import * as fs from 'node:fs';
import { CodeAnalyzer, CodeAnalyzerConfig, EventType, LogLevel, SeverityLevel } from '@salesforce/code-analyzer-core';
import type { LogEvent, Violation } from '@salesforce/code-analyzer-core';
import { createEnginePlugin } from '@salesforce/code-analyzer-pmd-engine';
import type { Finding } from './finding';
import { projectJava } from './java';
import { findUnjustifiedSuppressions } from './pmd-suppressions';
import { isApexSource, listSourceFiles, relativeToRoot } from './project-files';

// Recommended covers CRUD/FLS, SOQL injection, CSRF, XSS...; Security adds the AppExchange security review rules.
export const PMD_RULE_SELECTORS = ['pmd:Recommended', 'pmd:Security'];

/**
 * PMD ships OperationWithLimitsInLoop (SOQL, DML, callouts inside a loop) at severity 3; for a callback endpoint that
 * must survive bursts of events, a governor-limit breach is a failed callback, so it fails the check like CRUD does.
 */
const SEVERITY_OVERRIDES = {
  OperationWithLimitsInLoop: { severity: SeverityLevel.High },
};

const FAILING_SEVERITY = SeverityLevel.High; // 1 Critical and 2 High fail; 3 Moderate .. 5 Info are warnings.

function toFinding(root: string, violation: Violation): Finding {
  const location = violation.getPrimaryLocation();
  const file = location.getFile();
  const severity = violation.getRule().getSeverityLevel();
  return {
    file: file ? relativeToRoot(root, file) : '(no file)',
    line: location.getStartLine(),
    column: location.getStartColumn(),
    message: `${violation.getMessage().trim()} (PMD severity ${severity})`,
    rule: violation.getRule().getName(),
    severity: severity <= FAILING_SEVERITY ? 'error' : 'warning',
  };
}

function unjustifiedSuppressionFindings(root: string, files: string[]): Finding[] {
  return files.filter(isApexSource).flatMap((file) =>
    findUnjustifiedSuppressions(fs.readFileSync(file, 'utf8')).map((suppression) => ({
      file: relativeToRoot(root, file),
      line: suppression.line,
      column: suppression.column,
      message: `${suppression.marker} has no justification: say why in a comment on the line right above (or after the NOPMD marker)`,
      rule: 'unjustified-suppression',
    })),
  );
}

/** PMD through Salesforce Code Analyzer's own engine (the `sf code-analyzer` plugin cannot be installed here). */
export async function checkPmd(root: string): Promise<Finding[]> {
  const files = listSourceFiles(root);
  const suppressionFindings = unjustifiedSuppressionFindings(root, files);
  const lookup = await projectJava();
  if ('finding' in lookup) return [lookup.finding, ...suppressionFindings];
  if (files.length === 0) return suppressionFindings;

  // The Java the semantic check found, so that both checks run on the same, findable JDK. The plugin also brings the
  // copy-paste detector, which no selector here asks for: disabled, it no longer probes the `java` on PATH.
  const analyzer = new CodeAnalyzer(
    CodeAnalyzerConfig.fromObject(
      {
        rules: { pmd: SEVERITY_OVERRIDES },
        engines: { pmd: { java_command: lookup.java.command }, cpd: { disable_engine: true } },
      },
      root,
    ),
  );
  const engineErrors: Finding[] = [];
  analyzer.onEvent(EventType.LogEvent, (event: LogEvent) => {
    if (event.logLevel === LogLevel.Error)
      engineErrors.push({ file: 'pmd', message: event.message.trim(), rule: 'pmd-engine' });
  });
  await analyzer.addEnginePlugin(createEnginePlugin());
  const workspace = await analyzer.createWorkspace(files);
  const selection = await analyzer.selectRules(PMD_RULE_SELECTORS, { workspace });
  const results = await analyzer.run(selection, { workspace });
  const violations = results.getViolations().map((violation) => toFinding(root, violation));
  return [...engineErrors, ...violations, ...suppressionFindings];
}
