import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findOAuthSecrets, scanForOAuthSecrets } from '../../../scripts/checks/no-oauth-secrets';
import { runChecks } from '../../../scripts/checks/run-all';

const ROOT = path.resolve(__dirname, '../../..');
const GLOBAL_SETTINGS =
  'force-app/main/default/extlClntAppGlobalOauthSets/OneSpan_Sign_Callback_glbloauth.ecaGlblOauth-meta.xml';
/** Shaped like a real ECA consumer secret (64 upper-case hex); made up for this test. */
const PASTED_SECRET = 'C0FFEE'.repeat(10) + 'ABCD';

describe('findOAuthSecrets', () => {
  let copy: string;

  beforeAll(() => {
    copy = mkdtempSync(path.join(tmpdir(), 'no-secrets-'));
    for (const folder of ['force-app', 'connected-app']) {
      cpSync(path.join(ROOT, folder), path.join(copy, folder), { recursive: true });
    }
  });

  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it('finds nothing in the project as committed (placeholders only)', () => {
    expect(findOAuthSecrets(ROOT)).toEqual([]);
  });

  it('fails when a consumer secret is pasted into a force-app file, without showing it', () => {
    const file = path.join(copy, GLOBAL_SETTINGS);
    const original = readFileSync(file, 'utf8');
    try {
      writeFileSync(
        file,
        original.replace(
          '<isClientCredentialsFlowEnabled>',
          `<consumerSecret>${PASTED_SECRET}</consumerSecret>\n    <isClientCredentialsFlowEnabled>`,
        ),
      );
      const findings = findOAuthSecrets(copy);
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ file: GLOBAL_SETTINGS, rule: 'no-oauth-secrets' });
      expect(findings[0].message).toMatch(/^<consumerSecret> holds a consumer secret/);
      expect(original.split('\n')[findings[0].line - 1]).toContain('<isClientCredentialsFlowEnabled>');
      expect(JSON.stringify(findings)).not.toContain(PASTED_SECRET);
    } finally {
      writeFileSync(file, original);
    }
  });

  it('makes lint:sf (and so npm test) fail on that pasted secret', async () => {
    const file = path.join(copy, GLOBAL_SETTINGS);
    const original = readFileSync(file, 'utf8');
    writeFileSync(path.join(copy, 'sfdx-project.json'), readFileSync(path.join(ROOT, 'sfdx-project.json')));
    try {
      expect((await runChecks(copy, ['no-oauth-secrets']))[0].ok).toBe(true);
      writeFileSync(
        file,
        original.replace('</label>', `</label>\n    <consumerSecret>${PASTED_SECRET}</consumerSecret>`),
      );
      const [report] = await runChecks(copy, ['no-oauth-secrets']);
      expect(report.ok).toBe(false);
      expect(report.findings.map((finding) => finding.file)).toEqual([GLOBAL_SETTINGS]);
    } finally {
      writeFileSync(file, original);
    }
  });

  it("fails when the Connected App's placeholders were replaced by real values", () => {
    const file = path.join(
      copy,
      'connected-app/main/default/connectedApps/OneSpan_Sign_Callback_CA.connectedApp-meta.xml',
    );
    const original = readFileSync(file, 'utf8');
    try {
      writeFileSync(
        file,
        original
          .replace('__SF_CLIENT_ID__', '3MVG9abcdefghijklmnop')
          .replace('__SF_CLIENT_SECRET__', PASTED_SECRET)
          .replace('__OSS_RUN_AS_USERNAME__', 'integration@acme.com'),
      );
      expect(findOAuthSecrets(copy).map((finding) => finding.message.split('>')[0])).toEqual([
        '<consumerKey',
        '<consumerSecret',
        '<oauthClientCredentialUser',
      ]);
    } finally {
      writeFileSync(file, original);
    }
  });
});

describe('scanForOAuthSecrets', () => {
  it('flags an oauthLink, an org-scoped app id and a retrieved Run As user, with their lines', () => {
    const retrieved = [
      '<ExtlClntAppOauthSettings>',
      '    <oauthLink>00D000000000001:0H4000000000001</oauthLink>',
      '</ExtlClntAppOauthSettings>',
      '<ExternalClientApplication><orgScopedExternalApp>00D000000000001:OneSpan_Sign_Callback</orgScopedExternalApp></ExternalClientApplication>',
      '<clientCredentialsFlowUser>',
      '    admin@acme.com',
      '</clientCredentialsFlowUser>',
    ].join('\n');
    expect(
      scanForOAuthSecrets('x.xml', retrieved).map((finding) => [finding.line, finding.message.split('>')[0]]),
    ).toEqual([
      [2, '<oauthLink'],
      [4, '<orgScopedExternalApp'],
      [5, '<clientCredentialsFlowUser'],
    ]);
  });

  it('accepts placeholders and empty elements', () => {
    expect(
      scanForOAuthSecrets(
        'x.xml',
        '<consumerKey>__SF_CLIENT_ID__</consumerKey><consumerSecret></consumerSecret><oauthLink> </oauthLink>',
      ),
    ).toEqual([]);
  });

  it('does not take a lower-case or partial placeholder for one', () => {
    expect(scanForOAuthSecrets('x.xml', '<consumerSecret>__abc__</consumerSecret>')).toHaveLength(1);
    expect(scanForOAuthSecrets('x.xml', '<consumerSecret>__SECRET__x</consumerSecret>')).toHaveLength(1);
  });
});
