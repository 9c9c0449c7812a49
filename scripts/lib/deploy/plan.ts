/**
 * The deploy as data: which sf commands run, in which order, with which injected values. Pure, so the
 * order and the flags are tested without an org, and `--dry-run`/`--json` show exactly what will run.
 *
 * Order, External Client App: (1) the receiver and its permission sets, (2) the app with its OAuth
 * settings, (3) the app's policies, (4) the permission set assignment. A deploy is all or nothing, so
 * the receiver goes alone first: an app component the org refuses (the global OAuth settings are the
 * likeliest, see reference/salesforce.md §1.3) then never rolls the receiver back, and a re-run after
 * the fix repeats only what is missing. Salesforce creates default policies when it creates the app, and
 * whether it accepts ours in the same deploy as a brand-new app is unconfirmed; deploying them after the
 * app works in both cases (on an org that already has the app, step 2 changes nothing and step 3 updates
 * the policies).
 * Connected App: (1) the receiver without the External Client App, (2) the Connected App, (3) the
 * assignment; a separate step 2 keeps the receiver deployed even where Connected App creation is blocked.
 * A Run As user with the Salesforce Integration user licence first gets the "Salesforce API Integration"
 * permission set licence (its own step, right before the assignment): without it Salesforce refuses
 * OSS_Callback_Integration, whose ContentVersion and UserExternalCredential permissions are standard-object ones.
 * `--ci-permissions` adds the CI-only permission set and its assignment to the deploying user, last,
 * because nothing else depends on it and `npm run register` is the first command that needs it.
 */
import { createError, formatMessage } from '../messages';
import { API_INTEGRATION_PSL } from '../salesforce/integrationLicence';
import { deployMessages, deployText } from '../messages/deploy';
import { REGION_NAMES, regionApiUrl } from '../onespan/regions';
import { RECOMMENDED_KEY_WAIT_MINUTES } from '../salesforce/keyPropagation';
import { oneSpanReplacementEnv, type OneSpanDeployTarget, type ResolvedValue } from './settings';
import {
  CI_PERMISSION_SET_NAME,
  CI_PERMISSIONS_DIR,
  CONNECTED_APP_DIR,
  ECA_FOLDERS,
  ECA_POLICY_FOLDERS,
  PERMISSION_SET_NAME,
  REPLACEMENT_ENV,
} from './source-layout';

export type AppOption = 'external-client-app' | 'connected-app';

export interface DeployPlanOptions {
  option: AppOption;
  dryRun: boolean;
  /** As the user named it (alias or username); passed to every sf command unchanged. */
  targetOrg: string;
  runAsUsername: ResolvedValue;
  contactEmail: ResolvedValue;
  /** `--source-dir` values of the default package directory, from `listMetadataFolders`. */
  metadataFolders: readonly string[];
  /** Minutes sf waits for each deploy. */
  waitMinutes: number;
  /** Deploy OSS_CI_Secret_Reader and assign it to `deployingUsername` (CI and sandboxes only). */
  ciPermissions?: boolean;
  /** The target org's own user: the one that runs `npm run register` with --target-org. */
  deployingUsername?: string;
  /** The OneSpan API of the archiving handler's Named Credential (its variables join the plan). */
  oneSpan?: OneSpanDeployTarget;
  /** --allow-admin-run-as was given (echoed in the dry run's real deploy). */
  allowAdminRunAs?: boolean;
  /** The Run As user holds the Salesforce Integration licence without the Salesforce API Integration PSL. */
  runAsNeedsIntegrationPsl?: boolean;
}

export type StepKind = 'deploy' | 'assign-permission-set-licence' | 'assign-permission-set';

export interface DeployStep {
  number: number;
  kind: StepKind;
  title: string;
  /** Arguments of the sf CLI (without `sf`). */
  sfArgs: string[];
  /** False when the step is shown but not run (the assignment in a dry run). */
  runs: boolean;
  skipReason?: string;
  /** Steps whose real deploy this one relies on (a dry run cannot provide it). */
  dependsOn: number[];
}

export interface PlannedVariable {
  name: string;
  /** Shown for plain values; secrets are only named. */
  value?: string;
  secret: boolean;
}

export interface DeployPlan {
  option: AppOption;
  dryRun: boolean;
  targetOrg: string;
  runAsUsername: ResolvedValue;
  contactEmail: ResolvedValue;
  /** Variables the sfdx-project.json replacements read in the deploy's environment. */
  variables: PlannedVariable[];
  steps: DeployStep[];
  nextSteps: string[];
}

export function buildDeployPlan(options: DeployPlanOptions): DeployPlan {
  const isEcaFolder = (folder: string): boolean => ECA_FOLDERS.includes(lastSegment(folder));
  const isPolicyFolder = (folder: string): boolean => ECA_POLICY_FOLDERS.includes(lastSegment(folder));
  const receiverFolders = options.metadataFolders.filter((folder) => !isEcaFolder(folder));
  const steps: DeployStep[] = [];

  const deploy = (
    title: string,
    sourceDirs: readonly string[],
    dependsOn: number[],
    extraArgs: readonly string[] = [],
  ): DeployStep => {
    const number = steps.length + 1;
    // Without a --source-dir, sf would deploy every tracked change instead of nothing.
    if (sourceDirs.length === 0) {
      throw createError(deployMessages.incompleteSource, [`metadata for step ${number} (${title})`]);
    }
    const step: DeployStep = {
      number,
      kind: 'deploy',
      title,
      sfArgs: deployArgs(sourceDirs, options, extraArgs),
      runs: true,
      dependsOn,
    };
    steps.push(step);
    return step;
  };
  const assign = (
    permissionSet: string,
    username: string,
    dependsOn: number[],
    kind: 'assign-permission-set' | 'assign-permission-set-licence' = 'assign-permission-set',
  ): DeployStep => {
    const step: DeployStep = {
      number: steps.length + 1,
      kind,
      title: formatMessage(kind === 'assign-permission-set' ? deployText.stepAssign : deployText.stepAssignLicence, [
        permissionSet,
        username,
      ]),
      sfArgs: assignArgs(permissionSet, username, options.targetOrg, kind),
      runs: !options.dryRun,
      ...(options.dryRun ? { skipReason: deployText.dryRunSkipsAssign } : {}),
      dependsOn,
    };
    steps.push(step);
    return step;
  };

  const receiver = deploy(
    options.option === 'external-client-app' ? deployText.stepDeployReceiver : deployText.stepDeployReceiverNoApp,
    receiverFolders,
    [],
  );
  if (options.option === 'external-client-app') {
    requireFolders(options.metadataFolders, ECA_FOLDERS);
    const app = deploy(
      deployText.stepDeployApp,
      options.metadataFolders.filter((folder) => isEcaFolder(folder) && !isPolicyFolder(folder)),
      [],
    );
    // On a source-tracked org (every scratch org unless created with --no-track-source) the default
    // policies the platform created with the app in the step before may show as remote changes to the very
    // components this step deploys, and sf refuses to overwrite a remote change. Replacing those defaults
    // is the point of this step, so conflicts are ignored here and only here: anywhere else a conflict
    // means someone changed the org by hand, and the deploy should stop and say so.
    deploy(
      formatMessage(deployText.stepDeployPolicies, [options.runAsUsername.value]),
      options.metadataFolders.filter(isPolicyFolder),
      [app.number],
      ['--ignore-conflicts'],
    );
  } else {
    deploy(
      formatMessage(deployText.stepDeployConnectedApp, [options.runAsUsername.value]),
      [CONNECTED_APP_DIR],
      [receiver.number],
    );
  }
  if (options.runAsNeedsIntegrationPsl) {
    assign(API_INTEGRATION_PSL, options.runAsUsername.value, [], 'assign-permission-set-licence');
  }
  assign(PERMISSION_SET_NAME, options.runAsUsername.value, [receiver.number]);

  if (options.ciPermissions) {
    if (options.option !== 'external-client-app' || !options.deployingUsername) {
      throw createError(deployMessages.ciPermissionsNeedExternalClientApp);
    }
    const ci = deploy(
      formatMessage(deployText.stepDeployCiPermissions, [CI_PERMISSION_SET_NAME]),
      [CI_PERMISSIONS_DIR],
      [],
    );
    assign(CI_PERMISSION_SET_NAME, options.deployingUsername, [ci.number]);
  }

  return {
    option: options.option,
    dryRun: options.dryRun,
    targetOrg: options.targetOrg,
    runAsUsername: options.runAsUsername,
    contactEmail: options.contactEmail,
    variables: plannedVariables(options),
    steps,
    nextSteps: nextSteps(options),
  };
}

/** How a step reads as a shell command, for the plan printout (values quoted only when needed). */
export function formatSfCommand(sfArgs: readonly string[]): string {
  return ['sf', ...sfArgs]
    .map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`))
    .join(' ');
}

function deployArgs(sourceDirs: readonly string[], options: DeployPlanOptions, extraArgs: readonly string[]): string[] {
  return [
    'project',
    'deploy',
    'start',
    ...sourceDirs.flatMap((dir) => ['--source-dir', dir]),
    '--target-org',
    options.targetOrg,
    '--wait',
    String(options.waitMinutes),
    ...extraArgs,
    ...(options.dryRun ? ['--dry-run'] : []),
    '--json',
  ];
}

function assignArgs(
  permissionSet: string,
  username: string,
  targetOrg: string,
  kind: 'assign-permission-set' | 'assign-permission-set-licence',
): string[] {
  return [
    'org',
    'assign',
    kind === 'assign-permission-set' ? 'permset' : 'permsetlicense',
    '--name',
    permissionSet,
    '--on-behalf-of',
    username,
    '--target-org',
    targetOrg,
    '--json',
  ];
}

function plannedVariables(options: DeployPlanOptions): PlannedVariable[] {
  const plain: PlannedVariable[] = [
    { name: REPLACEMENT_ENV.runAsUsername, value: options.runAsUsername.value, secret: false },
    { name: REPLACEMENT_ENV.contactEmail, value: options.contactEmail.value, secret: false },
    ...Object.entries(options.oneSpan ? oneSpanReplacementEnv(options.oneSpan) : {}).map(([name, value]) => ({
      name,
      value,
      secret: false,
    })),
  ];
  if (options.option === 'external-client-app') {
    return plain;
  }
  return [
    ...plain,
    { name: REPLACEMENT_ENV.consumerKey, secret: true },
    { name: REPLACEMENT_ENV.consumerSecret, secret: true },
  ];
}

/** A shell word as typed: quoted only when the shell would split or expand it. */
function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The OneSpan API as a flag: the region's name when it is one (as the user most likely typed it), else the URL. */
function oneSpanFlag(target: OneSpanDeployTarget): string {
  const region = REGION_NAMES.find((name) => regionApiUrl(name).replace(/\/+$/, '') === target.apiUrl);
  return region ? ` --onespan-env ${region}` : ` --onespan-url ${shellWord(target.apiUrl)}`;
}

/**
 * The deploy again, for real, with every choice this run made from a flag or a variable, so the real run
 * deploys what was validated (a sandbox refuses a deploy without its Run As user; a missing OneSpan flag
 * would point the Named Credential at the default region). Values from the target org are left to it.
 */
function realDeployFlags(options: DeployPlanOptions): string {
  const given = (value: ResolvedValue, flag: string) =>
    value.source === 'target-org' ? '' : ` ${flag} ${shellWord(value.value)}`;
  return [
    options.option === 'connected-app' ? ' --connected-app' : '',
    given(options.runAsUsername, '--run-as-username'),
    options.allowAdminRunAs ? ' --allow-admin-run-as' : '',
    given(options.contactEmail, '--contact-email'),
    options.oneSpan && !options.oneSpan.defaulted ? oneSpanFlag(options.oneSpan) : '',
    options.ciPermissions ? ' --ci-permissions' : '',
  ].join('');
}

function nextSteps(options: DeployPlanOptions): string[] {
  if (options.dryRun) {
    return [formatMessage(deployText.nextRealDeploy, [shellWord(options.targetOrg), realDeployFlags(options)])];
  }
  // register needs the same OneSpan as the Named Credential, and a just-created consumer key takes minutes to work.
  const register = formatMessage(deployText.nextRegister, [
    `${shellWord(options.targetOrg)}${options.oneSpan ? oneSpanFlag(options.oneSpan) : ''} --wait-for-key ${RECOMMENDED_KEY_WAIT_MINUTES}`,
  ]);
  // A Connected App was created with the key and secret already in SF_CLIENT_ID/SF_CLIENT_SECRET, and with
  // --ci-permissions register reads the External Client App's pair from the org itself.
  return options.option === 'external-client-app' && !options.ciPermissions
    ? [deployText.nextReadCredentials, register]
    : [register];
}

function requireFolders(folders: readonly string[], required: readonly string[]): void {
  const present = new Set(folders.map(lastSegment));
  const missing = required.filter((name) => !present.has(name));
  if (missing.length > 0) {
    throw createError(deployMessages.incompleteSource, [missing.join(', ')]);
  }
}

function lastSegment(folder: string): string {
  return folder.slice(folder.lastIndexOf('/') + 1);
}
