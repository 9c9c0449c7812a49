/**
 * Where Step 1's metadata lives in this project, and the names the deploy and its checks share. The
 * deploy splits the project's default package directory by folder, so it reads the folders from disk
 * here and leaves the plan itself a pure function of them.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The project root: sf resolves sfdx-project.json (and its replacements) from its working directory. */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..', '..');

export const EXTERNAL_CLIENT_APP_NAME = 'OneSpan_Sign_Callback';
export const CONNECTED_APP_NAME = 'OneSpan_Sign_Callback_CA';
export const PERMISSION_SET_NAME = 'OSS_Callback_Integration';

/** Option B lives outside every package directory, so a plain `sf project deploy start` never sends it. */
export const CONNECTED_APP_DIR = 'connected-app';

/**
 * CI and sandbox set-up only: a permission set that lets the deploying admin read the app's consumer key
 * and secret over REST. A package directory of its own, never the default one, so `--source-dir ci` is
 * tracked like any source in a scratch org. `npm run deploy` names its folders with `--source-dir`, so only
 * `--ci-permissions` sends this one; but a flagless `sf project deploy start` on a source-tracked org pushes
 * every package directory, this one included, and a manifest or `--metadata PermissionSet` resolves from
 * all of them (docs/deploy.md#the-ci-permission-set). The set grants nothing until assigned.
 */
export const CI_PERMISSIONS_DIR = 'ci';
export const CI_PERMISSION_SET_NAME = 'OSS_CI_Secret_Reader';

/** Every source folder of the External Client App (types resolved by suffix; these are SDR's folder names). */
export const ECA_FOLDERS: readonly string[] = [
  'externalClientApps',
  'extlClntAppOauthSettings',
  'extlClntAppGlobalOauthSets',
  'extlClntAppOauthPolicies',
  'extlClntAppPolicies',
];

/**
 * The admin-side policies (Run As user, plugin switch). Deployed after the app: the platform creates
 * default policies when it creates the app, and whether it accepts ours in the same deploy is unconfirmed.
 */
export const ECA_POLICY_FOLDERS: readonly string[] = ['extlClntAppOauthPolicies', 'extlClntAppPolicies'];

/** The environment variables that sfdx-project.json `replacements` read. */
export const REPLACEMENT_ENV = {
  runAsUsername: 'OSS_RUN_AS_USERNAME',
  contactEmail: 'OSS_CONTACT_EMAIL',
  /** Connected App only: the same names `npm run register` reads, so a chosen pair is set once. */
  consumerKey: 'SF_CLIENT_ID',
  consumerSecret: 'SF_CLIENT_SECRET',
  /** The OneSpan API base (ending in /api) of Named Credential OneSpan_Sign_API. */
  onespanApiUrl: 'OSS_ONESPAN_API_URL',
  /** OneSpan's OAuth token endpoint, for External Credential OneSpan_Sign_API_OAuth. */
  onespanTokenUrl: 'OSS_ONESPAN_TOKEN_URL',
  /** Which External Credential the Named Credential uses: API key or OAuth mode. */
  onespanExternalCredential: 'OSS_ONESPAN_EXTERNAL_CREDENTIAL',
  /** `true` in OAuth mode (Salesforce sends the Bearer token), `false` with the API key's formula header. */
  onespanGenerateAuthHeader: 'OSS_ONESPAN_GENERATE_AUTH_HEADER',
} as const;

/** The External Credentials of the archiving handler's OneSpan callouts (names shared with the Apex). */
export const ONESPAN_EXTERNAL_CREDENTIALS = {
  apiKey: 'OneSpan_Sign_API',
  oauth: 'OneSpan_Sign_API_OAuth',
} as const;

interface PackageDirectory {
  path: string;
  default?: boolean;
}

/** The default package directory named in sfdx-project.json (relative, posix). */
export function readDefaultPackageDirectory(projectRoot: string): string {
  const project = JSON.parse(readFileSync(path.join(projectRoot, 'sfdx-project.json'), 'utf8')) as {
    packageDirectories: PackageDirectory[];
  };
  const directory = project.packageDirectories.find((entry) => entry.default) ?? project.packageDirectories[0];
  return toPosix(directory.path);
}

/**
 * The metadata folders of a package directory, as `--source-dir` values relative to the project root.
 * It descends the conventional `main/default` path and keeps every other folder whole, so metadata placed
 * elsewhere in the package directory is still deployed. Folders without files are left out, because sf
 * refuses a `--source-dir` with nothing to deploy.
 */
export function listMetadataFolders(projectRoot: string, packageDirectory: string): string[] {
  const folders: string[] = [];
  const visit = (relative: string, descent: readonly string[]): void => {
    const entries = readdirSync(path.join(projectRoot, relative), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    for (const name of entries) {
      const child = `${relative}/${name}`;
      if (name === descent[0]) {
        visit(child, descent.slice(1));
      } else if (containsFile(path.join(projectRoot, child))) {
        folders.push(child);
      }
    }
  };
  visit(toPosix(packageDirectory), ['main', 'default']);
  return folders;
}

function containsFile(directory: string): boolean {
  if (!existsSync(directory)) {
    return false;
  }
  return readdirSync(directory, { withFileTypes: true }).some((entry) =>
    entry.isDirectory() ? containsFile(path.join(directory, entry.name)) : true,
  );
}

function toPosix(value: string): string {
  return value.split(path.sep).join('/').replace(/\/+$/, '');
}
