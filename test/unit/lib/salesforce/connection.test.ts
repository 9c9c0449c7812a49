/**
 * The Salesforce side through jsforce, on the wire: what the token request and the REST calls send,
 * and how jsforce's answers become the project's errors. A bare loopback server stands in for the org
 * so each answer can be chosen byte for byte.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { OssError } from '../../../../scripts/lib/errors';
import { SalesforceApi, SALESFORCE_API_VERSION } from '../../../../scripts/lib/salesforce/connection';
import { tokenQuery } from '../../../../scripts/lib/salesforce/namespace';
import { probeCallbackUrl } from '../../../../scripts/lib/salesforce/probe';
import { getClientCredentialsToken } from '../../../../scripts/lib/salesforce/token';
import { SecretValue } from '../../../../scripts/lib/secretValue';
import { LocalServer, startLocalServer } from '../../../helpers/localServer';

interface Seen {
  method?: string;
  url?: string;
  headers: IncomingMessage['headers'];
  body: string;
}

type Answer = (response: ServerResponse) => void;

let server: LocalServer;
let seen: Seen[];
let answer: Answer;

beforeAll(async () => {
  server = await startLocalServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      seen.push({ method: request.method, url: request.url, headers: request.headers, body });
      answer(response);
    });
  });
});

afterAll(() => server.close());

beforeEach(() => {
  seen = [];
});

const api = () => new SalesforceApi(2000, { retries: 3, baseDelayMs: 5, maxRetryAfterMs: 2000 });
const json =
  (status: number, value: unknown): Answer =>
  (response) => {
    response.writeHead(status, { 'Content-Type': 'application/json;charset=UTF-8' });
    response.end(JSON.stringify(value));
  };
const credentials = () => ({ instanceUrl: server.url, clientId: 'CK-1', clientSecret: new SecretValue('CS-secret-1') });
const failure = (promise: Promise<unknown>): Promise<OssError> =>
  promise.then(
    () => {
      throw new Error('expected an error');
    },
    (error: unknown) => error as OssError,
  );

describe('the token request through jsforce', () => {
  it('sends grant_type, client_id and client_secret as form fields, and no scope or redirect_uri', async () => {
    answer = json(200, {
      access_token: 'TOKEN-1',
      instance_url: server.url,
      id: `${server.url}/id/00D000000000001AAA/005000000000001AAA`,
      scope: 'api',
      token_type: 'Bearer',
    });
    const token = await getClientCredentialsToken(api(), credentials());
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/services/oauth2/token' });
    expect(seen[0].headers['content-type']).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(seen[0].body);
    expect([...form.keys()].sort()).toEqual(['client_id', 'client_secret', 'grant_type']);
    expect(Object.fromEntries(form)).toEqual({
      grant_type: 'client_credentials',
      client_id: 'CK-1',
      client_secret: 'CS-secret-1',
    });
    expect(token).toMatchObject({ instanceUrl: server.url, userId: '005000000000001AAA', scope: ['api'] });
    expect(token.accessToken.reveal()).toBe('TOKEN-1');
  });

  it("keeps the OAuth error's code (invalid_client_id → OAuthUnknownClientError)", async () => {
    answer = json(400, { error: 'invalid_client_id', error_description: 'client identifier invalid' });
    const error = await failure(getClientCredentialsToken(api(), credentials()));
    expect(error.code).toBe('OAuthUnknownClientError');
    expect(error.message).toContain('invalid_client_id (client identifier invalid)');
  });

  it('says the host is no token endpoint when a 200 is not JSON or a 404 is a web page', async () => {
    for (const [status, body] of [
      [200, '<html>welcome</html>'],
      [404, '<html>not here</html>'],
    ] as const) {
      answer = (response) => {
        response.writeHead(status, { 'Content-Type': 'text/html' });
        response.end(body);
      };
      const error = await failure(getClientCredentialsToken(api(), credentials()));
      expect({ code: error.code, message: error.message }).toEqual({
        code: 'TokenEndpointError',
        message: `${server.url} has no OAuth token endpoint that answers as Salesforce does (HTTP ${status}).`,
      });
    }
  });
});

describe('REST calls through jsforce', () => {
  const token = new SecretValue('TOKEN-2');

  it('queries the versioned endpoint with the Bearer token and returns the records', async () => {
    answer = json(200, { totalSize: 1, done: true, records: [{ attributes: { type: 'ApexClass' }, Id: '01p1' }] });
    const rows = await tokenQuery(api(), server.url, token)<{ Id: string }>('SELECT Id FROM ApexClass');
    expect(rows.map((row) => row.Id)).toEqual(['01p1']);
    expect(seen[0].url).toBe(
      `/services/data/v${SALESFORCE_API_VERSION}/query?q=${encodeURIComponent('SELECT Id FROM ApexClass')}`,
    );
    expect(seen[0].headers.authorization).toBe('Bearer TOKEN-2');
  });

  it('reports a 401 as an invalid session, without trying to refresh a token this flow cannot refresh', async () => {
    answer = json(401, [{ errorCode: 'INVALID_SESSION_ID', message: 'Session expired or invalid' }]);
    const error = await failure(tokenQuery(api(), server.url, token)('SELECT Id FROM ApexClass'));
    expect(error.code).toBe('SalesforceSessionInvalidError');
    expect(error.message).toBe(
      'Salesforce did not accept the access token for the ApexClass query (INVALID_SESSION_ID: Session expired or invalid).',
    );
    expect(seen).toHaveLength(1);
  });

  it('explains a success answer that is not JSON instead of reading records from it', async () => {
    answer = (response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end('{"totalSize": 1, "records": [');
    };
    const error = await failure(tokenQuery(api(), server.url, token)('SELECT Id FROM ApexClass'));
    expect(error.code).toBe('UnexpectedResponseError');
    expect(error.message).toContain('malformed or truncated JSON');
  });

  it('names a REST error by its errorCode and status', async () => {
    answer = json(400, [{ errorCode: 'MALFORMED_QUERY', message: "unexpected token: 'FRM'" }]);
    const error = await failure(tokenQuery(api(), server.url, token, 'the test query')('SELECT Id FRM ApexClass'));
    expect(error.code).toBe('SalesforceApiError');
    expect(error.message).toBe(
      "Salesforce answered HTTP 400 to the test query: unexpected token: 'FRM' (MALFORMED_QUERY).",
    );
  });

  it('probes the callback URL as given, and explains a NOT_FOUND through the troubleshooting table', async () => {
    answer = json(404, [{ errorCode: 'NOT_FOUND', message: 'Could not find a match for URL /OSS/callback' }]);
    const url = `${server.url}/services/apexrest/OSS/callback`;
    const error = await failure(probeCallbackUrl(api(), url, token));
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/services/apexrest/OSS/callback' });
    expect(seen[0].headers.authorization).toBe('Bearer TOKEN-2');
    expect(error.code).toBe('CallbackClassNotDeployedError');
  });
});
