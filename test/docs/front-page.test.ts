/**
 * README.md is a front page (what, the two commands, the real-org path, the commands, links) and every
 * depth lives in docs/: this keeps it short and keeps each relative link of the README and the docs
 * pointing at a file that exists, so moving a page cannot leave a dead link behind.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const ROOT = join(__dirname, '../..');
const MAX_README_LINES = 200;

/** Relative link targets of a Markdown text, without their #anchor; web and mail links are not files. */
export function relativeLinks(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1].split('#')[0])
    .filter((target) => target !== '' && !/^[a-z]+:/i.test(target));
}

function deadLinks(file: string): string[] {
  return relativeLinks(readFileSync(file, 'utf8')).filter((target) => !existsSync(join(dirname(file), target)));
}

const pages = [
  join(ROOT, 'README.md'),
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => join(ROOT, 'docs', name)),
];

describe('README.md and docs/', () => {
  it(`keeps README.md a front page of at most ${MAX_README_LINES} lines`, () => {
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n').length).toBeLessThanOrEqual(MAX_README_LINES);
  });

  it('links every docs page from README.md', () => {
    const linked = relativeLinks(readFileSync(join(ROOT, 'README.md'), 'utf8'));
    const unlinked = readdirSync(join(ROOT, 'docs'))
      .filter((name) => name.endsWith('.md'))
      .filter((name) => !linked.includes(`docs/${name}`));
    expect(unlinked).toEqual([]);
  });

  it.each(pages.map((page) => [page.slice(ROOT.length + 1), page]))('%s has no dead relative link', (_, page) => {
    expect(deadLinks(page)).toEqual([]);
  });

  it('finds a dead link and ignores web links and anchors', () => {
    expect(relativeLinks('[a](docs/x.md#y) [b](https://example.com) [c](#top) [d](../BENCHMARKS.md)')).toEqual([
      'docs/x.md',
      '../BENCHMARKS.md',
    ]);
    const folder = mkdtempSync(join(tmpdir(), 'links-'));
    writeFileSync(join(folder, 'here.md'), '');
    writeFileSync(join(folder, 'page.md'), '[ok](here.md) [gone](gone.md#part)');
    expect(deadLinks(join(folder, 'page.md'))).toEqual(['gone.md']);
  });
});
