/** `npm run replay` against the emulators: a new payload, the same again (duplicate), and bad input. */
import { countRequests, EmulatorFixture, startEmulatorFixture } from '../helpers/emulatorFixture';

let fixture: EmulatorFixture;

beforeEach(async () => {
  fixture = await startEmulatorFixture();
});

afterEach(async () => {
  await fixture.close();
});

/** As OneSpan's callback failure e-mail shows it (onespan.md §3.1). */
const EMAILED = JSON.stringify({
  '@class': 'com.silanis.esl.packages.event.ESLProcessEvent',
  name: 'PACKAGE_COMPLETE',
  sessionUser: '30ba8506-sender',
  packageId: 'LWsUTvGgE4WpOvaQPT16idnxNj8=',
  message: null,
  documentId: null,
  createdDate: '2026-11-29T14:12:34.544Z',
});

interface Outcome {
  label: string;
  status: string;
  recordId?: string;
  errorCode?: string;
  message?: string;
}

const outcomes = (run: { json?: { result?: Record<string, unknown> } }) =>
  (run.json?.result as { payloads: Outcome[] }).payloads;
const callbackPosts = () =>
  countRequests(fixture.emulators.salesforce.requests(), 'POST', /^\/services\/apexrest\/OSS\/callback$/);

describe('replay', () => {
  it('stores a new payload, and answers duplicate for the same payload replayed, storing it once', async () => {
    const first = await fixture.run('replay', ['--file', 'mail.json', '--json'], { files: { 'mail.json': EMAILED } });
    expect(first.exitCode).toBe(0);
    expect(outcomes(first)).toEqual([
      expect.objectContaining({
        label: 'mail.json',
        status: 'stored',
        recordId: expect.stringMatching(/^a0O/) as string,
      }),
    ]);
    const again = await fixture.run('replay', ['--file', 'mail.json'], { files: { 'mail.json': EMAILED } });
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toMatch(/mail\.json\s+PACKAGE_COMPLETE\s+LWsUTvGgE4WpOvaQPT16idnxNj8=\s+duplicate\s+a0O/);
    expect(again.stdout).toContain('0 stored, 1 already there (duplicate, not stored again), 0 not replayed.');
    const stored = fixture.emulators.salesforce.events();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      Event_Name__c: 'PACKAGE_COMPLETE',
      Raw_Payload__c: EMAILED,
      Status__c: 'Received',
    });
    expect(callbackPosts()).toBe(2);
  });

  it('needs only the Salesforce settings: an admin with the failure e-mail and no OneSpan account replays', async () => {
    const pkg = 'ReplayWithoutOneSpan00000000=';
    const run = await fixture.run('replay', ['--file', 'mail.json', '--json'], {
      files: { 'mail.json': EMAILED.replace('LWsUTvGgE4WpOvaQPT16idnxNj8=', pkg) },
      env: { ONESPAN_API_URL: '', ONESPAN_API_KEY: '' },
    });
    expect(run.exitCode).toBe(0);
    expect(outcomes(run)).toEqual([expect.objectContaining({ status: 'stored' })]);
    expect(fixture.emulators.salesforce.events().some((event) => event.Package_Id__c === pkg)).toBe(true);
  });

  it('takes several files and arrays, reporting each payload with the receiver verdict', async () => {
    const batch = JSON.stringify([
      JSON.parse(EMAILED),
      { ...JSON.parse(EMAILED), name: 'PACKAGE_CREATE' },
      { name: 'PACKAGE_COMPLETE', packageId: 'p'.repeat(300) },
    ]);
    fixture.emulators.salesforce.setReadOnly(true);
    const run = await fixture.run('replay', ['--file', 'batch.json', '--json'], { files: { 'batch.json': batch } });
    expect(run.exitCode).toBe(1);
    expect(outcomes(run).map(({ status, errorCode }) => ({ status, errorCode }))).toEqual([
      { status: 'rejected', errorCode: 'ORG_READ_ONLY' },
      { status: 'rejected', errorCode: 'ORG_READ_ONLY' },
      { status: 'rejected', errorCode: 'ORG_READ_ONLY' },
    ]);
    fixture.emulators.salesforce.setReadOnly(false);

    const again = await fixture.run('replay', ['--file', 'one.json', '--file', 'batch.json', '--json'], {
      files: { 'one.json': EMAILED, 'batch.json': batch },
    });
    expect(again.exitCode).toBe(0);
    expect(outcomes(again).map(({ label, status, errorCode }) => ({ label, status, errorCode }))).toEqual([
      { label: 'one.json', status: 'stored', errorCode: undefined },
      { label: 'batch.json[0]', status: 'duplicate', errorCode: undefined },
      { label: 'batch.json[1]', status: 'stored', errorCode: undefined },
      // An over-long packageId is stored cut, never refused (contract v2): OneSpan will not send it again.
      { label: 'batch.json[2]', status: 'stored', errorCode: undefined },
    ]);
    expect(fixture.emulators.salesforce.events()).toHaveLength(3);
  });

  it('refuses invalid files locally, naming file and index, without contacting Salesforce', async () => {
    const run = await fixture.run(
      'replay',
      ['--file', 'empty.json', '--file', 'mail.txt', '--file', 'list.json', '--file', 'latin1.json', '--file', '-'],
      {
        files: {
          'empty.json': '',
          'mail.txt': 'Callback failed for {"name": PACKAGE_COMPLETE}',
          'list.json': '[{"packageId":"x"}]',
          'latin1.json': Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]),
        },
      },
    );
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('empty.json is empty');
    expect(run.stdout).toContain('mail.txt is not JSON');
    expect(run.stdout).toContain('list.json[0] has no "name"');
    expect(run.stdout).toContain('latin1.json is not UTF-8 text (invalid byte at offset 9)');
    expect(run.stdout).toContain('standard input is empty');
    expect(run.stdout).toContain('0 stored, 0 already there (duplicate, not stored again), 5 not replayed.');
    expect(fixture.emulators.salesforce.requests()).toHaveLength(0);
  });

  it('asks for a file when none is given', async () => {
    const run = await fixture.run('replay', []);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('No payload given: pass --file <payload.json>');
  });

  it('stops before replaying when the token fails, with the troubleshooting fix', async () => {
    const run = await fixture.run('replay', ['--file', 'mail.json', '--json'], {
      files: { 'mail.json': EMAILED },
      env: { SF_CLIENT_SECRET: 'NOT-THE-SECRET-987654' },
      secrets: [{ label: 'the wrong secret', value: 'NOT-THE-SECRET-987654' }],
    });
    expect(run.exitCode).toBe(1);
    expect(run.json).toMatchObject({ name: 'OAuthWrongSecretError' });
    expect(callbackPosts()).toBe(0);
  });
});
