/**
 * Every wait is bounded, and a slow answer is not a dead one. The timeout is an idle timeout: a
 * download whose bytes keep arriving takes as long as it takes and is fetched once; a download that
 * stops half-way is cut after the timeout and retried as documented (3 retries). The Salesforce side
 * (an org's user connection, as --target-org uses) has the same timeout and retries, and never sends a
 * creating POST twice. Request counts come from the emulators' logs.
 */
import { startEmulators } from '../../scripts/emulator';
import type { Emulators } from '../../scripts/emulator';
import { OssError } from '../../scripts/lib/errors';
import { OneSpanClient } from '../../scripts/lib/onespan/client';
import { SalesforceApi } from '../../scripts/lib/salesforce/connection';
import { connectWithAccessToken } from '../../scripts/lib/salesforce/targetOrg';
import { SecretValue } from '../../scripts/lib/secretValue';
import { countRequests } from '../helpers/emulatorFixture';

const RETRY = { retries: 3, baseDelayMs: 5, maxRetryAfterMs: 2000 };
// Long enough for a loaded machine to pass one chunk along, far shorter than the whole trickle.
const TIMEOUT_MS = 1500;

let emulators: Emulators;

beforeEach(async () => {
  emulators = await startEmulators();
});

afterEach(async () => {
  await emulators.close();
});

describe('a OneSpan download', () => {
  const pdfPath = /^\/api\/packages\/[^/]+\/documents\/[^/]+\/pdf$/;

  async function downloadFirstDocument(): Promise<{ bytes?: Buffer; error?: OssError; ms: number }> {
    const { onespan } = emulators;
    const packageId = onespan.addFixturePackage('completed-two-documents');
    const client = new OneSpanClient(onespan.apiUrl, new SecretValue(onespan.apiKey), TIMEOUT_MS, RETRY);
    const pkg = await client.getPackage(packageId);
    const documentId = (pkg.documents as { id: string }[]).find((d) => d.id !== 'default-consent')?.id as string;
    const started = Date.now();
    try {
      const bytes = await client.downloadFile(packageId, `documents/${documentId}/pdf`, 'the signed PDF');
      return { bytes, ms: Date.now() - started };
    } catch (error) {
      return { error: error as OssError, ms: Date.now() - started };
    }
  }

  it('still arriving after the timeout is not cut, and is fetched once', async () => {
    // 12 chunks 400 ms apart: about 4.4 s in all, three times the timeout, never idle for 1.5 s.
    emulators.onespan.faults.add({ method: 'GET', path: pdfPath, kind: 'trickle', chunks: 12, ms: 400 });
    const result = await downloadFirstDocument();
    expect(result.error).toBeUndefined();
    expect(result.bytes?.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(result.ms).toBeGreaterThan(TIMEOUT_MS);
    expect(countRequests(emulators.onespan.requests(), 'GET', pdfPath)).toBe(1);
  });

  it('that stops half-way is cut after the timeout and retried 3 times', async () => {
    emulators.onespan.faults.add({ method: 'GET', path: pdfPath, kind: 'stall' });
    const result = await downloadFirstDocument();
    expect(result.error).toBeInstanceOf(OssError);
    expect(result.error?.code).toBe('ServiceUnreachableError');
    expect(result.error?.message).toMatch(/no answer within 1500 ms\) after 4 attempt\(s\)\.$/);
    expect(countRequests(emulators.onespan.requests(), 'GET', pdfPath)).toBe(4);
  });
});

describe("an org user's connection (as --target-org makes it)", () => {
  const queryPath = /^\/services\/data\/v[\d.]+\/query$/;
  const contentVersionPath = /^\/services\/data\/v[\d.]+\/sobjects\/ContentVersion$/;

  const connect = () =>
    connectWithAccessToken(
      emulators.salesforce.url,
      emulators.salesforce.issueAccessToken(),
      'emu',
      emulators.salesforce.apiVersion,
      new SalesforceApi(TIMEOUT_MS, RETRY),
    );

  it('gives up on a hung query after the timeout and 3 retries, not 30 minutes', async () => {
    emulators.salesforce.faults.add({ method: 'GET', path: queryPath, kind: 'timeout' });
    const org = await connect();
    const started = Date.now();
    const error = (await org.query('SELECT Id FROM Organization').catch((caught: unknown) => caught)) as OssError;
    expect(error).toBeInstanceOf(OssError);
    expect(error.code).toBe('ServiceUnreachableError');
    expect(error.message).toMatch(/^Salesforce did not answer GET \/services\/data\/v[\d.]+\/query on emu/);
    expect(countRequests(emulators.salesforce.requests(), 'GET', queryPath)).toBe(4);
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  it('retries a query answered 503 and gets the answer', async () => {
    emulators.salesforce.faults.add({ method: 'GET', path: queryPath, kind: 'status', status: 503, times: 2 });
    const org = await connect();
    const rows = await org.query<{ Id: string }>('SELECT Id FROM Organization');
    expect(rows).toHaveLength(1);
    expect(countRequests(emulators.salesforce.requests(), 'GET', queryPath)).toBe(3);
  });

  it('sends a creating POST once, even when its answer never comes', async () => {
    emulators.salesforce.faults.add({ method: 'POST', path: contentVersionPath, kind: 'timeout' });
    const org = await connect();
    const error = await org
      .request({
        method: 'POST',
        url: `/services/data/v${org.apiVersion}/sobjects/ContentVersion`,
        body: JSON.stringify({ Title: 'x', PathOnClient: 'x.pdf', VersionData: 'JVBERi0=' }),
        headers: { 'Content-Type': 'application/json' },
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OssError);
    expect((error as OssError).message).toMatch(/after 1 attempt\(s\)\.$/);
    expect(countRequests(emulators.salesforce.requests(), 'POST', contentVersionPath)).toBe(1);
  });
});
