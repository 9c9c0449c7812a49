/** Properties of the callback URL and the My Domain rule it is built from. */
import fc from 'fast-check';
import { buildCallbackUrl } from '../../scripts/lib/salesforce/callbackUrl';
import { checkNamespace } from '../../scripts/lib/settings';
import { checkMyDomainUrl } from '../../scripts/lib/urlRules';

const SETTING = '--instance-url / SF_INSTANCE_URL';
const myDomain = fc
  .tuple(fc.domain(), fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }))
  .filter(
    ([host]) =>
      !/(^|\.)(login|test)\.salesforce\.com$|\.lightning\.force\.com$|\.my\.salesforce-setup\.com$/.test(host),
  )
  .map(([host, port]) => `https://${host}${port === undefined ? '' : `:${port}`}`);
/** What Salesforce allows as a namespace prefix: a letter, then up to 14 letters or digits. */
const namespacePrefix = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,14}$/);

describe('buildCallbackUrl', () => {
  it('without a namespace: the origin, then /services/apexrest/OSS/callback', () => {
    fc.assert(
      fc.property(myDomain, (origin) => {
        const url = new URL(buildCallbackUrl(origin, ''));
        expect(url.origin).toBe(new URL(origin).origin);
        expect(url.pathname).toBe('/services/apexrest/OSS/callback');
        expect(url.search + url.hash).toBe('');
      }),
    );
  });

  it('with a namespace: the prefix as one path segment before OSS/callback', () => {
    fc.assert(
      fc.property(myDomain, namespacePrefix, (origin, prefix) => {
        const url = new URL(buildCallbackUrl(origin, prefix));
        expect(url.origin).toBe(new URL(origin).origin);
        expect(url.pathname.split('/')).toEqual(['', 'services', 'apexrest', prefix, 'OSS', 'callback']);
      }),
    );
  });

  it('is the same for an instance URL with a trailing slash', () => {
    fc.assert(
      fc.property(myDomain, fc.constantFrom('', 'ONSS'), (origin, prefix) => {
        expect(buildCallbackUrl(`${origin}/`, prefix)).toBe(buildCallbackUrl(origin, prefix));
      }),
    );
  });
});

describe('checkNamespace', () => {
  it('accepts every valid prefix as it is', () => {
    fc.assert(
      fc.property(namespacePrefix, (prefix) =>
        expect(checkNamespace(prefix, '--namespace')).toEqual({ ok: true, value: prefix }),
      ),
    );
  });

  it('refuses any prefix with a character outside letters and digits', () => {
    const illegal = fc
      .tuple(
        namespacePrefix,
        fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }).filter((text) => /[^A-Za-z0-9\s]/.test(text)),
      )
      .map(([prefix, extra]) => `${prefix}${extra}`);
    fc.assert(fc.property(illegal, (value) => expect(checkNamespace(value, '--namespace').ok).toBe(false)));
  });
});

describe('checkMyDomainUrl', () => {
  it('gives back the origin of a My Domain URL', () => {
    fc.assert(
      fc.property(myDomain, (origin) => {
        expect(checkMyDomainUrl(origin, SETTING)).toEqual({ ok: true, value: new URL(origin).origin });
      }),
    );
  });

  it('refuses a path or query, and its fix is the origin alone', () => {
    const suffix = fc.oneof(
      // A path that the URL standard does not reduce to "/" (dot segments such as "/." or "/%2e/.." are).
      fc.webPath().filter((path) => new URL(`https://example.com${path}`).pathname !== '/'),
      fc
        .webQueryParameters()
        .filter((query) => query !== '')
        .map((query) => `/?${query}`),
    );
    fc.assert(
      fc.property(myDomain, suffix, (origin, rest) => {
        const checked = checkMyDomainUrl(`${origin}${rest}`, SETTING);
        expect(checked.ok).toBe(false);
        if (!checked.ok) {
          expect(checked.problem.key).toBe('pathNotAllowed');
          expect(checked.problem.fix).toBe(`Write ${SETTING} as ${new URL(origin).origin}.`);
        }
      }),
    );
  });

  it('refuses http:// on any host that is not loopback, suggesting https', () => {
    fc.assert(
      fc.property(myDomain, (origin) => {
        const checked = checkMyDomainUrl(origin.replace('https://', 'http://'), SETTING);
        expect(checked.ok).toBe(false);
        if (!checked.ok) {
          expect(checked.problem.key).toBe('httpsRequired');
          expect(checked.problem.fix).toContain(new URL(origin).host);
        }
      }),
    );
  });
});
