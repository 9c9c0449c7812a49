/**
 * The troubleshooting table of scripts/lib/messages/troubleshooting.ts as README Markdown: one row per
 * entry with the error as seen, where it shows, cause, fix, and the ids doctor and the errors carry.
 */
import { TroubleshootingRow } from '../../scripts/lib/messages/troubleshooting';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function errorCell(row: TroubleshootingRow): string {
  const code = row.step === 'key' ? row.error : `\`${row.error}\``;
  return row.description ? `${code}: ${row.description.source}` : code;
}

const STEPS = { token: 'token request', probe: 'callback URL', key: 'callback key' } as const;

export function troubleshootingMarkdown(rows: readonly TroubleshootingRow[]): string {
  const lines = [
    '| Error | Where | Cause | Fix | doctor / error code |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map(
      (row) =>
        `| ${cell(errorCell(row))} | ${STEPS[row.step]} | ${cell(row.cause)} | ${cell(row.fix.join(' '))} | \`${row.id}\` / \`${row.code}\` |`,
    ),
  ];
  return lines.join('\n');
}
