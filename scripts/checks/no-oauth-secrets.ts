/**
 * A guard against the most likely leak in this project: `sf project retrieve start` of the External
 * Client App (or a Connected App) writes the org's consumer key, consumer secret, oauthLink and Run As
 * username into the source files, and the next commit publishes them. Every metadata file in the
 * project must hold a `__PLACEHOLDER__` (or nothing) in those elements. The value found is never shown.
 *
 * The OneSpan API key has the same risk in the External and Named Credentials: Salesforce keeps the key
 * in the principal (written by `npm run register` through the Connect REST API), and the metadata only
 * refers to it with a formula. A literal `Authorization` header, a credential parameter with a value,
 * or a legacy Named Credential password would put a key in source, so each is a finding.
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
const METADATA_FILE =
  /(\.xml|\.connectedApp|\.eca|\.ecaOauth|\.ecaGlblOauth|\.ecaOauthPlcy|\.ecaPlcy|\.externalCredential|\.namedCredential)$/;

/** Why each credential parameter or element must not carry a literal value, and what to do instead. */
const CREDENTIAL_RULES = {
  header:
    "holds a literal header value: a key written here is published with the source. Use a formula that reads the principal, e.g. {!'Basic ' & $Credential.OneSpan_Sign_API.ApiKey}, and write the key with npm run register",
  parameter:
    'holds a credential value: a key written here is published with the source. Remove the value and write the key with npm run register (Connect REST API); rotate the key if it was ever committed',
  password:
    'holds a password: a key written here is published with the source. Remove it, use the External Credential and write the key with npm run register; rotate the key if it was ever committed',
} as const;
/** Parameter types whose value is a header sent with every callout. */
const HEADER_PARAMETER_TYPES = new Set(['AuthHeader', 'HttpHeader']);
/** Parameter types that hold a credential value, which only the Connect API or Setup may set. */
const SECRET_PARAMETER_TYPES = new Set(['AuthParameter', 'SecretParameter', 'Password']);
/** A formula merge field, which Salesforce evaluates at callout time from the principal's stored values. */
const FORMULA = /^\{!.*\}$/s;
/** The only text a header formula may spell out itself: the scheme before the key. */
const SCHEME_LITERAL = /^(Basic|Bearer|Token)?\s*$/i;

/** A header value is safe when it is a formula that reads the key from `$Credential` and spells out no more than a scheme. */
function isCredentialFormula(value: string): boolean {
  if (!FORMULA.test(value) || !value.includes('$Credential.')) return false;
  return [...value.matchAll(/'([^']*)'|"([^"]*)"/g)].every((literal) => SCHEME_LITERAL.test(literal[1] ?? literal[2]));
}
const PARAMETER_BLOCK = /<(externalCredentialParameters|namedCredentialParameters)>([\s\S]*?)<\/\1>/g;
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

function elementText(block: string, name: string): string | undefined {
  return new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(block)?.[1].trim();
}

/** Findings for the parameters and password of an External or Named Credential file. */
export function scanCredentialValues(file: string, text: string): OAuthSecretFinding[] {
  const findings: OAuthSecretFinding[] = [];
  const lineOf = (index: number): number => text.slice(0, index).split('\n').length;
  const withoutComments = text.replace(/<!--[\s\S]*?-->/g, (comment) => comment.replace(/[^\n]/g, ' '));
  for (const match of withoutComments.matchAll(PARAMETER_BLOCK)) {
    const block = match[2];
    const type = elementText(block, 'parameterType') ?? '';
    const value = elementText(block, 'parameterValue');
    if (value === undefined || value === '' || PLACEHOLDER.test(value)) continue;
    const decoded = value
      .replace(/&apos;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
    if (HEADER_PARAMETER_TYPES.has(type) && !isCredentialFormula(decoded)) {
      findings.push({
        file,
        line: lineOf(match.index ?? 0),
        message: `<parameterValue> of ${type} ${CREDENTIAL_RULES.header}`,
        rule: 'no-oauth-secrets',
      });
    } else if (SECRET_PARAMETER_TYPES.has(type)) {
      findings.push({
        file,
        line: lineOf(match.index ?? 0),
        message: `<parameterValue> of ${type} ${CREDENTIAL_RULES.parameter}`,
        rule: 'no-oauth-secrets',
      });
    }
  }
  for (const match of withoutComments.matchAll(/<password>([\s\S]*?)<\/password>/g)) {
    const value = match[1].trim();
    if (value !== '' && !PLACEHOLDER.test(value)) {
      findings.push({
        file,
        line: lineOf(match.index ?? 0),
        message: `<password> ${CREDENTIAL_RULES.password}`,
        rule: 'no-oauth-secrets',
      });
    }
  }
  return findings;
}

const CREDENTIAL_FILE = /\.(externalCredential|namedCredential)(-meta\.xml)?$/;

/** Every metadata file under `root` (force-app, connected-app, anything else), sorted for stable output. */
export function findOAuthSecrets(root: string): OAuthSecretFinding[] {
  return listMetadataFiles(root)
    .sort()
    .flatMap((file) => {
      const relative = path.relative(root, file).split(path.sep).join('/');
      const text = fs.readFileSync(file, 'utf8');
      return [
        ...scanForOAuthSecrets(relative, text),
        ...(CREDENTIAL_FILE.test(file) ? scanCredentialValues(relative, text) : []),
      ];
    });
}
