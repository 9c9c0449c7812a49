import { callbackKeyHost, decodeCallbackKey, encodeCallbackKey } from '../../../scripts/lib/callbackKey';
import { SecretValue } from '../../../scripts/lib/secretValue';
import { secrets } from '../../../scripts/lib/secrets';

const base64 = (value: unknown): string =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64');

afterEach(() => secrets.clear());

describe('encodeCallbackKey', () => {
  it('is base64 of exactly {"host","client_id","client_secret"} with the host and no scheme', () => {
    const key = encodeCallbackKey({
      instanceUrl: 'https://acme.my.salesforce.com',
      clientId: '3MVG9abc',
      clientSecret: new SecretValue('s3cr3t-value'),
    }).reveal();
    expect(Buffer.from(key, 'base64').toString('utf8')).toBe(
      '{"host":"acme.my.salesforce.com","client_id":"3MVG9abc","client_secret":"s3cr3t-value"}',
    );
  });

  it('keeps the port of a loopback emulator and never wraps a long key', () => {
    const key = encodeCallbackKey({
      instanceUrl: 'http://127.0.0.1:43210',
      clientId: 'c'.repeat(200),
      clientSecret: new SecretValue('s'.repeat(200)),
    }).reveal();
    expect(key.length).toBeGreaterThan(76);
    expect(key).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(JSON.parse(Buffer.from(key, 'base64').toString()).host).toBe('127.0.0.1:43210');
  });

  it('registers the key as a secret and prints masked', () => {
    const key = encodeCallbackKey({
      instanceUrl: 'https://a.my.salesforce.com',
      clientId: 'id',
      clientSecret: new SecretValue('secret-1'),
    });
    expect(secrets.mask(`key=${key.reveal()}`)).toBe('key=****');
    expect(JSON.stringify({ key })).not.toContain(key.reveal());
  });

  it('derives the host from the My Domain URL', () => {
    expect(callbackKeyHost('https://acme--uat.sandbox.my.salesforce.com')).toBe('acme--uat.sandbox.my.salesforce.com');
  });
});

describe('decodeCallbackKey', () => {
  const good = { host: 'acme.my.salesforce.com', client_id: 'id-1', client_secret: 'secret-1' };

  it('decodes a good key with no problems and keeps the secret hidden', () => {
    const decoded = decodeCallbackKey(base64(good));
    expect(decoded).toMatchObject({
      host: 'acme.my.salesforce.com',
      clientId: 'id-1',
      flow: 'client_credentials',
      problems: [],
    });
    expect(decoded.clientSecret?.equals(new SecretValue('secret-1'))).toBe(true);
    expect(JSON.stringify(decoded)).not.toContain('secret-1');
  });

  it.each([
    [
      'a key wrapped at 76 characters',
      base64({ ...good, client_secret: 'x'.repeat(80) }).replace(/(.{76})/g, '$1\n'),
      ['whitespace'],
    ],
    ['not base64', 'not base64 at all!', ['whitespace', 'notBase64']],
    ['base64 of text that is not JSON', base64('hello'), ['notJson']],
    ['base64 of a JSON array', base64('[1,2]'), ['notObject']],
    ['no host', base64({ client_id: 'a', client_secret: 'b' }), ['missingHost']],
    ['no client_id', base64({ host: 'h.my.salesforce.com', client_secret: 'b' }), ['missingClientId']],
    [
      'neither secret nor refresh token',
      base64({ host: 'h.my.salesforce.com', client_id: 'a' }),
      ['missingClientSecret'],
    ],
    [
      'a Refresh Token Flow key',
      base64({ host: 'h.my.salesforce.com', client_id: 'a', refresh_token: '5Aep-token' }),
      ['refreshToken'],
    ],
    ['a scheme in the host', base64({ ...good, host: 'https://acme.my.salesforce.com' }), ['schemeInHost']],
    ['a path in the host', base64({ ...good, host: 'acme.my.salesforce.com/services' }), ['pathInHost']],
  ])('explains %s', (_name, key, codes) => {
    const decoded = decodeCallbackKey(key);
    expect(decoded.problems.map((problem) => problem.code)).toEqual(codes);
    decoded.problems.forEach((problem) => expect(problem.fix.length).toBeGreaterThan(10));
  });

  it('names the Refresh Token Flow and the migration', () => {
    const decoded = decodeCallbackKey(
      base64({ host: 'h.my.salesforce.com', client_id: 'a', refresh_token: '5Aep-token' }),
    );
    expect(decoded.flow).toBe('refresh_token');
    expect(decoded.problems[0].message).toBe('the registered key uses the Refresh Token Flow (refresh_token)');
    expect(decoded.problems[0].fix).toContain('npm run register');
    expect(secrets.mask('5Aep-token')).toBe('****');
  });

  it('suggests the host without the scheme', () => {
    const decoded = decodeCallbackKey(base64({ ...good, host: 'https://acme.my.salesforce.com/' }));
    expect(decoded.problems[0].fix).toContain('acme.my.salesforce.com');
    expect(decoded.problems.map((problem) => problem.code)).toEqual(['schemeInHost']);
  });
});
