import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OssError } from '../../../scripts/lib/errors';
import { firstInvalidUtf8Offset, readDotenvFile } from '../../../scripts/lib/dotenvFile';

describe('firstInvalidUtf8Offset', () => {
  it.each([
    ['ASCII', Buffer.from('A=1\n'), undefined],
    ['UTF-8 with accents and emoji', Buffer.from('A=café 🚀\n'), undefined],
    ['a Latin-1 é in the middle', Buffer.from([0x41, 0x3d, 0x63, 0xe9, 0x0a]), 3],
    ['a stray continuation byte first', Buffer.from([0x80, 0x41]), 0],
    ['a sequence cut off by the end', Buffer.from([0x41, 0xe2, 0x82]), 1],
  ])('%s', (_name, bytes, offset) => {
    expect(firstInvalidUtf8Offset(bytes)).toBe(offset);
  });
});

describe('readDotenvFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dotenv-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a UTF-8 file', () => {
    writeFileSync(join(dir, '.env'), 'SF_CLIENT_ID=café\n');
    expect(readDotenvFile(dir)).toEqual({ SF_CLIENT_ID: 'café' });
  });

  it('returns nothing when there is no .env', () => {
    expect(readDotenvFile(dir)).toEqual({});
  });

  it('refuses a Latin-1 file, naming the file, the byte and the fix, exit 2', () => {
    writeFileSync(join(dir, '.env'), Buffer.concat([Buffer.from('SF_CLIENT_ID=caf'), Buffer.from([0xe9])]));
    let error: unknown;
    try {
      readDotenvFile(dir);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(OssError);
    expect((error as OssError).code).toBe('DotenvEncodingError');
    expect((error as OssError).exitCode).toBe(2);
    expect((error as OssError).message).toContain(`.env in ${dir} is not UTF-8 (the byte at offset 16`);
    expect((error as OssError).actions[0]).toContain('Save .env as UTF-8');
  });
});
