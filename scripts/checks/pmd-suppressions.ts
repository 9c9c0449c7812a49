export type UnjustifiedSuppression = { line: number; column: number; marker: string };

const SUPPRESS_WARNINGS = /@SuppressWarnings\s*\(\s*'([^']*)'/gi;
// Markers written inside a line comment: PMD's NOPMD and Code Analyzer's own inline suppression.
const LINE_MARKER = /\/\/\s*(NOPMD|code-analyzer-suppress(?:\([^)]*\))?)(.*)$/i;
const MIN_REASON_WORDS = 3;

const hasReason = (text: string): boolean =>
  text
    .replace(/[/*\-:]/g, ' ')
    .split(/\s+/)
    .filter((word) => /\w/.test(word)).length >= MIN_REASON_WORDS;

/**
 * The comment that ends right above `lineIndex`: consecutive `//` lines, or a `/* ... *\/` block (ApexDoc
 * included: a class-level "why system mode" paragraph is a justification). Blank lines break the link.
 */
function commentAbove(lines: string[], lineIndex: number): string | undefined {
  let index = lineIndex - 1;
  // Other annotations stacked between the comment and the suppression (@IsTest, @TestVisible) do not break the link.
  while (index >= 0 && lines[index].trim().startsWith('@')) index -= 1;
  if (index < 0) return undefined;
  const lastLine = lines[index].trim();
  if (lastLine.startsWith('//')) {
    const comment: string[] = [];
    while (index >= 0 && lines[index].trim().startsWith('//')) comment.unshift(lines[index--].trim());
    return comment.join(' ');
  }
  if (!lastLine.endsWith('*/')) return undefined;
  const block: string[] = [];
  while (index >= 0) {
    const line = lines[index--].trim();
    block.unshift(line);
    if (line.startsWith('/*')) return block.join(' ');
  }
  return undefined;
}

/**
 * PMD suppressions that no one explained. A suppression is justified by a comment right above it, or for a
 * line marker (`// NOPMD`, `// code-analyzer-suppress`) also by the reason written after the marker.
 */
export function findUnjustifiedSuppressions(source: string): UnjustifiedSuppression[] {
  const lines = source.split(/\r?\n/);
  return lines.flatMap((line, index): UnjustifiedSuppression[] => {
    const justifiedAbove = (): boolean => hasReason(commentAbove(lines, index) ?? '');
    const found: UnjustifiedSuppression[] = [];
    for (const match of line.matchAll(SUPPRESS_WARNINGS)) {
      if (/\bPMD\b/i.test(match[1]) && !justifiedAbove()) {
        found.push({ line: index + 1, column: (match.index ?? 0) + 1, marker: `@SuppressWarnings('${match[1]}')` });
      }
    }
    const marker = LINE_MARKER.exec(line);
    if (marker && !hasReason(marker[2]) && !justifiedAbove()) {
      found.push({ line: index + 1, column: marker.index + 1, marker: `// ${marker[1]}` });
    }
    return found;
  });
}
