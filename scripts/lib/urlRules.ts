/**
 * The URL rules of the settings, as pure checks: each returns the normalised value or the problem with
 * a concrete fix (the corrected URL where one can be derived), so a user never has to guess.
 */
import { formatMessage } from './messages';
import { settingProblems } from './messages/settings';

export type ProblemKey = keyof typeof settingProblems;

export interface SettingProblem {
  /** "--instance-url / SF_INSTANCE_URL" */
  setting: string;
  key: ProblemKey;
  problem: string;
  fix: string;
}

export type Check<T> = { ok: true; value: T } | { ok: false; problem: SettingProblem };

export function problemOf(
  setting: string,
  key: ProblemKey,
  problemArgs: unknown[],
  fixArgs: unknown[],
): SettingProblem {
  const entry = settingProblems[key];
  return {
    setting,
    key,
    problem: formatMessage(entry.problem, problemArgs),
    fix: formatMessage(entry.fix, fixArgs),
  };
}

const LOOPBACK_HOSTNAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Loopback hosts may use http:// so the local emulators work; nothing else may. */
export function isLoopbackHostname(hostname: string): boolean {
  return LOOPBACK_HOSTNAMES.has(hostname.toLowerCase());
}

const GENERIC_LOGIN_HOSTS = new Set(['login.salesforce.com', 'test.salesforce.com']);

/** Hosts users copy from the browser that are not the API host; the My Domain host is derivable. */
const NON_API_DOMAINS: { suffix: string; kind: string; apiSuffix: string }[] = [
  { suffix: '.lightning.force.com', kind: 'Lightning Experience', apiSuffix: '.my.salesforce.com' },
  { suffix: '.my.salesforce-setup.com', kind: 'Setup', apiSuffix: '.my.salesforce.com' },
];

const SCHEME = /[a-z][a-z0-9+.-]*:\/\//gi;

interface ParsedUrl {
  url: URL;
  raw: string;
}

/**
 * The checks both kinds of URL share: a URL at all, one scheme at the start, https unless loopback.
 * `suggest` turns a host (with port) into the fully corrected URL, so each fix shows the whole answer.
 */
function parseServiceUrl(
  raw: string,
  setting: string,
  example: string,
  suggest: (host: string) => string,
): Check<ParsedUrl> {
  const trimmed = raw.trim();
  if (trimmed === '') {
    return { ok: false, problem: problemOf(setting, 'empty', [], [setting]) };
  }
  const hostOf = (text: string): string => text.split(/[/?#]/, 1)[0];
  const schemes = trimmed.match(SCHEME) ?? [];
  const startsWithScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed);
  if (schemes.length > 1 || (schemes.length === 1 && !startsWithScheme)) {
    const hostPart = hostOf(trimmed.replace(SCHEME, '').replace(/^[/:]+/, ''));
    return { ok: false, problem: problemOf(setting, 'schemeMisplaced', [trimmed], [setting, suggest(hostPart)]) };
  }
  if (!startsWithScheme) {
    if (/^https?:\/?[^/]/i.test(trimmed) || /^https?\/\//i.test(trimmed)) {
      const hostPart = hostOf(trimmed.replace(/^https?:?\/*/i, ''));
      return { ok: false, problem: problemOf(setting, 'schemeMisplaced', [trimmed], [setting, suggest(hostPart)]) };
    }
    return { ok: false, problem: problemOf(setting, 'noScheme', [trimmed], [setting, suggest(hostOf(trimmed))]) };
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { ok: false, problem: problemOf(setting, 'notAUrl', [trimmed], [setting, example]) };
  }
  if (url.username || url.password) {
    return { ok: false, problem: problemOf(setting, 'credentialsInUrl', [], [setting]) };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return {
      ok: false,
      problem: problemOf(setting, 'unsupportedScheme', [trimmed, url.protocol], [setting, suggest(url.host)]),
    };
  }
  if (url.protocol === 'http:' && !isLoopbackHostname(url.hostname)) {
    return { ok: false, problem: problemOf(setting, 'httpsRequired', [trimmed], [setting, suggest(url.host)]) };
  }
  return { ok: true, value: { url, raw: trimmed } };
}

/** login/test hosts have no My Domain to derive; the others map to their My Domain API host. */
function suggestMyDomain(host: string): string {
  const lower = host.toLowerCase();
  const nonApi = NON_API_DOMAINS.find((domain) => lower.endsWith(domain.suffix));
  const apiHost = nonApi ? `${lower.slice(0, -nonApi.suffix.length)}${nonApi.apiSuffix}` : lower;
  return `https://${GENERIC_LOGIN_HOSTS.has(lower) ? 'yourcompany.my.salesforce.com' : apiHost}`;
}

/**
 * The org's My Domain URL: the origin only (scheme, host, port), since the token endpoint, the REST
 * API and the key's host all derive from it. Returns the origin without a trailing slash.
 */
export function checkMyDomainUrl(raw: string, setting: string): Check<string> {
  const parsed = parseServiceUrl(raw, setting, 'https://yourcompany.my.salesforce.com', suggestMyDomain);
  if (!parsed.ok) {
    return parsed;
  }
  const { url, raw: trimmed } = parsed.value;
  const hostname = url.hostname.toLowerCase();
  if (GENERIC_LOGIN_HOSTS.has(hostname)) {
    return { ok: false, problem: problemOf(setting, 'genericLoginHost', [trimmed], [setting]) };
  }
  const nonApi = NON_API_DOMAINS.find((domain) => hostname.endsWith(domain.suffix));
  if (nonApi) {
    return {
      ok: false,
      problem: problemOf(setting, 'notMyDomainHost', [trimmed, nonApi.kind], [setting, suggestMyDomain(url.host)]),
    };
  }
  if (url.pathname !== '/' || url.search || url.hash || trimmed.endsWith('?') || trimmed.endsWith('#')) {
    return { ok: false, problem: problemOf(setting, 'pathNotAllowed', [trimmed], [setting, url.origin]) };
  }
  return { ok: true, value: url.origin };
}

/**
 * The OneSpan API base. A bare host gets `/api` appended (the API lives there on every OneSpan host);
 * any other path is refused, because the connector path is appended to it.
 */
export function checkOneSpanApiUrl(raw: string, setting: string): Check<string> {
  const parsed = parseServiceUrl(
    raw,
    setting,
    'https://sandbox.esignlive.com/api',
    (host) => `https://${host.toLowerCase()}/api`,
  );
  if (!parsed.ok) {
    return parsed;
  }
  const { url, raw: trimmed } = parsed.value;
  const path = url.pathname.replace(/\/+$/, '');
  if ((path !== '' && path !== '/api') || url.search || url.hash || trimmed.endsWith('?') || trimmed.endsWith('#')) {
    return { ok: false, problem: problemOf(setting, 'oneSpanPath', [trimmed], [setting, `${url.origin}/api`]) };
  }
  return { ok: true, value: `${url.origin}/api` };
}
