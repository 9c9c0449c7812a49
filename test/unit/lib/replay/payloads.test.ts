import { Readable } from 'node:stream';
import {
  InvalidPayload,
  invalidUtf8Offset,
  isPayload,
  MAX_FILE_BYTES,
  parsePayloads,
  Payload,
  readPayloadSources,
  receiverMaxBodyLength,
} from '../../../../scripts/lib/replay/payloads';

const EVENT = { name: 'PACKAGE_COMPLETE', packageId: 'LWsU=', createdDate: '2026-01-01T00:00:00.000Z' };
const parse = (text: string | Buffer, max = 1000) =>
  parsePayloads({ name: 'mail.json', bytes: Buffer.isBuffer(text) ? text : Buffer.from(text) }, max);
const problem = (text: string | Buffer, max?: number) => {
  const [entry] = parse(text, max);
  expect(isPayload(entry)).toBe(false);
  return entry as InvalidPayload;
};

describe('parsePayloads', () => {
  it('takes one event object as it is, with its name and package', () => {
    const text = JSON.stringify(EVENT, null, 2);
    expect(parse(text)).toEqual([
      { label: 'mail.json', source: 'mail.json', index: 0, name: 'PACKAGE_COMPLETE', packageId: 'LWsU=', body: text },
    ]);
  });

  it('takes a JSON array, labelling each entry with its index', () => {
    const entries = parse(JSON.stringify([EVENT, { ...EVENT, name: 'PACKAGE_CREATE' }]));
    expect(entries.map((entry) => entry.label)).toEqual(['mail.json[0]', 'mail.json[1]']);
    expect((entries[1] as Payload).body).toBe(JSON.stringify({ ...EVENT, name: 'PACKAGE_CREATE' }));
  });

  it('ignores a UTF-8 byte-order mark', () => {
    expect(isPayload(parse(`\uFEFF${JSON.stringify(EVENT)}`)[0])).toBe(true);
  });

  it.each([
    ['an empty file', '  \n', 'empty', 'mail.json is empty'],
    ['text that is not JSON', 'Dear sender, {"name":', 'notJson', 'mail.json is not JSON'],
    ['an empty array', '[]', 'emptyArray', 'mail.json is an empty JSON array'],
    ['a string', '"PACKAGE_COMPLETE"', 'notObject', 'mail.json is JSON a string, not an object'],
    ['an event without name', '{"packageId":"x"}', 'missingName', 'mail.json has no "name"'],
    ['a blank name', '{"name":"  "}', 'missingName', 'mail.json has no "name"'],
  ])('refuses %s', (_what, text, code, message) => {
    expect(problem(text)).toMatchObject({ code, label: 'mail.json' });
    expect(problem(text).message).toContain(message);
  });

  it('names the index of a bad entry in an array', () => {
    const entries = parse(JSON.stringify([EVENT, null]));
    expect(isPayload(entries[0])).toBe(true);
    expect(entries[1]).toMatchObject({ code: 'notObject', label: 'mail.json[1]', index: 1 });
    expect((entries[1] as InvalidPayload).message).toBe(
      'mail.json[1] is JSON null, not an object; each payload is one event object such as {"name":"PACKAGE_COMPLETE",...}',
    );
  });

  it('refuses a payload longer than the receiver accepts, and a huge file before parsing it', () => {
    const big = JSON.stringify({ ...EVENT, message: 'x'.repeat(1000) });
    expect(problem(big, 1000)).toMatchObject({ code: 'tooLarge' });
    expect(problem(big, 1000).message).toContain(`has ${big.length} characters; the receiver accepts at most 1000`);
    expect(problem(Buffer.alloc(MAX_FILE_BYTES + 1, 0x20))).toMatchObject({ code: 'tooLargeFile' });
  });

  it('refuses bytes that are not UTF-8, naming the offset', () => {
    const bytes = Buffer.concat([
      Buffer.from('{"name":"PACKAGE_COMPLETE","message":"'),
      Buffer.from([0xe9]),
      Buffer.from('"}'),
    ]);
    expect(problem(bytes)).toMatchObject({ code: 'notUtf8' });
    expect(problem(bytes).message).toContain('invalid byte at offset 38');
  });

  it('reports a file that could not be read', () => {
    expect(parsePayloads({ name: 'gone.json', readError: 'ENOENT' }, 1000)[0]).toMatchObject({
      code: 'unreadable',
      message: 'gone.json cannot be read (ENOENT)',
    });
  });

  it('reads the limit from the receiver contract', () => {
    expect(receiverMaxBodyLength()).toBe(131072);
  });
});

describe('readPayloadSources', () => {
  it('reads "-" from standard input and names files that cannot be read', async () => {
    const sources = await readPayloadSources(
      ['-', '/nonexistent/payload.json'],
      Readable.from([Buffer.from('{"name":"A"}')]),
    );
    expect(sources[0]).toEqual({ name: '-', bytes: Buffer.from('{"name":"A"}') });
    expect(sources[1]).toEqual({ name: '/nonexistent/payload.json', readError: 'ENOENT' });
    expect(parsePayloads(sources[0], 1000)[0]).toMatchObject({ label: 'standard input', name: 'A' });
  });
});

describe('invalidUtf8Offset', () => {
  it.each([
    ['valid text with multi-byte characters', Buffer.from('{"message":"Grüße — ✓"}'), undefined],
    ['a stray 0xFF after complete characters', Buffer.from([0x41, 0xc3, 0xa9, 0xff, 0x41]), 3],
    ['a lead byte whose sequence never completes', Buffer.from([0x41, 0xe2, 0x82, 0x41]), 1],
    ['a Latin-1 é in the middle', Buffer.from([0x41, 0xe9, 0x42]), 1],
    ['a truncated last character', Buffer.from([0x41, 0xe2, 0x82]), 1],
  ])('%s', (_what, bytes, offset) => {
    expect(invalidUtf8Offset(bytes)).toBe(offset);
  });
});
