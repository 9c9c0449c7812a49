/**
 * The troubleshooting page's table (docs/troubleshooting.md) is the code's table
 * (scripts/lib/messages/troubleshooting.ts) in Markdown: this fails when they disagree, and prints the table to paste. Cells are compared after
 * trimming, so prettier's column alignment does not matter.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TROUBLESHOOTING } from '../../scripts/lib/messages/troubleshooting';
import { troubleshootingMarkdown } from '../helpers/troubleshootingMarkdown';

const PAGE = join(__dirname, '../../docs/troubleshooting.md');
const BEGIN = '<!-- troubleshooting-table:begin (generated from scripts/lib/messages/troubleshooting.ts) -->';
const END = '<!-- troubleshooting-table:end -->';

/** Rows of cells, without the separator row; `\|` stays inside its cell. */
function cells(table: string): string[][] {
  return table
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('|') && !/^\|[\s:|-]+\|$/.test(line))
    .map((line) =>
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim()),
    );
}

function pageTable(page: string): string | undefined {
  const begin = page.indexOf(BEGIN);
  const end = page.indexOf(END);
  return begin < 0 || end < begin ? undefined : page.slice(begin + BEGIN.length, end).trim();
}

describe('the troubleshooting table of docs/troubleshooting.md', () => {
  it('is the table the code uses', () => {
    const expected = troubleshootingMarkdown(TROUBLESHOOTING);
    const actual = pageTable(readFileSync(PAGE, 'utf8')) ?? '';
    if (JSON.stringify(cells(actual)) !== JSON.stringify(cells(expected))) {
      throw new Error(
        `docs/troubleshooting.md's troubleshooting table differs from the code; put this between the markers:\n\n${expected}\n`,
      );
    }
  });

  it('notices a row that changed, went missing or was added, but not alignment', () => {
    const table = troubleshootingMarkdown(TROUBLESHOOTING);
    const changed = TROUBLESHOOTING.map((row, index) => (index === 0 ? { ...row, fix: ['Something else.'] } : row));
    expect(cells(troubleshootingMarkdown(changed))).not.toEqual(cells(table));
    expect(cells(troubleshootingMarkdown(TROUBLESHOOTING.slice(1)))).not.toEqual(cells(table));
    expect(cells(troubleshootingMarkdown([...TROUBLESHOOTING, TROUBLESHOOTING[0]]))).not.toEqual(cells(table));
    expect(cells(table.replace(/ \| /g, '   |   '))).toEqual(cells(table));
    expect(cells(table).length).toBe(TROUBLESHOOTING.length + 1);
    expect(pageTable(`${BEGIN}\n${table}\n${END}`)).toBe(table);
    expect(pageTable('no markers here')).toBeUndefined();
  });
});
