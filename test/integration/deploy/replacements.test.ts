/**
 * The sfdx-project.json replacements, checked with the real sf CLI offline: `sf project convert source`
 * applies them when SF_APPLY_REPLACEMENTS_ON_CONVERT=true, exactly as a deploy does in memory. The
 * converted files are what the org would receive.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { explainStepFailure, collectProblems } from '../../../scripts/lib/deploy/cli-errors';
import { createSfRunner, type SfOutcome } from '../../../scripts/lib/deploy/sf-cli';
import {
  DEFAULT_ONESPAN_API_URL,
  oneSpanReplacementEnv,
  resolveOneSpanTarget,
} from '../../../scripts/lib/deploy/settings';
import { oauthTokenUrl } from '../../../scripts/lib/onespan/auth';
import {
  CI_PERMISSIONS_DIR,
  CONNECTED_APP_DIR,
  ECA_FOLDERS,
  ONESPAN_EXTERNAL_CREDENTIALS,
  PROJECT_ROOT,
  REPLACEMENT_ENV,
} from '../../../scripts/lib/deploy/source-layout';

const runSf = createSfRunner(PROJECT_ROOT);
const ECA_SOURCE_DIRS = ECA_FOLDERS.map((folder) => `force-app/main/default/${folder}`);
/** Made up for this test; shaped like a chosen Connected App secret. */
const TEST_SECRET = 'F00DFACE'.repeat(8);

let workDir: string;
let runs = 0;

beforeAll(() => {
  workDir = mkdtempSync(path.join(tmpdir(), 'replacements-'));
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** Converts into a fresh folder with a throw-away HOME; variables not named are unset. */
async function convert(
  sourceDirs: string[],
  env: Record<string, string | undefined>,
): Promise<{ outcome: SfOutcome; outputDir: string }> {
  const outputDir = path.join(workDir, `out-${++runs}`);
  const args = [
    'project',
    'convert',
    'source',
    ...sourceDirs.flatMap((dir) => ['--source-dir', dir]),
    '--output-dir',
    outputDir,
    '--json',
  ];
  // Removed, not emptied: the CLI accepts an empty variable and replaces the placeholder with nothing.
  const unset = Object.fromEntries(Object.values(REPLACEMENT_ENV).map((name) => [name, undefined]));
  const outcome = await runSf(args, {
    ...unset,
    HOME: path.join(workDir, 'home'),
    SF_DISABLE_LOG_FILE: 'true',
    ...env,
  });
  return { outcome, outputDir };
}

function read(outputDir: string, folder: string): string {
  const dir = path.join(outputDir, folder);
  const [file] = readdirSync(dir);
  return readFileSync(path.join(dir, file), 'utf8');
}

/** Every value of an element (comments stripped, so only real elements count). */
function values(xml: string, element: string): string[] {
  const withoutComments = xml.replace(/<!--[\s\S]*?-->/g, '');
  return [...withoutComments.matchAll(new RegExp(`<${element}>([\\s\\S]*?)</${element}>`, 'g'))].map((m) =>
    m[1].trim(),
  );
}

describe('External Client App source, converted as the deploy sends it', () => {
  let outputDir: string;

  beforeAll(async () => {
    const converted = await convert(ECA_SOURCE_DIRS, {
      SF_APPLY_REPLACEMENTS_ON_CONVERT: 'true',
      OSS_RUN_AS_USERNAME: 'integration@acme.com.uat',
      OSS_CONTACT_EMAIL: 'ops@acme.com',
    });
    expect(converted.outcome.json?.status).toBe(0);
    outputDir = converted.outputDir;
  });

  it('puts the Run As username from OSS_RUN_AS_USERNAME into the OAuth policies', () => {
    expect(values(read(outputDir, 'extlClntAppOauthPolicies'), 'clientCredentialsFlowUser')).toEqual([
      'integration@acme.com.uat',
    ]);
  });

  it('puts the contact e-mail from OSS_CONTACT_EMAIL into the app', () => {
    expect(values(read(outputDir, 'externalClientApps'), 'contactEmail')).toEqual(['ops@acme.com']);
  });

  it('leaves no placeholder behind in any converted file', () => {
    for (const folder of ECA_FOLDERS) {
      expect(read(outputDir, folder)).not.toMatch(/__[A-Z_]+__/);
    }
  });

  it('asks for the api scope and nothing else', () => {
    expect(values(read(outputDir, 'extlClntAppOauthSettings'), 'commaSeparatedOauthScopes')).toEqual(['Api']);
  });

  it('switches the Client Credentials Flow on on both sides, with PKCE off and the OAuth plugin on', () => {
    const global = read(outputDir, 'extlClntAppGlobalOauthSets');
    expect(values(global, 'isClientCredentialsFlowEnabled')).toEqual(['true']);
    expect(values(global, 'isPkceRequired')).toEqual(['false']);
    expect(values(read(outputDir, 'extlClntAppOauthPolicies'), 'isClientCredentialsFlowEnabled')).toEqual(['true']);
    const plugin = read(outputDir, 'extlClntAppPolicies');
    expect(values(plugin, 'isEnabled')).toEqual(['true']);
    expect(values(plugin, 'isOauthPluginEnabled')).toEqual(['true']);
  });

  it('sends no consumer key, consumer secret, oauthLink or org-scoped id (the platform generates them)', () => {
    for (const folder of ECA_FOLDERS) {
      const xml = read(outputDir, folder);
      for (const element of ['consumerKey', 'consumerSecret', 'oauthLink', 'orgScopedExternalApp']) {
        expect(values(xml, element)).toEqual([]);
      }
    }
  });

  it('lists the five app types in package.xml', () => {
    const packageXml = readFileSync(path.join(outputDir, 'package.xml'), 'utf8');
    for (const type of [
      'ExternalClientApplication',
      'ExtlClntAppOauthSettings',
      'ExtlClntAppGlobalOauthSettings',
      'ExtlClntAppOauthConfigurablePolicies',
      'ExtlClntAppConfigurablePolicies',
    ]) {
      expect(packageXml).toContain(`<name>${type}</name>`);
    }
  });
});

describe('the OneSpan Named and External Credentials, converted as the deploy sends them', () => {
  const CREDENTIAL_DIRS = ['force-app/main/default/namedCredentials', 'force-app/main/default/externalCredentials'];
  /** One sf CLI conversion takes 20 s on a quiet machine and over a minute on a busy shared one. */
  const CONVERT_TIMEOUT_MS = 240_000;

  async function convertFor(flags: { onespanEnv?: string; onespanUrl?: string }, env: Record<string, string>) {
    const target = resolveOneSpanTarget(flags, env);
    const converted = await convert(CREDENTIAL_DIRS, {
      SF_APPLY_REPLACEMENTS_ON_CONVERT: 'true',
      ...oneSpanReplacementEnv(target),
    });
    expect(converted.outcome.json?.status).toBe(0);
    const externalDir = path.join(converted.outputDir, 'externalCredentials');
    const external = Object.fromEntries(
      readdirSync(externalDir).map((file) => [file, readFileSync(path.join(externalDir, file), 'utf8')]),
    );
    return { named: read(converted.outputDir, 'namedCredentials'), external, outputDir: converted.outputDir };
  }

  it(
    'API key mode: the region URL, External Credential OneSpan_Sign_API, its own formula header, no placeholder left',
    async () => {
      const { named, external, outputDir } = await convertFor({ onespanEnv: 'ca-sandbox' }, {});
      expect(values(named, 'parameterValue')).toEqual(['https://sandbox.e-signlive.ca/api']);
      expect(values(named, 'externalCredential')).toEqual(['OneSpan_Sign_API']);
      expect(values(named, 'generateAuthorizationHeader')).toEqual(['false']);
      expect(values(external['OneSpan_Sign_API.externalCredential'], 'parameterValue')).toEqual([
        '{!&apos;Basic &apos; &amp; $Credential.OneSpan_Sign_API.ApiKey}',
      ]);
      expect(values(external['OneSpan_Sign_API_OAuth.externalCredential'], 'parameterValue')).toContain(
        'https://sandbox.e-signlive.ca/oauth2/token',
      );
      const packageXml = readFileSync(path.join(outputDir, 'package.xml'), 'utf8');
      expect(packageXml).toContain('<members>OneSpan_Sign_API</members>');
      expect(packageXml).toContain('<members>OneSpan_Sign_API_OAuth</members>');
      expect(packageXml).toContain('<name>NamedCredential</name>');
      expect(packageXml).toContain('<name>ExternalCredential</name>');
      for (const xml of [named, ...Object.values(external)]) {
        expect(xml.replace(/<!--[\s\S]*?-->/g, '')).not.toMatch(/__[A-Z_]+__/);
      }
    },
    CONVERT_TIMEOUT_MS,
  );

  it(
    'OAuth mode (ONESPAN_CLIENT_ID set): ONESPAN_API_URL, External Credential OneSpan_Sign_API_OAuth, generated header',
    async () => {
      const { named } = await convertFor(
        {},
        { ONESPAN_API_URL: 'https://apps.esignlive.eu/api', ONESPAN_CLIENT_ID: 'client-id-for-test' },
      );
      expect(values(named, 'parameterValue')).toEqual(['https://apps.esignlive.eu/api']);
      expect(values(named, 'externalCredential')).toEqual(['OneSpan_Sign_API_OAuth']);
      expect(values(named, 'generateAuthorizationHeader')).toEqual(['true']);
    },
    CONVERT_TIMEOUT_MS,
  );
});

describe('a plain conversion with none of the OSS_* variables set', () => {
  /**
   * Every folder of force-app but the two files that need the Run As user: the app's policies (its username) and
   * the app itself (its contact defaults to that username).
   */
  const WITHOUT_RUN_AS = readdirSync(path.join(PROJECT_ROOT, 'force-app/main/default'))
    .filter((folder) => !['extlClntAppOauthPolicies', 'externalClientApps'].includes(folder))
    .map((folder) => `force-app/main/default/${folder}`);

  it('fills the documented defaults: the us-sandbox OneSpan API, API key mode, its token URL', async () => {
    const { outcome, outputDir } = await convert(WITHOUT_RUN_AS, { SF_APPLY_REPLACEMENTS_ON_CONVERT: 'true' });
    expect(outcome.json?.status).toBe(0);
    const named = read(outputDir, 'namedCredentials');
    expect(values(named, 'parameterValue')).toEqual([DEFAULT_ONESPAN_API_URL]);
    expect(values(named, 'externalCredential')).toEqual([ONESPAN_EXTERNAL_CREDENTIALS.apiKey]);
    expect(values(named, 'generateAuthorizationHeader')).toEqual(['false']);
    const oauth = readFileSync(
      path.join(outputDir, 'externalCredentials/OneSpan_Sign_API_OAuth.externalCredential'),
      'utf8',
    );
    expect(values(oauth, 'parameterValue')).toEqual([
      'ClientCredentialsClientSecretBasic',
      oauthTokenUrl(DEFAULT_ONESPAN_API_URL),
    ]);
    const converted = readdirSync(outputDir, { recursive: true, encoding: 'utf8' })
      .filter((file) => /Credential$|\.ecaOauth$|\.ecaGlblOauth$|\.ecaPlcy$/.test(file))
      .map((file) => readFileSync(path.join(outputDir, file), 'utf8').replace(/<!--[\s\S]*?-->/g, ''));
    expect(converted.join('\n')).not.toMatch(/__[A-Z_]+__/);
  });

  it('stops on the whole of force-app with one message naming the one variable without a default', async () => {
    const { outcome } = await convert(['force-app'], { SF_APPLY_REPLACEMENTS_ON_CONVERT: 'true' });
    expect(outcome.exitCode).not.toBe(0);
    expect(collectProblems(outcome.json).join('\n')).toMatch(
      /"OSS_RUN_AS_USERNAME" is in sfdx-project.json as a value for "replaceWithEnv"/,
    );
  });

  it("with only OSS_RUN_AS_USERNAME set, converts all of force-app and uses that username as the app's contact", async () => {
    const { outcome, outputDir } = await convert(['force-app'], {
      SF_APPLY_REPLACEMENTS_ON_CONVERT: 'true',
      OSS_RUN_AS_USERNAME: 'integration@acme.com.uat',
    });
    expect(outcome.json?.status).toBe(0);
    expect(values(read(outputDir, 'externalClientApps'), 'contactEmail')).toEqual(['integration@acme.com.uat']);
    expect(values(read(outputDir, 'extlClntAppOauthPolicies'), 'clientCredentialsFlowUser')).toEqual([
      'integration@acme.com.uat',
    ]);
  });

  it('keeps each default file equal to the value npm run deploy would choose with no OneSpan setting', () => {
    const defaults = (name: string) =>
      readFileSync(path.join(PROJECT_ROOT, 'config/deploy-defaults', name), 'utf8').trim();
    expect(oneSpanReplacementEnv(resolveOneSpanTarget({}, {}))).toEqual({
      OSS_ONESPAN_API_URL: defaults('OSS_ONESPAN_API_URL'),
      OSS_ONESPAN_TOKEN_URL: defaults('OSS_ONESPAN_TOKEN_URL'),
      OSS_ONESPAN_EXTERNAL_CREDENTIAL: defaults('OSS_ONESPAN_EXTERNAL_CREDENTIAL'),
      OSS_ONESPAN_GENERATE_AUTH_HEADER: defaults('OSS_ONESPAN_GENERATE_AUTH_HEADER'),
    });
  });
});

describe('an unset replacement variable', () => {
  it("stops the conversion with the CLI's error, which the deploy maps to a clear fix", async () => {
    const { outcome } = await convert(['force-app/main/default/extlClntAppOauthPolicies'], {
      SF_APPLY_REPLACEMENTS_ON_CONVERT: 'true',
    });
    expect(outcome.exitCode).not.toBe(0);
    const problems = collectProblems(outcome.json);
    expect(problems.join('\n')).toContain(
      '"OSS_RUN_AS_USERNAME" is in sfdx-project.json as a value for "replaceWithEnv"',
    );
    const error = explainStepFailure({ number: 2, title: 'policies' }, problems);
    expect(error.code).toBe('ReplacementVariableUnsetError');
    expect(error.message).toContain('OSS_RUN_AS_USERNAME');
  });
});

describe('the Connected App (Option B)', () => {
  it('converts from outside the package directories with its four variables in place', async () => {
    const { outcome, outputDir } = await convert([CONNECTED_APP_DIR], {
      SF_APPLY_REPLACEMENTS_ON_CONVERT: 'true',
      OSS_RUN_AS_USERNAME: 'integration@acme.com',
      OSS_CONTACT_EMAIL: 'ops@acme.com',
      SF_CLIENT_ID: 'OSS0123456789abcdef',
      SF_CLIENT_SECRET: TEST_SECRET,
    });
    expect(outcome.json?.status).toBe(0);
    const xml = read(outputDir, 'connectedApps');
    expect(values(xml, 'consumerKey')).toEqual(['OSS0123456789abcdef']);
    expect(values(xml, 'consumerSecret')).toEqual([TEST_SECRET]);
    expect(values(xml, 'oauthClientCredentialUser')).toEqual(['integration@acme.com']);
    expect(values(xml, 'contactEmail')).toEqual(['ops@acme.com']);
    expect(values(xml, 'isClientCredentialEnabled')).toEqual(['true']);
    expect(values(xml, 'scopes')).toEqual(['Api']);
  });

  it("is not part of a plain deploy of the default package, which carries the archive's components", async () => {
    const { outcome, outputDir } = await convert(['force-app'], { OSS_RUN_AS_USERNAME: 'integration@acme.com' });
    expect(outcome.json?.status).toBe(0);
    const packageXml = readFileSync(path.join(outputDir, 'package.xml'), 'utf8');
    expect(packageXml).toContain('<name>ExternalClientApplication</name>');
    expect(packageXml).not.toContain('<name>ConnectedApp</name>');
    expect(packageXml).not.toContain('OSS_CI_Secret_Reader');
    for (const member of [
      'OssDocumentArchiver',
      'OssOneSpanApi',
      'OssArchivePlan',
      'OSS_Archive_Setting__mdt',
      'OSS_Archive_Setting__mdt.Record_Link_Visibility__c',
      'OssCallbackSetupException',
      'ContentVersion.OneSpan_Package_Id__c',
      'ContentVersion.OneSpan_Document_Id__c',
      'OSS_Callback_Event__c.Archive_Notes__c',
      'OneSpan_Sign_API_OAuth',
    ]) {
      expect(packageXml).toContain(`<members>${member}</members>`);
    }
  });
});

describe('the CI permission set', () => {
  it('is a package directory of its own, never the default one, so --source-dir ci is tracked like any source', () => {
    const project = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'sfdx-project.json'), 'utf8')) as {
      packageDirectories: { path: string; default?: boolean }[];
    };
    expect(project.packageDirectories).toEqual([
      { path: 'force-app', default: true },
      { path: CI_PERMISSIONS_DIR, default: false },
    ]);
  });

  it('converts with --source-dir ci as one PermissionSet with the four user permissions', async () => {
    const { outcome, outputDir } = await convert([CI_PERMISSIONS_DIR], {});
    expect(outcome.json?.status).toBe(0);
    const packageXml = readFileSync(path.join(outputDir, 'package.xml'), 'utf8');
    expect(packageXml).toMatch(/<members>OSS_CI_Secret_Reader<\/members>\s*<name>PermissionSet<\/name>/);
    const xml = read(outputDir, 'permissionsets');
    expect(values(xml, 'name').sort()).toEqual([
      'ExternalClientAppAdmin',
      'ExternalClientAppDeveloper',
      'ExternalClientAppViewer',
      'ViewClientSecret',
    ]);
  });
});
