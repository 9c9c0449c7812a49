/**
 * `npm run deploy -- --target-org <alias>`: Step 1 of the guide (the app with the Client Credentials
 * Flow, the api scope and a Run As user) plus the receiver, in one command. `--connected-app` deploys
 * the guide's Option B instead; `--dry-run` validates every deploy without changing the org;
 * `--ci-permissions` lets the deploying user read the app's key and secret (CI, sandboxes).
 */
import { createCommand, parseFlags, positiveInteger, wantsJson } from '../lib/cli';
import { executeDeployPlan } from '../lib/deploy/execute';
import { buildDeployPlan, formatSfCommand, type AppOption, type DeployPlan } from '../lib/deploy/plan';
import { checkRunAsUser } from '../lib/deploy/run-as';
import type { ResolvedValue } from '../lib/deploy/settings';
import { OssError } from '../lib/errors';
import { readIntegrationLicence } from '../lib/salesforce/integrationLicence';
import type { SoqlQuery } from '../lib/salesforce/namespace';
import { readRunAsPrivileges } from '../lib/salesforce/runAsPrivileges';
import {
  checkConnectedAppCredentials,
  oneSpanReplacementEnv,
  resolveContactEmail,
  resolveOneSpanTarget,
  resolveRunAsUsername,
} from '../lib/deploy/settings';
import { createSfRunner } from '../lib/deploy/sf-cli';
import {
  PROJECT_ROOT,
  REPLACEMENT_ENV,
  listMetadataFolders,
  readDefaultPackageDirectory,
} from '../lib/deploy/source-layout';
import { resolveTargetOrg } from '../lib/deploy/target-org';
import { createError, formatMessage } from '../lib/messages';
import { deployMessages, deployText } from '../lib/messages/deploy';
import { runCommand, type Reporter } from '../lib/output';
import { secrets } from '../lib/secrets';
import { mergeEnvironment, readDotenv } from '../lib/settings';
import { defaultOrgNotice, requireTargetOrgName } from '../lib/salesforce/defaultOrg';
import { REGION_NAMES } from '../lib/onespan/regions';

interface DeployFlags {
  targetOrg?: string;
  runAsUsername?: string;
  contactEmail?: string;
  onespanEnv?: string;
  onespanUrl?: string;
  connectedApp: boolean;
  allowAdminRunAs: boolean;
  ciPermissions: boolean;
  dryRun: boolean;
  wait: number;
  json: boolean;
}

const DEFAULT_WAIT_MINUTES = 33;

function describeCommand() {
  return createCommand(
    'deploy',
    'Deploy the receiver and the OAuth app OneSpan Sign authenticates with (guide, Step 1).',
  )
    .option(
      '-o, --target-org <alias>',
      'Alias or username of an org authorised with the sf CLI (default: SF_TARGET_ORG, then the sf default org).',
    )
    .option(
      '--run-as-username <username>',
      "The Run As user (a username, not an e-mail). Default: OSS_RUN_AS_USERNAME, then (scratch orgs only) the target org's own user.",
    )
    .option(
      '--allow-admin-run-as',
      'Accept a Run As user with "Modify All Data" or "Author Apex" outside scratch orgs (not for production).',
      false,
    )
    .option(
      '--contact-email <address>',
      "The app's contact e-mail. Default: OSS_CONTACT_EMAIL, then the target org's username.",
    )
    .option(
      '--onespan-env <region>',
      `OneSpan environment of the archiving handler's Named Credential: ${REGION_NAMES.join(', ')} (default: ONESPAN_API_URL, then us-sandbox).`,
    )
    .option('--onespan-url <url>', 'OneSpan API base instead of --onespan-env, e.g. https://sandbox.esignlive.com/api.')
    .option(
      '--connected-app',
      'Deploy the Connected App (Option B; key and secret from SF_CLIENT_ID/SF_CLIENT_SECRET) instead of the External Client App.',
      false,
    )
    .option(
      '--ci-permissions',
      "Also deploy OSS_CI_Secret_Reader and assign it to the target org's user, so `npm run register -- --target-org` can read the consumer key and secret (CI and sandboxes only).",
      false,
    )
    .option(
      '--dry-run',
      'Print the plan and validate each deploy (sf project deploy start --dry-run); change nothing.',
      false,
    )
    .option('--wait <minutes>', 'Minutes to wait for each deploy.', positiveInteger, DEFAULT_WAIT_MINUTES);
}

function printPlan(plan: DeployPlan, reporter: Reporter): void {
  const mode = plan.dryRun ? ' (dry run: validate only, nothing changes)' : '';
  reporter.log(`Deploy plan for ${plan.targetOrg}${mode}`);
  for (const variable of plan.variables) {
    reporter.log(`  ${variable.name}=${variable.secret ? '(from your environment, not shown)' : variable.value}`);
  }
  for (const step of plan.steps) {
    reporter.log(`  ${step.number}. ${step.title}${step.runs ? '' : ` [${step.skipReason}]`}`);
    reporter.log(`     ${formatSfCommand(step.sfArgs)}`);
  }
  reporter.log();
}

/**
 * Whether the Run As user needs the Salesforce API Integration permission set licence before its permission set.
 * A scratch org's own user (the default there) is an administrator with a Salesforce licence, so it is not read.
 * A failed read only warns: the assignment step then reports Salesforce's own refusal with the same fix.
 */
async function needsIntegrationPsl(
  query: SoqlQuery,
  runAs: ResolvedValue,
  knownUserId: string | undefined,
  reporter: Reporter,
): Promise<boolean> {
  if (runAs.source === 'target-org') {
    return false;
  }
  try {
    const userId = knownUserId ?? (await readRunAsPrivileges(query, { username: runAs.value }))?.id;
    return userId ? (await readIntegrationLicence(query, userId)).needsPsl : false;
  } catch (error) {
    reporter.warn(formatMessage(deployText.licenceUnreadable, [OssError.wrap(error).message, runAs.value]));
    return false;
  }
}

async function main(argv: readonly string[]): Promise<void> {
  await runCommand(wantsJson(argv), async (reporter) => {
    const flags = parseFlags<DeployFlags>(describeCommand(), argv);
    const option: AppOption = flags.connectedApp ? 'connected-app' : 'external-client-app';
    if (flags.connectedApp && flags.ciPermissions) {
      throw createError(deployMessages.ciPermissionsNeedExternalClientApp);
    }
    if (option === 'connected-app') {
      checkConnectedAppCredentials(process.env);
      secrets.add(process.env[REPLACEMENT_ENV.consumerSecret]);
    }

    // One order for every setting, as in every command: flag, environment, .env, then (the org) sf's default.
    const dotenv = readDotenv(process.cwd());
    const env = mergeEnvironment(process.env, dotenv);
    const oneSpan = resolveOneSpanTarget(flags, env);
    const named = await requireTargetOrgName('deploy', { flag: flags.targetOrg, env: process.env, dotenv });
    const notice = defaultOrgNotice(named);
    if (notice) {
      reporter.warn(notice);
    }
    const targetOrg = await resolveTargetOrg(named.aliasOrUsername);
    const runAsUsername = resolveRunAsUsername(flags.runAsUsername, env, targetOrg);
    const contactEmail = resolveContactEmail(flags.contactEmail, env, targetOrg.username);
    if (runAsUsername.source === 'target-org') {
      reporter.warn(formatMessage(deployText.runAsDefaulted, [runAsUsername.value]));
    }
    let runAsUserId: string | undefined;
    if (!targetOrg.isScratch) {
      const verdict = await checkRunAsUser(targetOrg.query, runAsUsername, flags.allowAdminRunAs);
      if (verdict.warning) {
        reporter.warn(verdict.warning);
      }
      runAsUserId = verdict.privileges.id;
    }
    const runAsNeedsIntegrationPsl = await needsIntegrationPsl(targetOrg.query, runAsUsername, runAsUserId, reporter);
    if (contactEmail.source === 'target-org') {
      reporter.log(formatMessage(deployText.contactDefaulted, [contactEmail.value]));
    }
    if (oneSpan.defaulted) {
      reporter.warn(formatMessage(deployText.oneSpanDefaulted, [oneSpan.apiUrl]));
    }
    reporter.log(
      formatMessage(deployText.oneSpanTarget, [
        oneSpan.apiUrl,
        oneSpan.origin,
        oneSpan.mode === 'oauth' ? deployText.oneSpanModeOAuth : deployText.oneSpanModeApiKey,
      ]),
    );

    const plan = buildDeployPlan({
      option,
      dryRun: flags.dryRun,
      targetOrg: targetOrg.aliasOrUsername,
      runAsUsername,
      contactEmail,
      metadataFolders: listMetadataFolders(PROJECT_ROOT, readDefaultPackageDirectory(PROJECT_ROOT)),
      waitMinutes: flags.wait,
      ciPermissions: flags.ciPermissions,
      deployingUsername: targetOrg.username,
      oneSpan,
      allowAdminRunAs: flags.allowAdminRunAs,
      runAsNeedsIntegrationPsl,
    });
    printPlan(plan, reporter);

    const results = await executeDeployPlan(plan, {
      runner: createSfRunner(PROJECT_ROOT),
      reporter,
      env: {
        [REPLACEMENT_ENV.runAsUsername]: runAsUsername.value,
        [REPLACEMENT_ENV.contactEmail]: contactEmail.value,
        ...oneSpanReplacementEnv(oneSpan),
      },
    });

    reporter.log();
    plan.nextSteps.forEach((step) => reporter.log(`Next: ${step}`));
    return { result: { plan, results, nextSteps: plan.nextSteps } };
  });
}

void main(process.argv.slice(2));
