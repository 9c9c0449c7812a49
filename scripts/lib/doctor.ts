/**
 * `npm run doctor`: every check of the set-up, each reported as pass, fail, warn or skip with its
 * detail and fix, instead of stopping at the first problem as register and verify do. The checks are
 * the library's steps (token, namespace, probe, registration read and compare, key decoding); only the
 * order, the dependencies between checks and the per-check verdicts live here. A check whose inputs an
 * earlier failed check should have produced is skipped, and says which.
 */
import { callbackKeyHost, decodeCallbackKey } from './callbackKey';
import { OssError } from './errors';
import { formatMessage } from './messages';
import { DOCTOR_CHECK_TITLES, DoctorCheckId, doctorFixes, doctorText } from './messages/doctor';
import { INTEGRATION_USER_FIX } from './messages/deploy';
import { TROUBLESHOOTING } from './messages/troubleshooting';
import { RegisteredConnector } from './onespan/client';
import { comparableKey, compareKey, compareUrlAndEvents, createServices, Services } from './registration';
import { readAppCredentials } from './salesforce/appCredentials';
import { buildCallbackUrl } from './salesforce/callbackUrl';
import { findNamespacePrefix, SoqlQuery, tokenQuery } from './salesforce/namespace';
import { probeCallbackUrl } from './salesforce/probe';
import {
  credentialTarget,
  ONESPAN_PRINCIPAL,
  readNamedCredential,
  readPrincipal,
  sameApiUrl,
} from './salesforce/oneSpanCredential';
import { findRunAsUser, RunAsUser, runAsUserProblems } from './salesforce/runAsUser';
import { AdminGrant, describeGrants, readRunAsPrivileges } from './salesforce/runAsPrivileges';
import { readIntegrationLicence } from './salesforce/integrationLicence';
import { salesforceFault, TargetOrgConnection } from './salesforce/targetOrg';
import { ClientCredentialsToken, getClientCredentialsToken } from './salesforce/token';
import { completeSettings, SETTING_NAMES, Settings, SettingsDraft } from './settings';
import { checkMyDomainUrl, isLoopbackHostname, SettingProblem } from './urlRules';

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

export interface DoctorCheck {
  id: DoctorCheckId;
  title: string;
  status: CheckStatus;
  detail: string;
  /** What to do; empty when there is nothing to do. */
  fix: string[];
  /** The troubleshooting row the failure matched, when one did. */
  troubleshooting?: string;
}

type Outcome = Omit<DoctorCheck, 'id' | 'title'>;

function outcome(status: CheckStatus, detail: string, fix: readonly string[] = []): Outcome {
  return { status, detail, fix: [...fix] };
}

function rowFix(id: string): string[] {
  const row = TROUBLESHOOTING.find((entry) => entry.id === id);
  return row ? [...row.fix] : [];
}

/** Salesforce's "no permission" codes, as jsforce and @salesforce/core carry them (errorCode, or name). */
const NO_ACCESS = /^(INSUFFICIENT_ACCESS\w*|INSUFFICIENT_PRIVILEGES|FORBIDDEN)$/;

/**
 * An error a step threw, as a failed check: its message, its actions, and its troubleshooting row. A
 * plain "no permission" answer from Salesforce is a set-up matter with a known fix (an administrator's
 * login), not an unexpected error to report; `alias` is the --target-org whose user was refused.
 */
function failedOutcome(error: unknown, alias?: string): Outcome {
  if (!(error instanceof OssError)) {
    const fault = salesforceFault(error);
    if (NO_ACCESS.test(fault.errorCode)) {
      const who = alias ? `the sf CLI user of ${alias}` : 'the client-credentials token';
      return outcome('fail', formatMessage(doctorText.insufficientAccess, [who, fault.errorCode, fault.message]), [
        alias ? formatMessage(doctorFixes.adminLogin, [alias, alias]) : doctorFixes.adminTargetOrg,
      ]);
    }
  }
  const ossError = OssError.wrap(error);
  const row = (ossError.data as { troubleshooting?: string } | undefined)?.troubleshooting;
  return { status: 'fail', detail: ossError.message, fix: ossError.actions, ...(row ? { troubleshooting: row } : {}) };
}

/** Runs the checks in order, collecting each verdict; a check never stops the ones after it. */
class CheckList {
  public readonly checks: DoctorCheck[] = [];

  /** The --target-org of the run, named in the fix of a refused read. */
  public alias?: string;

  public passed(id: DoctorCheckId): boolean {
    const found = this.checks.find((check) => check.id === id);
    return found?.status === 'pass' || found?.status === 'warn';
  }

  /** Runs `body` unless a needed check did not pass; then the check is skipped, naming those. */
  public async run(id: DoctorCheckId, needs: readonly DoctorCheckId[], body: () => Promise<Outcome>): Promise<void> {
    const missing = needs.filter((need) => !this.passed(need));
    if (missing.length > 0) {
      this.skip(id, missing);
      return;
    }
    try {
      this.add(id, await body());
    } catch (error) {
      this.add(id, failedOutcome(error, this.alias));
    }
  }

  public skip(id: DoctorCheckId, missing: readonly DoctorCheckId[]): void {
    const names = missing.map((need) => DOCTOR_CHECK_TITLES[need]).join(', ');
    this.add(id, outcome('skip', formatMessage(doctorText.skipNeeds, [names])));
  }

  public add(id: DoctorCheckId, result: Outcome): void {
    this.checks.push({ id, title: DOCTOR_CHECK_TITLES[id], ...result });
  }
}

/** What the checks learn, for the checks after them. */
interface Findings {
  draft: SettingsDraft;
  services: Services;
  org?: TargetOrgConnection;
  settings?: Settings;
  instanceUrl?: string;
  token?: ClientCredentialsToken;
  callbackUrl?: string;
  connector?: RegisteredConnector;
}

export interface DoctorDependencies {
  /** Validates the settings (sf's default org may be looked up); throws InvalidSettingsError listing every problem. */
  loadDraft(): SettingsDraft | Promise<SettingsDraft>;
  createServices?: (draft: SettingsDraft) => Services;
}

function settingsProblems(error: OssError): SettingProblem[] {
  return (error.data as { problems?: SettingProblem[] } | undefined)?.problems ?? [];
}

function checkHost(instanceUrl: string): Outcome {
  const checked = checkMyDomainUrl(instanceUrl, SETTING_NAMES.instanceUrl);
  if (!checked.ok) {
    return outcome('fail', checked.problem.problem, [checked.problem.fix]);
  }
  const { host, hostname } = new URL(checked.value);
  if (isLoopbackHostname(hostname)) {
    return outcome('pass', formatMessage(doctorText.loopback, [host]));
  }
  if (hostname.toLowerCase().endsWith('.my.salesforce.com')) {
    return outcome('pass', formatMessage(doctorText.myDomain, [host]));
  }
  return outcome('warn', formatMessage(doctorText.notMyDomain, [host]), [doctorFixes.myDomainUrl]);
}

function describeUser(user: RunAsUser): Outcome {
  const problems = runAsUserProblems(user);
  if (problems.length === 0) {
    return outcome('pass', formatMessage(doctorText.userPassed, [user.username, user.id]));
  }
  const texts = {
    inactive: doctorText.userInactive,
    apiDisabled: doctorText.userApiDisabled,
    noPermissionSet: doctorText.userNoPermissionSet,
  };
  const fixes = {
    inactive: rowFix('inactive-run-as-user'),
    apiDisabled: rowFix('api-disabled'),
    noPermissionSet: [formatMessage(doctorFixes.assignPermissionSet, [user.username])],
  };
  return outcome(
    'fail',
    formatMessage(doctorText.userProblems, [
      user.username,
      user.id,
      problems.map((problem) => texts[problem]).join('; '),
    ]),
    [...new Set(problems.flatMap((problem) => fixes[problem]))],
  );
}

/**
 * The Run As user's "Modify All Data" / "Author Apex", or none when they cannot be read (the token's own
 * user may not see its profile's permissions): this warning must never turn a readable user into a failure.
 */
async function adminGrantsOf(query: SoqlQuery, userId: string): Promise<AdminGrant[]> {
  try {
    return (await readRunAsPrivileges(query, { userId }))?.grants ?? [];
  } catch {
    return [];
  }
}

/** An administrator behind OneSpan's token works, so it is a warning; a failed check stays failed. */
function withAdminWarning(result: Outcome, grants: readonly AdminGrant[]): Outcome {
  if (grants.length === 0) {
    return result;
  }
  const warning = formatMessage(doctorText.userIsAdmin, [describeGrants(grants)]);
  return {
    ...result,
    status: result.status === 'fail' ? 'fail' : 'warn',
    detail: `${result.detail}; ${warning}`,
    fix: [...result.fix, INTEGRATION_USER_FIX],
  };
}

/** The query of the user: the sf CLI org when given (an admin sees every user), else the token's own. */
function queryOf(findings: Findings): { query: SoqlQuery; via: string } {
  if (findings.org) {
    return { query: findings.org.query.bind(findings.org), via: `the sf CLI org ${findings.org.aliasOrUsername}` };
  }
  const token = findings.token as ClientCredentialsToken;
  return {
    query: tokenQuery(findings.services.salesforce, token.instanceUrl, token.accessToken),
    via: 'the client-credentials token',
  };
}

async function checkRunAsUser(findings: Findings): Promise<Outcome> {
  const userId = findings.token?.userId;
  if (!userId) {
    return outcome('warn', doctorText.noIdentity, [doctorFixes.noIdentity]);
  }
  const { query, via } = queryOf(findings);
  try {
    const user = await findRunAsUser(query, userId);
    return user
      ? withAdminWarning(describeUser(user), await adminGrantsOf(query, userId))
      : outcome('fail', formatMessage(doctorText.userNotFound, [userId, via]), [doctorFixes.noIdentity]);
  } catch (error) {
    const failure = failedOutcome(error);
    const code = (OssError.wrap(error).data as { errorCode?: string } | undefined)?.errorCode;
    if (code === 'API_CURRENTLY_DISABLED') {
      return { ...failure, fix: rowFix('api-disabled'), troubleshooting: 'api-disabled' };
    }
    if (!findings.org) {
      // The Run As user may not be allowed to read users or assignments; that is not a callback problem.
      return outcome('warn', formatMessage(doctorText.userUnreadable, [code ?? 'Error', failure.detail]), [
        doctorFixes.readUserWithOrg,
      ]);
    }
    return failure;
  }
}

/**
 * A Salesforce Integration user holds OSS_Callback_Integration only with the Salesforce API Integration permission
 * set licence; without it the assignment is refused (and a set already assigned cannot gain the permissions).
 */
async function checkIntegrationLicence(findings: Findings): Promise<Outcome> {
  const userId = findings.token?.userId;
  if (!userId) {
    return outcome('skip', doctorText.noIdentity);
  }
  const { query } = queryOf(findings);
  try {
    const licence = await readIntegrationLicence(query, userId);
    const user = licence.username ?? userId;
    if (!licence.integrationUser) {
      return outcome('pass', formatMessage(doctorText.licenceNotIntegration, [user, licence.userLicence ?? 'unknown']));
    }
    return licence.hasApiIntegrationPsl
      ? outcome('pass', formatMessage(doctorText.licencePslHeld, [user]))
      : outcome('fail', formatMessage(doctorText.licencePslMissing, [user]), [
          formatMessage(doctorFixes.assignIntegrationPsl, [user, user]),
        ]);
  } catch (error) {
    if (findings.org) {
      return failedOutcome(error);
    }
    const failure = failedOutcome(error);
    const code = (OssError.wrap(error).data as { errorCode?: string } | undefined)?.errorCode ?? 'Error';
    return outcome('warn', formatMessage(doctorText.licenceUnreadable, [code, failure.detail]), [
      doctorFixes.readUserWithOrg,
    ]);
  }
}

async function checkApexClass(findings: Findings): Promise<Outcome> {
  const { draft } = findings;
  const instanceUrl = findings.instanceUrl as string;
  if (draft.namespace !== undefined) {
    findings.callbackUrl = buildCallbackUrl(instanceUrl, draft.namespace);
    return outcome('pass', formatMessage(doctorText.classFromFlag, [draft.namespace || 'none', findings.callbackUrl]));
  }
  const { query, via } = queryOf(findings);
  const prefix = await findNamespacePrefix(query, via);
  findings.callbackUrl = buildCallbackUrl(instanceUrl, prefix);
  return outcome('pass', formatMessage(doctorText.classPassed, [prefix || 'none', findings.callbackUrl]));
}

function checkRegistration(findings: Findings): Outcome {
  const { connector } = findings;
  if (!connector) {
    return outcome('fail', doctorText.notRegistered, [doctorFixes.register]);
  }
  const differences = compareUrlAndEvents(
    { url: findings.callbackUrl as string, events: findings.draft.events },
    connector,
  );
  if (differences.length > 0) {
    return outcome('fail', differences.map((difference) => difference.message).join('; '), [doctorFixes.registerAgain]);
  }
  return outcome('pass', formatMessage(doctorText.registrationPassed, [connector.url, connector.events.join(', ')]));
}

function checkKey(findings: Findings): Outcome {
  const { connector } = findings;
  if (!connector) {
    return outcome('skip', formatMessage(doctorText.skipNeeds, [DOCTOR_CHECK_TITLES.registration]));
  }
  if (!connector.key) {
    return outcome('skip', doctorText.keyNotEchoed);
  }
  if (!comparableKey(connector)) {
    return outcome('skip', doctorText.keyNotComparable);
  }
  const decoded = decodeCallbackKey(connector.key.reveal());
  const fix = decoded.problems.map((problem) =>
    problem.code === 'whitespace' ? rowFix('multi-line-key').join(' ') : problem.fix,
  );
  const messages = decoded.problems.map((problem) =>
    problem.code === 'refreshToken' ? doctorText.refreshTokenFlow : problem.message,
  );
  if (findings.settings && findings.instanceUrl) {
    // Format problems are listed from the decoder above; the comparison adds host, client id and secret.
    const differences = compareKey(
      {
        host: callbackKeyHost(findings.instanceUrl),
        clientId: findings.settings.clientId,
        clientSecret: findings.settings.clientSecret,
      },
      connector.key,
    ).filter((difference) => difference.field !== 'key');
    messages.push(...differences.map((difference) => difference.message));
    if (differences.length > 0) {
      fix.push(doctorFixes.registerAgain);
    }
  }
  if (messages.length > 0) {
    const wrapped = decoded.problems.some((problem) => problem.code === 'whitespace');
    return {
      ...outcome('fail', messages.join('; '), [...new Set(fix)]),
      ...(wrapped ? { troubleshooting: 'multi-line-key' } : {}),
    };
  }
  return outcome('pass', formatMessage(doctorText.keyPassed, [decoded.host ?? '']));
}

/** Every check, in order. Never throws for a failed check: the list says what failed and how to fix it. */
export async function runDoctor(dependencies: DoctorDependencies): Promise<DoctorCheck[]> {
  const list = new CheckList();
  let draft: SettingsDraft;
  try {
    draft = await dependencies.loadDraft();
    list.add('settings', outcome('pass', 'valid'));
  } catch (error) {
    list.add('settings', failedOutcome(error));
    // A generic login host is refused by validation; doctor still shows it as the My Domain check's failure.
    const urlProblem = settingsProblems(OssError.wrap(error)).find(
      (problem) => problem.setting === SETTING_NAMES.instanceUrl,
    );
    for (const id of (Object.keys(DOCTOR_CHECK_TITLES) as DoctorCheckId[]).slice(1)) {
      if (id === 'my-domain' && urlProblem) {
        list.add(id, outcome('fail', urlProblem.problem, [urlProblem.fix]));
      } else {
        list.skip(id, ['settings']);
      }
    }
    return list.checks;
  }
  const findings: Findings = {
    draft,
    services: (dependencies.createServices ?? createServices)(draft),
  };

  if (draft.targetOrg) {
    const alias = draft.targetOrg;
    list.alias = alias;
    await list.run('target-org', [], async () => {
      findings.org = await findings.services.connectTargetOrg(alias);
      return outcome('pass', `${alias} → ${findings.org.instanceUrl}`);
    });
  } else {
    list.add('target-org', outcome('skip', doctorText.noTargetOrg));
  }
  const orgNeeded: DoctorCheckId[] = draft.targetOrg ? ['target-org'] : [];

  const credentialsNeed: DoctorCheckId[] = draft.clientSecret ? [] : orgNeeded;
  await list.run('credentials', credentialsNeed, async () => {
    const org = findings.org;
    findings.settings = await completeSettings(draft, (alias, appName) =>
      readAppCredentials(
        (org as TargetOrgConnection).getJson.bind(org),
        appName,
        alias,
        (org as TargetOrgConnection).query.bind(org),
      ),
    );
    return draft.clientSecret
      ? outcome('pass', doctorText.credentialsFromEnvironment)
      : outcome(
          'pass',
          formatMessage(doctorText.credentialsFromOrg, [draft.appName, draft.targetOrg, findings.settings.clientId]),
        );
  });

  const instanceNeed: DoctorCheckId[] = draft.instanceUrl ? [] : orgNeeded;
  await list.run('my-domain', instanceNeed, () => {
    findings.instanceUrl = draft.instanceUrl ?? findings.org?.instanceUrl;
    return Promise.resolve(checkHost(findings.instanceUrl as string));
  });

  await list.run('token', ['credentials', 'my-domain'], async () => {
    const settings = findings.settings as Settings;
    findings.token = await getClientCredentialsToken(findings.services.salesforce, {
      instanceUrl: findings.instanceUrl as string,
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
    });
    return outcome(
      'pass',
      formatMessage(doctorText.tokenPassed, [
        findings.token.userId ?? 'unknown',
        findings.token.scope.join(' ') || '(none)',
      ]),
    );
  });

  await list.run('run-as-user', ['token'], () => checkRunAsUser(findings));
  await list.run('integration-licence', ['token'], () => checkIntegrationLicence(findings));
  // The namespace query runs as the sf CLI org when there is one, so it does not need the token then.
  await list.run('apex-class', findings.org ? ['my-domain'] : ['my-domain', 'token'], () => checkApexClass(findings));
  await list.run('probe', ['token', 'apex-class'], async () => {
    const token = findings.token as ClientCredentialsToken;
    await probeCallbackUrl(findings.services.salesforce, findings.callbackUrl as string, token.accessToken);
    return outcome('pass', formatMessage(doctorText.probePassed, [findings.callbackUrl]));
  });

  await list.run('onespan-api-key', [], async () => {
    findings.connector = await findings.services.onespan.getConnector();
    const text = findings.services.onespan.authMode === 'oauth' ? doctorText.oauthPassed : doctorText.apiKeyPassed;
    return outcome('pass', formatMessage(text, [findings.services.onespan.apiUrl]));
  });
  await list.run('registration', ['onespan-api-key', 'apex-class'], () => Promise.resolve(checkRegistration(findings)));
  await list.run('callback-key', ['onespan-api-key'], () => Promise.resolve(checkKey(findings)));
  await checkOneSpanCredential(list, findings);
  return list.checks;
}

/**
 * What the Apex archiving handler needs to call OneSpan: the Named Credential with the OneSpan API of the
 * settings, a key in its principal, and the Run As user allowed to use the principal. Read through the
 * Connect REST API as the sf CLI org's user (the client-credentials token's user may not read Setup).
 */
async function checkOneSpanCredential(list: CheckList, findings: Findings): Promise<void> {
  const ids = ['named-credential', 'onespan-principal', 'principal-access'] as const;
  if (!findings.draft.targetOrg) {
    ids.forEach((id) => list.add(id, outcome('skip', doctorText.needsOrg)));
    return;
  }
  const alias = findings.draft.targetOrg;
  // The External Credential of the settings' OneSpan mode: OAuth when ONESPAN_CLIENT_ID/SECRET are set.
  const target = credentialTarget(findings.draft.onespanAuth.mode);
  const apiUrl = findings.draft.onespanApiUrl;
  await list.run('named-credential', ['target-org'], async () => {
    const named = await readNamedCredential(findings.org as TargetOrgConnection);
    const deploy = formatMessage(doctorFixes.deployCredentials, [alias, apiUrl]);
    if (!named) {
      return outcome('fail', doctorText.namedCredentialMissing, [deploy]);
    }
    if (!sameApiUrl(named.calloutUrl, apiUrl)) {
      return outcome('fail', formatMessage(doctorText.namedCredentialUrl, [named.calloutUrl, apiUrl]), [deploy]);
    }
    if (!named.externalCredentials.includes(target.externalCredential)) {
      return outcome(
        'fail',
        formatMessage(doctorText.namedCredentialMode, [
          named.externalCredentials.join(', ') || 'none',
          target.externalCredential,
          target.what,
        ]),
        [deploy],
      );
    }
    return outcome(
      'pass',
      formatMessage(doctorText.namedCredentialPassed, [named.calloutUrl, target.externalCredential]),
    );
  });
  let grantedTo: string[] | undefined;
  await list.run('onespan-principal', ['named-credential'], async () => {
    const principal = await readPrincipal(findings.org as TargetOrgConnection, target.externalCredential);
    if (!principal) {
      return outcome('fail', formatMessage(doctorText.principalMissing, [target.externalCredential]), [
        formatMessage(doctorFixes.deployCredentials, [alias, apiUrl]),
      ]);
    }
    grantedTo = principal.grantedTo;
    const detail = [target.externalCredential, ONESPAN_PRINCIPAL, principal.authenticationStatus];
    // Connect's status is "Configured" once the principal's values are set (Help: "Understand the
    // Authentication Status for External Credentials"); any other value means no usable key.
    return principal.authenticationStatus === 'Configured'
      ? outcome('pass', formatMessage(doctorText.principalPassed, detail))
      : outcome('fail', formatMessage(doctorText.principalNoKey, detail), [
          formatMessage(doctorFixes.storeKey, [alias]),
        ]);
  });
  await list.run('principal-access', ['named-credential', 'token'], async () => {
    const userId = findings.token?.userId;
    if (!userId) {
      return outcome('warn', doctorText.noIdentity, [doctorFixes.noIdentity]);
    }
    if (grantedTo === undefined) {
      return outcome('skip', formatMessage(doctorText.skipNeeds, [DOCTOR_CHECK_TITLES['onespan-principal']]));
    }
    const granted = grantedTo;
    const org = findings.org as TargetOrgConnection;
    const rows = await org.query<{ PermissionSet?: { Name?: string } | null; Assignee?: { Username?: string } | null }>(
      `SELECT PermissionSet.Name, Assignee.Username FROM PermissionSetAssignment WHERE AssigneeId = '${userId}'`,
    );
    const held = rows.map((row) => row.PermissionSet?.Name ?? '');
    const username = rows.find((row) => row.Assignee?.Username)?.Assignee?.Username ?? userId;
    const granting = held.find((name) => granted.includes(name));
    const principalName = `${target.externalCredential}-${ONESPAN_PRINCIPAL}`;
    return granting
      ? outcome('pass', formatMessage(doctorText.accessPassed, [username, granting, principalName]))
      : outcome(
          'fail',
          formatMessage(doctorText.accessMissing, [username, principalName, granted.join(', ') || 'none']),
          [formatMessage(doctorFixes.grantPrincipal, [username, alias])],
        );
  });
}
