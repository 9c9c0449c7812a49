/**
 * The deploy as data: which sf commands run, in which order, with which injected values. Pure, so the
 * order and the flags are tested without an org, and `--dry-run`/`--json` show exactly what will run.
 *
 * Order, External Client App: (1) everything except the app's policies, (2) the policies, (3) the
 * permission set assignment. Salesforce creates default policies when it creates the app, and whether it
 * accepts ours in the same deploy as a brand-new app is unconfirmed; deploying them second works in both
 * cases (on an org that already has the app, step 1 changes nothing and step 2 updates the policies).
 * Connected App: (1) the receiver without the External Client App, (2) the Connected App, (3) the
 * assignment; a separate step 2 keeps the receiver deployed even where Connected App creation is blocked.
 */
import { createError, formatMessage } from '../messages';
import { deployMessages, deployText } from '../messages/deploy';
import type { ResolvedValue } from './settings';
import {
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
}

export type StepKind = 'deploy' | 'assign-permission-set';

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

  const deploy = (number: number, title: string, sourceDirs: readonly string[], dependsOn: number[]): DeployStep => {
    // Without a --source-dir, sf would deploy every tracked change instead of nothing.
    if (sourceDirs.length === 0) {
      throw createError(deployMessages.incompleteSource, [`metadata for step ${number} (${title})`]);
    }
    return { number, kind: 'deploy', title, sfArgs: deployArgs(sourceDirs, options), runs: true, dependsOn };
  };

  let appSteps: DeployStep[];
  if (options.option === 'external-client-app') {
    requireFolders(options.metadataFolders, ECA_FOLDERS);
    appSteps = [
      deploy(
        1,
        deployText.stepDeployApp,
        options.metadataFolders.filter((folder) => !isPolicyFolder(folder)),
        [],
      ),
      deploy(
        2,
        formatMessage(deployText.stepDeployPolicies, [options.runAsUsername.value]),
        options.metadataFolders.filter(isPolicyFolder),
        [1],
      ),
    ];
  } else {
    appSteps = [
      deploy(1, deployText.stepDeployReceiver, receiverFolders, []),
      deploy(
        2,
        formatMessage(deployText.stepDeployConnectedApp, [options.runAsUsername.value]),
        [CONNECTED_APP_DIR],
        [1],
      ),
    ];
  }

  const assign: DeployStep = {
    number: 3,
    kind: 'assign-permission-set',
    title: formatMessage(deployText.stepAssign, [PERMISSION_SET_NAME, options.runAsUsername.value]),
    sfArgs: [
      'org',
      'assign',
      'permset',
      '--name',
      PERMISSION_SET_NAME,
      '--on-behalf-of',
      options.runAsUsername.value,
      '--target-org',
      options.targetOrg,
      '--json',
    ],
    runs: !options.dryRun,
    ...(options.dryRun ? { skipReason: deployText.dryRunSkipsAssign } : {}),
    dependsOn: [1],
  };

  return {
    option: options.option,
    dryRun: options.dryRun,
    targetOrg: options.targetOrg,
    runAsUsername: options.runAsUsername,
    contactEmail: options.contactEmail,
    variables: plannedVariables(options),
    steps: [...appSteps, assign],
    nextSteps: nextSteps(options),
  };
}

/** How a step reads as a shell command, for the plan printout (values quoted only when needed). */
export function formatSfCommand(sfArgs: readonly string[]): string {
  return ['sf', ...sfArgs]
    .map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`))
    .join(' ');
}

function deployArgs(sourceDirs: readonly string[], options: DeployPlanOptions): string[] {
  return [
    'project',
    'deploy',
    'start',
    ...sourceDirs.flatMap((dir) => ['--source-dir', dir]),
    '--target-org',
    options.targetOrg,
    '--wait',
    String(options.waitMinutes),
    ...(options.dryRun ? ['--dry-run'] : []),
    '--json',
  ];
}

function plannedVariables(options: DeployPlanOptions): PlannedVariable[] {
  const plain: PlannedVariable[] = [
    { name: REPLACEMENT_ENV.runAsUsername, value: options.runAsUsername.value, secret: false },
    { name: REPLACEMENT_ENV.contactEmail, value: options.contactEmail.value, secret: false },
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

function nextSteps(options: DeployPlanOptions): string[] {
  if (options.dryRun) {
    const flag = options.option === 'connected-app' ? ' --connected-app' : '';
    return [formatMessage(deployText.nextRealDeploy, [options.targetOrg, flag])];
  }
  const register = formatMessage(deployText.nextRegister, [options.targetOrg]);
  // A Connected App was created with the key and secret already in SF_CLIENT_ID/SF_CLIENT_SECRET.
  return options.option === 'external-client-app' ? [deployText.nextReadCredentials, register] : [register];
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
