/**
 * Runs every case of the receiver contract (read from the static resource, so cases the Apex side
 * adds are picked up) against the emulated /OSS/callback, and checks what was stored.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startSalesforceEmulator, type SalesforceEmulator } from '../../scripts/emulator';

interface ContractCase {
  id: string;
  when?: string;
  request: { method: 'GET' | 'POST'; body: string | null };
  expect: { status: number; body: Record<string, unknown>; record?: Record<string, unknown> };
}

interface Contract {
  limits: { maxBodyLength: number; maxFieldLength: number; maxMessageLength: number };
  when: Record<string, string>;
  cases: ContractCase[];
}

const contract = JSON.parse(
  readFileSync(resolve(__dirname, '../../force-app/main/default/staticresources/OssCallbackContract.json'), 'utf8'),
) as Contract;

/** An independent statement of the dedupe recipe (whole values, non-strings as JSON text), so a drift shows. */
function expectedDedupeKey(body: string): string {
  const event = JSON.parse(body) as Record<string, unknown>;
  const parts = ['name', 'packageId', 'createdDate', 'documentId', 'sessionUser'].map((k) => {
    const value = event[k];
    if (value === undefined || value === null) return '';
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
  return createHash('sha256').update(parts.join('|')).digest('hex');
}

/** The body a case sends: tooLargeBody pads its `"padding": ""` to one character over the body limit. */
function requestBody(c: ContractCase): string | null {
  const body = c.request.body;
  if (c.when !== 'tooLargeBody' || body === null) return body;
  return body.replace('"padding": ""', `"padding": "${'p'.repeat(contract.limits.maxBodyLength + 1 - body.length)}"`);
}

async function call(
  sf: SalesforceEmulator,
  token: string,
  method: string,
  body: string | null,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${sf.url}/services/apexrest/OSS/callback`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body ?? undefined,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const setUp: Record<string, (sf: SalesforceEmulator, token: string, c: ContractCase) => Promise<void>> = {
  duplicate: async (sf, token, c) => {
    const first = await call(sf, token, c.request.method, c.request.body);
    expect(first.body).toMatchObject({ status: 'stored' });
  },
  orgReadOnly: async (sf) => sf.setReadOnly(true),
  internalFault: async (sf) => sf.setInternalFault(true),
  tooLargeBody: async () => {},
};

describe('OssCallbackContract cases against the emulated receiver', () => {
  let sf: SalesforceEmulator;
  let token: string;

  beforeEach(async () => {
    sf = await startSalesforceEmulator();
    token = sf.issueAccessToken(sf.demo.runAsUserId);
  });
  afterEach(async () => {
    await sf.close();
  });

  it('knows how to set up every "when" the contract names', () => {
    const used = new Set(contract.cases.map((c) => c.when).filter((w): w is string => w !== undefined));
    for (const when of used) expect(Object.keys(contract.when)).toContain(when);
    for (const when of Object.keys(contract.when)) expect(Object.keys(setUp)).toContain(when);
  });

  it.each(contract.cases.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    if (c.when) await setUp[c.when](sf, token, c);
    const before = sf.events();

    const answer = await call(sf, token, c.request.method, requestBody(c));

    expect(answer.status).toBe(c.expect.status);
    expect(answer.body).toMatchObject(c.expect.body);
    const added = sf.events().slice(before.length);
    if (answer.body.status === 'stored') {
      const body = c.request.body as string;
      expect(added).toHaveLength(1);
      expect(added[0]).toMatchObject({
        Id: answer.body.recordId,
        Event_Name__c: answer.body.eventName,
        Raw_Payload__c: body,
        Dedupe_Key__c: expectedDedupeKey(body),
        Status__c: 'Received',
        Attempts__c: 0,
        Truncated_Fields__c: null,
        ...c.expect.record,
      });
    } else if (answer.body.status === 'duplicate') {
      expect(added).toHaveLength(0);
      expect(answer.body.recordId).toBe(before[0].Id);
    } else if (answer.status === 500) {
      // The receiver keeps the raw body of an event it could not store, for replay.
      expect(added).toEqual([
        expect.objectContaining({ Raw_Payload__c: c.request.body, Status__c: 'Failed', Dedupe_Key__c: null }),
      ]);
    } else {
      expect(added).toHaveLength(0);
    }
  });
});

describe('receiver rules beyond the listed cases', () => {
  let sf: SalesforceEmulator;
  let token: string;
  const post = (body: string) => call(sf, token, 'POST', body);

  beforeAll(async () => {
    sf = await startSalesforceEmulator();
    token = sf.issueAccessToken(sf.demo.runAsUserId);
  });
  afterAll(async () => {
    await sf.close();
  });

  it('applies the limits of the contract file at their exact boundaries: cut beyond them, refused only for the body', async () => {
    const { maxFieldLength, maxMessageLength, maxBodyLength } = contract.limits;
    const stored = async (event: Record<string, unknown>) => {
      const answer = await post(JSON.stringify(event));
      expect(answer.status).toBe(200);
      return sf.events().find((e) => e.Id === answer.body.recordId);
    };
    expect(await stored({ name: 'E', packageId: 'p'.repeat(maxFieldLength) })).toMatchObject({
      Package_Id__c: 'p'.repeat(maxFieldLength),
      Truncated_Fields__c: null,
    });
    expect(await stored({ name: 'E', sessionUser: 's'.repeat(maxFieldLength + 1) })).toMatchObject({
      Session_User__c: 's'.repeat(maxFieldLength),
      Truncated_Fields__c: 'sessionUser',
    });
    expect(await stored({ name: 'E', message: 'm'.repeat(maxMessageLength) })).toMatchObject({
      Truncated_Fields__c: null,
    });
    const cut = await stored({ name: 'N'.repeat(maxFieldLength + 1), message: 'm'.repeat(maxMessageLength + 1) });
    expect(cut).toMatchObject({ Event_Name__c: 'N'.repeat(maxFieldLength), Truncated_Fields__c: 'name,message' });
    expect(cut?.Message__c).toHaveLength(maxMessageLength);
    const padded = (length: number) => {
      const base = JSON.stringify({ name: 'E', packageId: 'big', message: '' });
      return base.replace('"message":""', `"message":"${' '.repeat(length - base.length)}"`);
    };
    expect(padded(maxBodyLength)).toHaveLength(maxBodyLength);
    expect((await post(padded(maxBodyLength))).status).toBe(200);
    const tooBig = await post(padded(maxBodyLength + 1));
    expect(tooBig).toMatchObject({ status: 413, body: { error: 'PAYLOAD_TOO_LARGE' } });
  });

  it('refuses only a name that is missing, blank or not a string; other fields of any type are stored', async () => {
    expect((await post('{"name": null, "packageId": 12345}')).body).toMatchObject({ error: 'MISSING_NAME' });
    expect((await post('{"name": 7}')).body).toMatchObject({ error: 'MISSING_NAME' });
    const answer = await post('{"name": "E", "documentId": {"id": "d"}, "message": ["a", 1]}');
    expect(sf.events().find((e) => e.Id === answer.body.recordId)).toMatchObject({
      Document_Id__c: '{"id":"d"}',
      Message__c: '["a",1]',
    });
  });

  it('stores the createdDate as a DateTime when it parses, and null when it does not', async () => {
    const good = await post('{"name": "PACKAGE_CREATE", "packageId": "d1", "createdDate": "2020-08-21T14:12:34.544Z"}');
    const bad = await post('{"name": "PACKAGE_CREATE", "packageId": "d2", "createdDate": "21/08/2020"}');
    const byId = (id: unknown) => sf.events().find((e) => e.Id === id);
    expect(byId(good.body.recordId)?.Event_Created_Date__c).toBe('2020-08-21T14:12:34.544+0000');
    expect(byId(bad.body.recordId)?.Event_Created_Date__c).toBeNull();
  });

  it('tells events apart by every part of the dedupe key', async () => {
    const base = {
      name: 'DOCUMENT_SIGNED',
      packageId: 'k1',
      createdDate: '2026-01-01T00:00:00.000Z',
      documentId: 'd',
      sessionUser: 'u',
    };
    expect((await post(JSON.stringify(base))).body.status).toBe('stored');
    for (const key of Object.keys(base) as (keyof typeof base)[]) {
      expect((await post(JSON.stringify({ ...base, [key]: `${base[key]}-other` }))).body.status).toBe('stored');
    }
    expect((await post(JSON.stringify({ ...base, '@class': 'x', message: 'ignored by the key' }))).body.status).toBe(
      'duplicate',
    );
  });

  it('names records with the AutoNumber format in arrival order', async () => {
    const names = sf.events().map((e) => e.Name);
    expect(names[0]).toBe('OSS-000001');
    expect(names).toEqual([...names].sort());
  });
});
