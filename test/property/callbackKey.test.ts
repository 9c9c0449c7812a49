/** Properties of the callback key: what register encodes, the decoder reads back exactly, for any input. */
import fc from 'fast-check';
import { callbackKeyHost, decodeCallbackKey, encodeCallbackKey } from '../../scripts/lib/callbackKey';
import { SecretValue } from '../../scripts/lib/secretValue';
import { secrets } from '../../scripts/lib/secrets';

afterEach(() => secrets.clear());

/** A My Domain origin: any DNS name, https, with or without a port (the emulators use one; 443 is implied). */
const instanceUrl = fc
  .tuple(
    fc.domain(),
    fc.option(
      fc.integer({ min: 1, max: 65535 }).filter((port) => port !== 443),
      { nil: undefined },
    ),
  )
  .map(([host, port]) => `https://${host}${port === undefined ? '' : `:${port}`}`);
/** Consumer keys and secrets as anything a user could paste, unicode included; blank ones are "missing". */
const nonBlank = fc.string({ unit: 'binary', minLength: 1, maxLength: 80 }).filter((value) => value.trim() !== '');

describe('encodeCallbackKey then decodeCallbackKey', () => {
  it('gives back the host, client id and secret, with no problem', () => {
    fc.assert(
      fc.property(instanceUrl, nonBlank, nonBlank, (url, clientId, clientSecret) => {
        const key = encodeCallbackKey({ instanceUrl: url, clientId, clientSecret: new SecretValue(clientSecret) });
        const decoded = decodeCallbackKey(key.reveal());
        expect(decoded.problems).toEqual([]);
        expect(decoded.flow).toBe('client_credentials');
        // The guide: the host without scheme; the port stays, since the host is all OneSpan gets.
        expect(decoded.host).toBe(url.slice('https://'.length));
        expect(callbackKeyHost(url)).toBe(decoded.host);
        expect(decoded.clientId).toBe(clientId);
        expect(decoded.clientSecret?.equals(new SecretValue(clientSecret))).toBe(true);
      }),
    );
  });

  it('is one line of standard base64, whatever the input', () => {
    fc.assert(
      fc.property(instanceUrl, nonBlank, nonBlank, (url, clientId, clientSecret) => {
        const key = encodeCallbackKey({ instanceUrl: url, clientId, clientSecret: new SecretValue(clientSecret) });
        expect(key.reveal()).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
      }),
    );
  });

  it('reports a key wrapped over lines, and still reads its fields', () => {
    fc.assert(
      fc.property(instanceUrl, nonBlank, nonBlank, fc.nat(), (url, clientId, clientSecret, at) => {
        const key = encodeCallbackKey({
          instanceUrl: url,
          clientId,
          clientSecret: new SecretValue(clientSecret),
        }).reveal();
        const cut = 1 + (at % (key.length - 1));
        const decoded = decodeCallbackKey(`${key.slice(0, cut)}\n${key.slice(cut)}`);
        expect(decoded.problems.map((problem) => problem.code)).toEqual(['whitespace']);
        expect(decoded.clientId).toBe(clientId);
      }),
    );
  });
});

describe('decodeCallbackKey on anything', () => {
  it('never throws, and either decodes a usable key or says what is wrong with it', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.base64String()), (text) => {
        const decoded = decodeCallbackKey(text);
        const usable = decoded.flow === 'client_credentials' && decoded.host && decoded.clientId;
        expect(usable || decoded.problems.length > 0).toBeTruthy();
        decoded.problems.forEach((problem) => {
          expect(problem.message).not.toBe('');
          expect(problem.fix).not.toBe('');
        });
      }),
    );
  });

  it('never puts the secret it decoded into a problem text', () => {
    fc.assert(
      fc.property(fc.domain(), nonBlank, fc.string({ unit: 'binary', minLength: 8 }), (host, clientId, secret) => {
        const json = JSON.stringify({ host: `https://${host}/path`, client_id: clientId, client_secret: secret });
        const decoded = decodeCallbackKey(Buffer.from(json).toString('base64'));
        expect(decoded.problems.length).toBeGreaterThan(0);
        decoded.problems.forEach((problem) => expect(`${problem.message} ${problem.fix}`).not.toContain(secret));
      }),
    );
  });
});
