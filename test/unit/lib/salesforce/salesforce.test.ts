import { OssError } from '../../../../scripts/lib/errors';
import { TROUBLESHOOTING } from '../../../../scripts/lib/messages/troubleshooting';
import { buildCallbackUrl } from '../../../../scripts/lib/salesforce/callbackUrl';
import { callbackEventsQuery, soqlString } from '../../../../scripts/lib/salesforce/callbackEvents';
import { answerFailure, RestFailure, restFailure } from '../../../../scripts/lib/salesforce/connection';
import { findNamespacePrefix, namespaceFromRows, NAMESPACE_QUERY } from '../../../../scripts/lib/salesforce/namespace';
import { interpretProbe } from '../../../../scripts/lib/salesforce/probe';
import { oauthError, parseIdentityUrl } from '../../../../scripts/lib/salesforce/token';

function thrown(body: () => unknown): OssError {
  try {
    body();
  } catch (error) {
    return error as OssError;
  }
  throw new Error('expected an error');
}

describe('buildCallbackUrl', () => {
  it('builds the URL without a namespace', () => {
    expect(buildCallbackUrl('https://acme.my.salesforce.com', '')).toBe(
      'https://acme.my.salesforce.com/services/apexrest/OSS/callback',
    );
  });

  it('puts the namespace prefix before the mapping', () => {
    expect(buildCallbackUrl('https://acme.my.salesforce.com', 'ONSS')).toBe(
      'https://acme.my.salesforce.com/services/apexrest/ONSS/OSS/callback',
    );
  });

  it('keeps a loopback port and drops a trailing slash', () => {
    expect(buildCallbackUrl('http://127.0.0.1:5000/', '')).toBe('http://127.0.0.1:5000/services/apexrest/OSS/callback');
  });
});

describe('the token request', () => {
  it('reads the org and Run As user from the identity URL', () => {
    expect(parseIdentityUrl('https://login.salesforce.com/id/00Dxx0000001gPL/005xx000001Sv6A')).toEqual({
      orgId: '00Dxx0000001gPL',
      userId: '005xx000001Sv6A',
    });
    expect(parseIdentityUrl(undefined)).toEqual({});
  });
});

describe('oauthError maps every OAuth error to its cause and fix', () => {
  it.each([
    ['invalid_grant', 'request not supported on this domain', 'OAuthWrongDomainError', 'My Domain'],
    ['invalid_grant', 'no client credentials user enabled', 'OAuthNoRunAsUserError', 'Run As'],
    ['invalid_grant', 'no valid scopes defined', 'OAuthNoValidScopesError', 'Remove refresh_token, offline_access'],
    ['invalid_client_id', 'client identifier invalid', 'OAuthUnknownClientError', 'SF_CLIENT_ID'],
    ['invalid_client', 'invalid client credentials', 'OAuthWrongSecretError', 'SF_CLIENT_SECRET'],
    [
      'invalid_request',
      'scope parameter not supported',
      'OAuthScopeParameterError',
      'grant_type, client_id and client_secret only',
    ],
    [
      'invalid_app_access',
      'user is not admin approved to access this app',
      'OAuthNotAdminApprovedError',
      'OSS_Callback_Integration',
    ],
    ['inactive_user', 'user is inactive', 'OAuthInactiveUserError', 'Activate the Run As user'],
    [
      'unsupported_grant_type',
      'grant type not supported',
      'OAuthFlowNotEnabledError',
      'Enable Client Credentials Flow',
    ],
    ['unauthorized_client', 'client not authorized', 'OAuthFlowNotEnabledError', 'Enable Client Credentials Flow'],
    ['invalid_client', 'something else', 'OAuthInvalidClientError', 'Enable Client Credentials Flow'],
    ['invalid_grant', 'authentication failure', 'OAuthInvalidGrantError', 'API Enabled'],
  ])('%s: %s -> %s', (error, description, code, fix) => {
    const mapped = oauthError('https://a.my.salesforce.com', error, description);
    expect(mapped.code).toBe(code);
    expect(mapped.message).toContain(`${error} (${description})`);
    expect(mapped.message).toContain('Cause:');
    expect(mapped.actions.join('\n')).toContain(fix);
  });

  it('falls back to a generic error naming the unknown code', () => {
    const mapped = oauthError('https://a.my.salesforce.com', 'brand_new_error', 'never seen');
    expect(mapped.code).toBe('OAuthTokenError');
    expect(mapped.message).toContain('brand_new_error (never seen)');
  });

  it('gives every table row a cause, a fix and a unique id', () => {
    expect(new Set(TROUBLESHOOTING.map((row) => row.id)).size).toBe(TROUBLESHOOTING.length);
    TROUBLESHOOTING.forEach((row) => {
      expect(row.cause.length).toBeGreaterThan(20);
      expect(row.fix.length).toBeGreaterThan(0);
      expect(row.code).toMatch(/^[A-Z][A-Za-z]+Error$/);
    });
    expect(TROUBLESHOOTING.filter((row) => row.source === 'guide').map((row) => row.error)).toEqual(
      expect.arrayContaining(['invalid_grant', 'NOT_FOUND', 'multi-line base64 key']),
    );
  });
});

describe('namespace', () => {
  const row = (Id: string, NamespacePrefix: string | null) => ({ Id, Name: 'OssCallbackResource', NamespacePrefix });

  it("sends the guide's query", () => {
    expect(NAMESPACE_QUERY).toBe("SELECT Id, Name, NamespacePrefix FROM ApexClass WHERE Name = 'OssCallbackResource'");
  });

  it('returns the prefix of the one class, or "" for none', () => {
    expect(namespaceFromRows([row('01p1', 'ONSS')])).toBe('ONSS');
    expect(namespaceFromRows([row('01p1', null)])).toBe('');
  });

  it('says the class is not deployed when no row comes back', () => {
    const error = thrown(() => namespaceFromRows([]));
    expect(error.code).toBe('CallbackClassNotDeployedError');
    expect(error.actions.join()).toContain('npm run deploy');
  });

  it('lists every class and asks for --namespace when several match', () => {
    const error = thrown(() => namespaceFromRows([row('01pA', null), row('01pB', 'esl')]));
    expect(error.code).toBe('AmbiguousNamespaceError');
    expect(error.message).toContain('01pA (NamespacePrefix none), 01pB (NamespacePrefix esl)');
    expect(error.actions.join()).toContain('--namespace');
  });

  it('turns an access error into "pass --target-org or --namespace"', async () => {
    const denied = Object.assign(new Error('insufficient access rights on object id'), {
      errorCode: 'INSUFFICIENT_ACCESS',
    });
    const error = (await findNamespacePrefix(() => Promise.reject(denied), 'the client-credentials token').catch(
      (e: unknown) => e,
    )) as OssError;
    expect(error.code).toBe('NamespaceQueryAccessError');
    expect(error.actions.join('\n')).toMatch(/--target-org[\s\S]*--namespace/);
  });

  it('passes other query errors through', async () => {
    const malformed = Object.assign(new Error('unexpected token'), { errorCode: 'MALFORMED_QUERY' });
    const error = (await findNamespacePrefix(() => Promise.reject(malformed), 'x').catch(
      (e: unknown) => e,
    )) as OssError;
    expect(error.code).toBe('UnexpectedError');
  });
});

describe('interpretProbe', () => {
  const url = 'https://a.my.salesforce.com/services/apexrest/OSS/callback';

  it('passes on 200 with the health body', () => {
    expect(interpretProbe(url, 200, '{"status":"ok","service":"OSS/callback"}')).toEqual({ url, status: 200 });
  });

  it.each([
    [
      404,
      '[{"errorCode":"NOT_FOUND","message":"Could not find a match for URL /OSS/callback"}]',
      'CallbackClassNotDeployedError',
      'npm run deploy',
    ],
    [
      403,
      '[{"errorCode":"FORBIDDEN","message":"You do not have access to the Apex class named: OssCallbackResource"}]',
      'CallbackAccessDeniedError',
      'OSS_Callback_Integration',
    ],
    [
      401,
      '[{"errorCode":"INVALID_SESSION_ID","message":"Session expired or invalid"}]',
      'CallbackAccessDeniedError',
      'OSS_Callback_Integration',
    ],
    [
      403,
      '[{"errorCode":"API_CURRENTLY_DISABLED","message":"API is disabled for this User"}]',
      'RunAsUserApiDisabledError',
      'API Enabled',
    ],
    [200, '{"status":"stored"}', 'CallbackProbeError', 'npm run deploy'],
    [200, '<html>login</html>', 'CallbackProbeError', 'npm run deploy'],
    [
      500,
      '[{"errorCode":"APEX_ERROR","message":"System.NullPointerException"}]',
      'CallbackProbeError',
      'npm run deploy',
    ],
  ])('HTTP %s %s -> %s', (status, body, code, fix) => {
    // What jsforce makes of a REST error array: its one entry's errorCode and message.
    const failure = body.startsWith('[') ? (JSON.parse(body) as RestFailure[])[0] : undefined;
    const error = thrown(() => interpretProbe(url, status, body, failure));
    expect(error.code).toBe(code);
    expect(error.actions.join('\n')).toContain(fix);
  });
});

describe('restFailure and answerFailure', () => {
  it("reads jsforce's REST error, its OAuth error and @salesforce/core's error alike", () => {
    const httpApiError = Object.assign(new Error('bad'), { name: 'MALFORMED_QUERY', errorCode: 'MALFORMED_QUERY' });
    expect(restFailure(httpApiError)).toEqual({ errorCode: 'MALFORMED_QUERY', message: 'bad' });
    const oauth = Object.assign(new Error('client identifier invalid'), { name: 'invalid_client_id' });
    expect(restFailure(oauth)).toEqual({ errorCode: 'invalid_client_id', message: 'client identifier invalid' });
  });

  it('takes the first of several REST errors', () => {
    const several = Object.assign(new Error('Multiple errors returned.'), {
      errorCode: 'MULTIPLE_API_ERRORS',
      data: [
        { errorCode: 'INVALID_FIELD', message: 'No such column' },
        { errorCode: 'MALFORMED_QUERY', message: 'unexpected token' },
      ],
    });
    expect(restFailure(several)).toEqual({ errorCode: 'INVALID_FIELD', message: 'No such column' });
  });

  it('names an answer that is not a Salesforce error by its status, with the start of its body', () => {
    const html = Object.assign(new Error('HTTP response contains html content.'), { errorCode: 'ERROR_HTTP_502' });
    expect(restFailure(html, '<html>Bad gateway</html>')).toEqual({
      errorCode: 'HTTP_502',
      message: '<html>Bad gateway</html>',
    });
    expect(answerFailure(500, '')).toEqual({ errorCode: 'HTTP_500', message: '(empty body)' });
    expect(answerFailure(200, `${'x'.repeat(300)}`).message).toHaveLength(200);
  });
});

describe('callback event query', () => {
  it('escapes quotes and backslashes in literals', () => {
    expect(soqlString("a'b\\c")).toBe("'a\\'b\\\\c'");
    expect(callbackEventsQuery('pkg=', 'PACKAGE_CREATE')).toContain(
      "WHERE Package_Id__c = 'pkg=' AND Event_Name__c = 'PACKAGE_CREATE'",
    );
  });
});
