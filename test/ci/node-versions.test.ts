import * as path from 'node:path';
import { findNodeVersionProblems, readNodeVersionSettings, supportedMajors } from '../../scripts/checks/node-versions';

const ROOT = path.join(__dirname, '..', '..');
const AGREED = { nvmrc: '24\n', engines: '^22.13.0 || ^24.0.0', typesNode: '22.20.7' };

describe('the Node versions of this repository', () => {
  it('agree: .nvmrc inside engines, @types/node on the lowest supported major, and Node 20 gone', () => {
    const settings = readNodeVersionSettings(ROOT);

    expect(findNodeVersionProblems(settings)).toEqual([]);
    expect(supportedMajors(settings.engines)).not.toContain(20);
  });
});

describe('findNodeVersionProblems', () => {
  it('accepts settings that agree', () => {
    expect(findNodeVersionProblems(AGREED)).toEqual([]);
    expect(supportedMajors(AGREED.engines)).toEqual([22, 24]);
  });

  it.each([
    ['.nvmrc on a Node engines does not promise', { nvmrc: '20\n' }, '.nvmrc says "20"'],
    ['.nvmrc with a full version instead of a major', { nvmrc: '24.1.0' }, '.nvmrc says "24.1.0"'],
    ['@types/node newer than the lowest supported Node', { typesNode: '24.0.1' }, '@types/node 24.0.1'],
    [
      '@types/node older than the lowest supported Node',
      { typesNode: '20.19.25' },
      'lowest supported Node major (22.x)',
    ],
    ['an open-ended engines range', { engines: '>=22.13.0' }, 'one ^MAJOR.MINOR.PATCH range per supported'],
  ])('flags %s', (_label, change, expected) => {
    expect(findNodeVersionProblems({ ...AGREED, ...change })).toEqual([expect.stringContaining(expected)]);
  });
});
