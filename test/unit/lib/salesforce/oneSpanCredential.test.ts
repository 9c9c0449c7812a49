/**
 * The credential write decides POST or PUT from what the org holds, never from a guessed error text:
 * only a real "not found" (or an empty map) leads to a create; any other failure of the read is the
 * answer; a refused POST is followed by a second read, and a PUT only when the values are now there.
 */
import type { OrgRequest, TargetOrgConnection } from '../../../../scripts/lib/salesforce/targetOrg';
import { writeOneSpanCredential } from '../../../../scripts/lib/salesforce/oneSpanCredential';
import { SecretValue } from '../../../../scripts/lib/secretValue';

/** jsforce's REST error: name and errorCode are Salesforce's errorCode. */
const restError = (errorCode: string, message: string): Error =>
  Object.assign(new Error(message), { name: errorCode, errorCode });

type Answer = unknown | Error;

/** An org whose answers are scripted per method, in order; records what was sent. */
function scriptedOrg(answers: Record<string, Answer[]>): { org: TargetOrgConnection; sent: string[] } {
  const sent: string[] = [];
  const org: TargetOrgConnection = {
    aliasOrUsername: 'o',
    instanceUrl: 'https://example.my.salesforce.com',
    apiVersion: '65.0',
    query: () => Promise.reject(new Error('no query expected')),
    getJson: () => Promise.reject(new Error('no getJson expected')),
    request: <T>(request: OrgRequest): Promise<T> => {
      sent.push(request.method);
      const answer = answers[request.method]?.shift();
      if (answer === undefined) return Promise.reject(new Error(`unexpected ${request.method}`));
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer as T);
    },
  };
  return { org, sent };
}

const apiKey = { mode: 'apiKey' as const, apiKey: new SecretValue('a2V5OnNlY3JldA==') };
const noValues = { credentials: {} };
const withValues = { credentials: { ApiKey: { value: null, encrypted: true } } };

describe('writeOneSpanCredential', () => {
  it('creates when the principal has no values', async () => {
    const { org, sent } = scriptedOrg({ GET: [noValues], POST: [{}] });
    await expect(writeOneSpanCredential(org, apiKey)).resolves.toMatchObject({ action: 'created' });
    expect(sent).toEqual(['GET', 'POST']);
  });

  it('creates when the read answers NOT_FOUND', async () => {
    const { org, sent } = scriptedOrg({ GET: [restError('NOT_FOUND', 'not found')], POST: [{}] });
    await expect(writeOneSpanCredential(org, apiKey)).resolves.toMatchObject({ action: 'created' });
    expect(sent).toEqual(['GET', 'POST']);
  });

  it('replaces when the principal has values', async () => {
    const { org, sent } = scriptedOrg({ GET: [withValues], PUT: [{}] });
    await expect(writeOneSpanCredential(org, apiKey)).resolves.toMatchObject({ action: 'updated' });
    expect(sent).toEqual(['GET', 'PUT']);
  });

  it.each([
    ['an expired session', restError('INVALID_SESSION_ID', 'Session expired or invalid')],
    ['no access', restError('INSUFFICIENT_ACCESS', 'You need Manage Named Credentials.')],
    ['a server error', restError('UNKNOWN_EXCEPTION', 'An unexpected error occurred (HTTP 500).')],
  ])('stops on %s from the read, writing nothing', async (_case, failure) => {
    const { org, sent } = scriptedOrg({ GET: [failure] });
    await expect(writeOneSpanCredential(org, apiKey)).rejects.toBe(failure);
    expect(sent).toEqual(['GET']);
  });

  it('replaces after a refused create when a second read finds values (stored meanwhile)', async () => {
    const refusal = restError('INVALID_INPUT', 'Ce principal a déjà des identifiants.');
    const { org, sent } = scriptedOrg({ GET: [noValues, withValues], POST: [refusal], PUT: [{}] });
    await expect(writeOneSpanCredential(org, apiKey)).resolves.toMatchObject({ action: 'updated' });
    expect(sent).toEqual(['GET', 'POST', 'GET', 'PUT']);
  });

  it('reports a refused create as it is when the second read still finds no values', async () => {
    const refusal = restError('INVALID_INPUT', 'A credential already exists for this principal.');
    const { org, sent } = scriptedOrg({ GET: [noValues, noValues], POST: [refusal] });
    await expect(writeOneSpanCredential(org, apiKey)).rejects.toBe(refusal);
    expect(sent).toEqual(['GET', 'POST', 'GET']);
  });
});
