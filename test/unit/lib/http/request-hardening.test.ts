/** What the transport does with requests it cannot send, and how its final errors read. */
import { OssError } from '../../../../scripts/lib/errors';
import { send, ServicePolicy } from '../../../../scripts/lib/http/request';
import { LocalServer, startLocalServer } from '../../../helpers/localServer';

let server: LocalServer;
let baseUrl: string;
let received: number;

beforeAll(async () => {
  server = await startLocalServer((request, response) => {
    received++;
    request.socket.destroy();
    response.end();
  });
  baseUrl = server.url;
});

afterAll(() => server.close());

beforeEach(() => {
  received = 0;
});

const policy: ServicePolicy = {
  service: 'OneSpan',
  timeoutMs: 1234,
  retry: { retries: 3, baseDelayMs: 5, maxRetryAfterMs: 2000 },
};

async function failure(promise: Promise<unknown>): Promise<OssError> {
  const error = await promise.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(OssError);
  return error as OssError;
}

describe('send, for a request that cannot be encoded', () => {
  it('fails at once without retrying or reaching the service, naming the request and the fix', async () => {
    const error = await failure(
      send(policy, {
        method: 'GET',
        url: `${baseUrl}/api/callback/connectors/salesforceOauth2`,
        // A header value beyond Latin-1, as a pasted API key with a typographic character would give.
        headers: { Authorization: 'Basic key€value' },
        what: 'reading the callback registration',
        idempotent: true,
      }),
    );
    expect(received).toBe(0);
    expect(error.code).toBe('RequestNotSendableError');
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(/^OneSpan could not be sent reading the callback registration: .*ByteString/);
    expect(error.actions[0]).toContain('printable ASCII');
  });
});

describe('send, when the service never answers', () => {
  it('names the URL and the current --timeout in its fixes', async () => {
    const error = await failure(
      send(policy, { method: 'GET', url: `${baseUrl}/x`, what: 'the test GET', idempotent: true }),
    );
    expect(received).toBe(4);
    expect(error.code).toBe('ServiceUnreachableError');
    expect(error.actions).toEqual([
      `Check the URL (${baseUrl}) and that this machine can reach it (VPN, proxy, firewall); behind a proxy, set HTTPS_PROXY (and NO_PROXY for hosts reached directly).`,
      `If ${baseUrl} is slow to answer, raise --timeout (now 1234 ms: for the answer to start, then between two parts of it).`,
    ]);
  });
});
