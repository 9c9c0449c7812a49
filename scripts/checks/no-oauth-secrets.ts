/**
 * A guard against the most likely leak in this project: `sf project retrieve start` of the External
 * Client App (or a Connected App) writes the org's consumer key, consumer secret, oauthLink and Run As
 * username into the source files, and the next commit publishes them. Every metadata file in the
 * project must hold a `__PLACEHOLDER__` (or nothing) in those elements. The value found is never shown.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export type OAuthSecretFinding = {
  /** Relative to the root, with forward slashes. */
  file: string;
  line: number;
  message: string;
  rule: 'no-oauth-secrets';
};

/** Why each element must not carry a real value, and what to do instead. */
const GUARDED_ELEMENTS: Readonly<Record<string, string>> = {
  consumerSecret:
    'holds a consumer secret: secrets never go into source. Put the placeholder back (or remove the element) and rotate the secret if it was ever committed',
  consumerKey:
    'holds a consumer key: the platform generates it per org (a Connected App takes it from SF_CLIENT_ID at deploy time). Put the placeholder back or remove the element',
  oauthLink:
    'holds an oauthLink (<OrgId>:<ConsumerId>) from one org: it makes deploys to other orgs fail. Remove the element; the platform generates it',
  orgScopedExternalApp:
    'holds an org-scoped app id from one org: it makes deploys to other orgs fail. Remove the element; the platform generates it',
  clientCredentialsFlowUser:
    'holds a real Run As username (retrieved from an org?): put back __OSS_RUN_AS_USERNAME__, which the deploy fills from OSS_RUN_AS_USERNAME',
  oauthClientCredentialUser:
    'holds a real Run As username (retrieved from an org?): put back __OSS_RUN_AS_USERNAME__, which the deploy fills from OSS_RUN_AS_USERNAME',
};

/** Source-format files end in `-meta.xml`; metadata-format (retrieved/converted) ones carry the bare suffix. */
const METADATA_FILE = /(\.xml|\.connectedApp|\.eca|\.ecaOauth|\.ecaGlblOauth|\.ecaOauthPlcy|\.ecaPlcy)$/;
const PLACEHOLDER = /^__[A-Z][A-Z0-9_]*__$/;
const ELEMENT = new RegExp(`<(${Object.keys(GUARDED_ELEMENTS).join('|')})>([\\s\\S]*?)</\\1>`, 'g');

/** Dependencies and tool state (`.git`, `.sf`, `.sfdx`, ...) are not the project's source. */
function isSkippedDirectory(name: string): boolean {
  return name === 'node_modules' || name.startsWith('.');
}

function listMetadataFiles(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const entryPath = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      return isSkippedDirectory(entry.name) ? [] : listMetadataFiles(entryPath);
    }
    return entry.isFile() && METADATA_FILE.test(entry.name) ? [entryPath] : [];
  });
}

/** Findings for one file's text; `file` is only used to label them. */
export function scanForOAuthSecrets(file: string, text: string): OAuthSecretFinding[] {
  const findings: OAuthSecretFinding[] = [];
  for (const match of text.matchAll(ELEMENT)) {
    const [, element, rawValue] = match;
    const value = rawValue.trim();
    if (value === '' || PLACEHOLDER.test(value)) {
      continue;
    }
    findings.push({
      file,
      line: text.slice(0, match.index).split('\n').length,
      message: `<${element}> ${GUARDED_ELEMENTS[element]}`,
      rule: 'no-oauth-secrets',
    });
  }
  return findings;
}

/** Every metadata file under `root` (force-app, connected-app, anything else), sorted for stable output. */
export function findOAuthSecrets(root: string): OAuthSecretFinding[] {
  return listMetadataFiles(root)
    .sort()
    .flatMap((file) =>
      scanForOAuthSecrets(path.relative(root, file).split(path.sep).join('/'), fs.readFileSync(file, 'utf8')),
    );
}
