/**
 * Which sf CLI org a command works on when none is named: as every sf command does, the `target-org`
 * of sf's configuration (`sf config set target-org myorg`, in the project's .sf/config.json or the
 * global ~/.sf/config.json) and SF_TARGET_ORG, as @salesforce/core's ConfigAggregator resolves them.
 * The one order of every command: the flag, then the environment, then `.env`, then sf's configuration.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createError, formatMessage } from '../messages';
import { salesforceMessages, salesforceText } from '../messages/salesforce';

export type TargetOrgSource = 'flag' | 'environment' | '.env' | 'sf config';

export interface NamedTargetOrg {
  aliasOrUsername: string;
  source: TargetOrgSource;
}

type Environment = Readonly<Record<string, string | undefined>>;

export interface TargetOrgInputs {
  flag?: string;
  env: Environment;
  dotenv?: Environment;
}

/** Reads sf's configured target-org; loaded on demand (@salesforce/core takes about a second). */
export type SfDefaultReader = () => Promise<string | undefined>;

const present = (value: string | undefined): string | undefined =>
  value === undefined || value.trim() === '' ? undefined : value.trim();

/**
 * The variables @salesforce/core reads as target-org: its own name, the sfdx-era synonym, and the old property
 * `defaultusername` under sf's prefix (ConfigAggregator reads every property, deprecated ones included, as SF_<NAME>).
 */
const SF_TARGET_ORG_VARIABLES = ['SF_TARGET_ORG', 'SFDX_DEFAULTUSERNAME', 'SF_DEFAULTUSERNAME'];
/** sf's configuration files, global (in the home folder) and local (in a project's root), current and older. */
const SF_CONFIG_FILES = [join('.sf', 'config.json'), join('.sfdx', 'sfdx-config.json')];

/**
 * Whether sf could have a target-org at all: one of its variables is set, or one of its configuration files exists
 * in the home folder or in the working folder or any folder above it (a superset of where @salesforce/core looks
 * for a project's). Without any of them there is nothing to read, and loading @salesforce/core to learn that
 * is skipped: a settings error then comes back at once instead of after most of a second.
 */
export function sfMayHaveTargetOrg(
  cwd: string = process.cwd(),
  env: Environment = process.env,
  home: string = homedir(),
): boolean {
  if (SF_TARGET_ORG_VARIABLES.some((name) => present(env[name]) !== undefined)) {
    return true;
  }
  const folders = [home];
  for (let folder = resolve(cwd); ; folder = dirname(folder)) {
    folders.push(folder);
    if (dirname(folder) === folder) break;
  }
  return folders.some((folder) => SF_CONFIG_FILES.some((file) => existsSync(join(folder, file))));
}

export const readSfConfiguredTargetOrg: SfDefaultReader = async () => {
  if (!sfMayHaveTargetOrg()) {
    return undefined;
  }
  const { ConfigAggregator, OrgConfigProperties } = await import('@salesforce/core');
  const value = (await ConfigAggregator.create()).getPropertyValue(OrgConfigProperties.TARGET_ORG);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
};

/** The org named by the flag, SF_TARGET_ORG or `.env`, without asking sf (an empty variable is unset). */
export function namedTargetOrg({ flag, env, dotenv = {} }: TargetOrgInputs): NamedTargetOrg | undefined {
  const candidates: [string | undefined, TargetOrgSource][] = [
    [flag, 'flag'],
    [env.SF_TARGET_ORG, 'environment'],
    [dotenv.SF_TARGET_ORG, '.env'],
  ];
  const found = candidates.find(([value]) => present(value) !== undefined);
  return found ? { aliasOrUsername: present(found[0]) as string, source: found[1] } : undefined;
}

/** The named org, else sf's configured default; undefined when there is neither. */
export async function resolveTargetOrgName(
  inputs: TargetOrgInputs,
  readSfDefault: SfDefaultReader = readSfConfiguredTargetOrg,
): Promise<NamedTargetOrg | undefined> {
  const named = namedTargetOrg(inputs);
  if (named) {
    return named;
  }
  const configured = await readSfDefault();
  return configured ? { aliasOrUsername: configured, source: 'sf config' } : undefined;
}

/** For commands that cannot work without an org: sf's own NoDefaultEnvError when there is none. */
export async function requireTargetOrgName(
  command: string,
  inputs: TargetOrgInputs,
  readSfDefault: SfDefaultReader = readSfConfiguredTargetOrg,
): Promise<NamedTargetOrg> {
  const resolved = await resolveTargetOrgName(inputs, readSfDefault);
  if (!resolved) {
    throw createError(salesforceMessages.noDefaultEnv, [], { actionArgs: [command] });
  }
  return resolved;
}

/** The line that says which org a command uses when it was not named (shown, and in --json's warnings). */
export function defaultOrgNotice(org: NamedTargetOrg): string | undefined {
  return org.source === 'sf config' ? formatMessage(salesforceText.usingDefaultOrg, [org.aliasOrUsername]) : undefined;
}
