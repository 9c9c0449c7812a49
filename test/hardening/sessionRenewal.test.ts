/**
 * A long run outlives its Salesforce session: the org ends it (session timeout), and every request
 * after that answers 401 INVALID_SESSION_ID. The client-credentials session mints a new token once and
 * sends the request again; a session refused right after a renewal is reported, not renewed forever.
 * The emulator's expireAccessTokens() is the org ending every session at once.
 */
import { startEmulators } from '../../scripts/emulator';
import type { Emulators } from '../../scripts/emulator';
import type { Services } from '../../scripts/lib/registration';
import { deliverPayload } from '../../scripts/lib/replay/deliver';
import type { Payload } from '../../scripts/lib/replay/payloads';
import { SalesforceApi } from '../../scripts/lib/salesforce/connection';
import { tokenQuery } from '../../scripts/lib/salesforce/namespace';
import { ClientCredentialsSession, getClientCredentialsToken } from '../../scripts/lib/salesforce/token';
import { SecretValue } from '../../scripts/lib/secretValue';
import { countRequests } from '../helpers/emulatorFixture';

const TOKEN = /^\/services\/oauth2\/token$/;
const CALLBACK = /^\/services\/apexrest\/OSS\/callback$/;

let emulators: Emulators;
let salesforce: SalesforceApi;
let session: ClientCredentialsSession;
let services: Services;

beforeEach(async () => {
  emulators = await startEmulators();
  salesforce = new SalesforceApi(10_000, { retries: 3, baseDelayMs: 5, maxRetryAfterMs: 2000 });
  const mint = () =>
    getClientCredentialsToken(salesforce, {
      instanceUrl: emulators.salesforce.url,
      clientId: emulators.salesforce.demo.clientId,
      clientSecret: new SecretValue(emulators.salesforce.demo.clientSecret),
    });
  session = new ClientCredentialsSession(await mint(), mint);
  services = { salesforce } as Services;
});

afterEach(async () => {
  await emulators.close();
});

const payload = (packageId: string): Payload => ({
  label: packageId,
  source: 'test',
  index: 0,
  name: 'PACKAGE_COMPLETE',
  packageId,
  body: JSON.stringify({
    name: 'PACKAGE_COMPLETE',
    packageId,
    sessionUser: 's-1',
    createdDate: '2026-12-03T10:00:00Z',
  }),
});

const callbackUrl = () => `${emulators.salesforce.url}/services/apexrest/OSS/callback`;

describe('a delivery after the session expired', () => {
  it('mints one new token and delivers', async () => {
    expect((await deliverPayload(services, callbackUrl(), session, payload('pkg-1'))).status).toBe('stored');
    emulators.salesforce.expireAccessTokens();
    const outcome = await deliverPayload(services, callbackUrl(), session, payload('pkg-2'));
    expect(outcome.status).toBe('stored');
    // The next delivery uses the new token at once.
    expect((await deliverPayload(services, callbackUrl(), session, payload('pkg-3'))).status).toBe('stored');
    const requests = emulators.salesforce.requests();
    expect(countRequests(requests, 'POST', TOKEN)).toBe(2);
    expect(countRequests(requests, 'POST', CALLBACK)).toBe(4);
  });

  it('reports a session refused again right after the renewal, without renewing again', async () => {
    emulators.salesforce.faults.add({ method: 'POST', path: CALLBACK, kind: 'status', status: 401, times: 5 });
    const outcome = await deliverPayload(services, callbackUrl(), session, payload('pkg-1'));
    expect(outcome).toMatchObject({ status: 'failed', message: expect.stringMatching(/^HTTP 401: /) as string });
    const requests = emulators.salesforce.requests();
    expect(countRequests(requests, 'POST', TOKEN)).toBe(2);
    expect(countRequests(requests, 'POST', CALLBACK)).toBe(2);
  });

  it('a plain token (no session) is not renewed', async () => {
    emulators.salesforce.expireAccessTokens();
    const outcome = await deliverPayload(services, callbackUrl(), new SecretValue('00D!expired'), payload('pkg-1'));
    expect(outcome).toMatchObject({ status: 'failed', errorCode: 'INVALID_SESSION_ID' });
    expect(countRequests(emulators.salesforce.requests(), 'POST', TOKEN)).toBe(1);
  });
});

describe('the event log query after the session expired', () => {
  it('mints one new token and answers', async () => {
    const query = tokenQuery(salesforce, emulators.salesforce.url, session, 'the event log query');
    await query('SELECT Id FROM OSS_Callback_Event__c');
    emulators.salesforce.expireAccessTokens();
    await expect(query('SELECT Id FROM OSS_Callback_Event__c')).resolves.toEqual([]);
    expect(countRequests(emulators.salesforce.requests(), 'POST', TOKEN)).toBe(2);
  });
});
