import {
  comparableKey,
  compareRegistration,
  ExpectedRegistration,
  keyWarning,
  pointsElsewhere,
} from '../../../scripts/lib/registration';
import { SecretValue } from '../../../scripts/lib/secretValue';
import { secrets } from '../../../scripts/lib/secrets';

const url = 'https://acme.my.salesforce.com/services/apexrest/OSS/callback';
const expected: ExpectedRegistration = {
  url,
  events: ['PACKAGE_COMPLETE', 'PACKAGE_CREATE'],
  host: 'acme.my.salesforce.com',
  clientId: 'client-1',
  clientSecret: new SecretValue('secret-value-1'),
};
const key = (fields: Record<string, string>) => new SecretValue(Buffer.from(JSON.stringify(fields)).toString('base64'));
const goodKey = () => key({ host: 'acme.my.salesforce.com', client_id: 'client-1', client_secret: 'secret-value-1' });

afterAll(() => secrets.clear());

describe('compareRegistration', () => {
  it('finds nothing when url, events (in any order) and the echoed key match', () => {
    expect(
      compareRegistration(expected, { url, events: ['PACKAGE_CREATE', 'PACKAGE_COMPLETE'], key: goodKey() }),
    ).toEqual([]);
  });

  it('compares url and events only when the key is not echoed', () => {
    expect(compareRegistration(expected, { url, events: ['PACKAGE_COMPLETE', 'PACKAGE_CREATE'] })).toEqual([]);
  });

  it('says when nothing is registered', () => {
    expect(compareRegistration(expected, undefined)).toEqual([
      { field: 'registration', message: 'nothing is registered' },
    ]);
  });

  it('names a different url', () => {
    const [difference] = compareRegistration(expected, {
      url: 'https://old.example.com/cb',
      events: [...expected.events],
    });
    expect(difference).toMatchObject({ field: 'url', registered: 'https://old.example.com/cb', expected: url });
  });

  it('names the events added and removed', () => {
    const [difference] = compareRegistration(expected, { url, events: ['PACKAGE_COMPLETE', 'PACKAGE_DECLINE'] });
    expect(difference.field).toBe('events');
    expect(difference.message).toContain('adds PACKAGE_CREATE; removes PACKAGE_DECLINE');
  });

  it.each([
    [
      'key.host',
      key({ host: 'other.my.salesforce.com', client_id: 'client-1', client_secret: 'secret-value-1' }),
      "the key's host is other.my.salesforce.com",
    ],
    [
      'key.client_id',
      key({ host: 'acme.my.salesforce.com', client_id: 'client-2', client_secret: 'secret-value-1' }),
      "the key's client_id is client-2",
    ],
    [
      'key.client_secret',
      key({ host: 'acme.my.salesforce.com', client_id: 'client-1', client_secret: 'rotated-secret' }),
      'another client_secret',
    ],
    [
      'key',
      key({ host: 'acme.my.salesforce.com', client_id: 'client-1', refresh_token: 'refresh-1234' }),
      'the registered key uses the Refresh Token Flow (refresh_token); run `npm run register` to migrate to the Client Credentials Flow',
    ],
    ['key', new SecretValue(`${goodKey().reveal().slice(0, 40)}\n${goodKey().reveal().slice(40)}`), 'line breaks'],
  ])('finds a %s difference in the echoed key', (field, echoed, message) => {
    const differences = compareRegistration(expected, { url, events: [...expected.events], key: echoed });
    expect(differences).toHaveLength(1);
    expect(differences[0].field).toBe(field);
    expect(differences[0].message).toContain(message);
    expect(JSON.stringify(differences)).not.toContain('secret-value-1');
    expect(JSON.stringify(differences)).not.toContain('rotated-secret');
  });
});

describe('a key that is not base64 JSON is not comparable', () => {
  it.each([
    ['a mask', '********'],
    ['a shorter mask', '****'],
    ['base64 of text', Buffer.from('not json at all').toString('base64')],
    ['base64 of a JSON string', Buffer.from('"just a string"').toString('base64')],
  ])('%s: no difference, and the warning says it could not be compared', (_label, echoed) => {
    const connector = { url, events: [...expected.events], key: new SecretValue(echoed) };
    expect(compareRegistration(expected, connector)).toEqual([]);
    expect(comparableKey(connector)).toBeUndefined();
    expect(keyWarning(connector)).toContain('not base64 JSON');
  });

  it('a key that decodes to JSON is compared, even with format problems', () => {
    const wrapped = new SecretValue(`${goodKey().reveal().slice(0, 40)}\n${goodKey().reveal().slice(40)}`);
    expect(comparableKey({ url, events: [], key: wrapped })).toBe(wrapped);
    expect(comparableKey({ url, events: [], key: goodKey() })).toBeDefined();
    expect(keyWarning({ url, events: [], key: goodKey() })).toBeUndefined();
  });

  it('a key left out gets the not-echoed warning', () => {
    expect(keyWarning({ url, events: [] })).toContain('does not return the registered key');
  });
});

describe('pointsElsewhere: a registration of another org or receiver', () => {
  it.each([
    ['another host', 'https://team.my.salesforce.com/services/apexrest/OSS/callback', true],
    ['another port', 'https://acme.my.salesforce.com:8443/services/apexrest/OSS/callback', true],
    ['another path (namespace)', 'https://acme.my.salesforce.com/services/apexrest/ONSS/OSS/callback', true],
    ['the same URL', url, false],
    ['the same URL, host in upper case and a trailing slash', url.replace('acme', 'ACME') + '/', false],
    ['the same host and path over http', url.replace('https:', 'http:'), false],
    ['an unreadable URL (reaches nobody)', 'not a url', false],
    ['an empty URL', '', false],
  ])('%s -> %s', (_label, registered, elsewhere) => {
    expect(pointsElsewhere(registered, url)).toBe(elsewhere);
  });
});
