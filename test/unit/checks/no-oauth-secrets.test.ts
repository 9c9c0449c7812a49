import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findOAuthSecrets, scanCredentialValues, scanForOAuthSecrets } from '../../../scripts/checks/no-oauth-secrets';
import { runChecks } from '../../../scripts/checks/run-all';

const ROOT = path.resolve(__dirname, '../../..');
const GLOBAL_SETTINGS =
  'force-app/main/default/extlClntAppGlobalOauthSets/OneSpan_Sign_Callback_glbloauth.ecaGlblOauth-meta.xml';
/** Shaped like a real ECA consumer secret (64 upper-case hex); made up for this test. */
const PASTED_SECRET = 'C0FFEE'.repeat(10) + 'ABCD';
const API_KEY_CREDENTIAL = 'force-app/main/default/externalCredentials/OneSpan_Sign_API.externalCredential-meta.xml';
const ONESPAN_NAMED_CREDENTIAL = 'force-app/main/default/namedCredentials/OneSpan_Sign_API.namedCredential-meta.xml';
/** Shaped like a OneSpan API key (base64 of id:secret); made up for this test. */
const PASTED_API_KEY = Buffer.from('a1b2c3d4e5f6:' + 'S3cr3tK3y'.repeat(4)).toString('base64');
const KEY_FORMULA = '{!&apos;Basic &apos; &amp; $Credential.OneSpan_Sign_API.ApiKey}';

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

describe('the OneSpan API key in the External and Named Credentials', () => {
  let copy: string;

  beforeAll(() => {
    copy = mkdtempSync(path.join(tmpdir(), 'no-key-'));
    cpSync(path.join(ROOT, 'force-app'), path.join(copy, 'force-app'), { recursive: true });
    writeFileSync(path.join(copy, 'sfdx-project.json'), readFileSync(path.join(ROOT, 'sfdx-project.json')));
  });

  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  /** Runs `check` on the copy with one file edited, then puts the file back. */
  function withEdited<T>(relative: string, edit: (xml: string) => string, check: () => T): T {
    const file = path.join(copy, relative);
    const original = readFileSync(file, 'utf8');
    try {
      const edited = edit(original);
      expect(edited).not.toBe(original);
      writeFileSync(file, edited);
      return check();
    } finally {
      writeFileSync(file, original);
    }
  }

  it('ships a header formula that reads the key from the principal, and nothing to flag', () => {
    const xml = readFileSync(path.join(ROOT, API_KEY_CREDENTIAL), 'utf8');
    expect(xml).toContain(`<parameterValue>${KEY_FORMULA}</parameterValue>`);
    expect(scanCredentialValues(API_KEY_CREDENTIAL, xml)).toEqual([]);
  });

  it('fails on a key pasted as the Authorization header, without showing it', () => {
    const findings = withEdited(
      API_KEY_CREDENTIAL,
      (xml) => xml.replace(KEY_FORMULA, `Basic ${PASTED_API_KEY}`),
      () => findOAuthSecrets(copy),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ file: API_KEY_CREDENTIAL, rule: 'no-oauth-secrets' });
    expect(findings[0].message).toMatch(/^<parameterValue> of AuthHeader holds a literal header value/);
    expect(JSON.stringify(findings)).not.toContain(PASTED_API_KEY);
  });

  it('fails on a key spelled out inside the formula', () => {
    const findings = withEdited(
      API_KEY_CREDENTIAL,
      (xml) => xml.replace(KEY_FORMULA, `{!&apos;Basic ${PASTED_API_KEY}&apos;}`),
      () => findOAuthSecrets(copy),
    );
    expect(findings.map((finding) => finding.file)).toEqual([API_KEY_CREDENTIAL]);
  });

  it('fails on a credential parameter given a value, and on a Named Credential password', () => {
    const parameter = [
      '    <externalCredentialParameters>',
      '        <parameterGroup>OneSpan_Sign_Principal</parameterGroup>',
      '        <parameterName>ApiKey</parameterName>',
      '        <parameterType>AuthParameter</parameterType>',
      `        <parameterValue>${PASTED_API_KEY}</parameterValue>`,
      '    </externalCredentialParameters>',
    ].join('\n');
    const fromParameter = withEdited(
      API_KEY_CREDENTIAL,
      (xml) => xml.replace('    <label>', `${parameter}\n    <label>`),
      () => findOAuthSecrets(copy),
    );
    expect(fromParameter.map((finding) => finding.message.split(' holds')[0])).toEqual([
      '<parameterValue> of AuthParameter',
    ]);
    const fromPassword = withEdited(
      ONESPAN_NAMED_CREDENTIAL,
      (xml) => xml.replace('    <label>', `    <password>${PASTED_API_KEY}</password>\n    <label>`),
      () => findOAuthSecrets(copy),
    );
    expect(fromPassword).toMatchObject([
      { file: ONESPAN_NAMED_CREDENTIAL, message: expect.stringMatching(/^<password> holds a password/) },
    ]);
    expect(JSON.stringify([...fromParameter, ...fromPassword])).not.toContain(PASTED_API_KEY);
  });

  it('makes lint:sf (and so npm test) fail on a pasted key', async () => {
    expect((await runChecks(copy, ['no-oauth-secrets']))[0].ok).toBe(true);
    const file = path.join(copy, API_KEY_CREDENTIAL);
    const original = readFileSync(file, 'utf8');
    try {
      writeFileSync(file, original.replace(KEY_FORMULA, `Basic ${PASTED_API_KEY}`));
      const [report] = await runChecks(copy, ['no-oauth-secrets']);
      expect(report.ok).toBe(false);
      expect(report.findings.map((finding) => finding.file)).toEqual([API_KEY_CREDENTIAL]);
    } finally {
      writeFileSync(file, original);
    }
  });

  it('accepts placeholders, variant names and token URLs, and reads past comments', () => {
    const xml = [
      '<!-- <parameterType>AuthHeader</parameterType><parameterValue>Basic abc</parameterValue> -->',
      '<externalCredentialParameters><parameterType>AuthProviderUrl</parameterType><parameterValue>https://apps.esignlive.com/oauth2/token</parameterValue></externalCredentialParameters>',
      '<externalCredentialParameters><parameterType>AuthProtocolVariant</parameterType><parameterValue>ClientCredentialsClientSecretBasic</parameterValue></externalCredentialParameters>',
      '<externalCredentialParameters><parameterType>AuthHeader</parameterType><parameterValue>__OSS_HEADER__</parameterValue></externalCredentialParameters>',
    ].join('\n');
    expect(scanCredentialValues('x.externalCredential', xml)).toEqual([]);
  });
});
