import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OssError } from '../../../../scripts/lib/errors';
import {
  defaultOrgNotice,
  namedTargetOrg,
  requireTargetOrgName,
  resolveTargetOrgName,
  sfMayHaveTargetOrg,
} from '../../../../scripts/lib/salesforce/defaultOrg';
import { loadSettingsDraft } from '../../../../scripts/lib/settings';

const sfDefault = (value?: string) => jest.fn(async () => value);

describe('which org a command uses', () => {
  it('takes the flag, then SF_TARGET_ORG, then .env, and asks sf only when none names one', async () => {
    const read = sfDefault('configured');
    const env = { SF_TARGET_ORG: 'from-env' };
    const dotenv = { SF_TARGET_ORG: 'from-dotenv' };
    expect(await resolveTargetOrgName({ flag: 'flagged', env, dotenv }, read)).toEqual({
      aliasOrUsername: 'flagged',
      source: 'flag',
    });
    expect(namedTargetOrg({ env, dotenv })).toEqual({ aliasOrUsername: 'from-env', source: 'environment' });
    expect(namedTargetOrg({ env: { SF_TARGET_ORG: '' }, dotenv })).toEqual({
      aliasOrUsername: 'from-dotenv',
      source: '.env',
    });
    expect(read).not.toHaveBeenCalled();
    expect(await resolveTargetOrgName({ env: {} }, read)).toEqual({
      aliasOrUsername: 'configured',
      source: 'sf config',
    });
  });

  it("fails with sf's NoDefaultEnvError, in sf's words, when no org is named or configured", async () => {
    const error = (await requireTargetOrgName('archive', { env: {} }, sfDefault()).catch(
      (e: unknown) => e,
    )) as OssError;
    expect(error.code).toBe('NoDefaultEnvError');
    expect(error.message).toBe('No default environment found. Use -o or --target-org to specify an environment.');
    expect(error.exitCode).toBe(1);
    expect(error.actions.join('\n')).toContain('npm run archive -- --target-org my-org');
    expect(error.actions.join('\n')).toContain('sf config set target-org my-org');
  });

  it('says which org it used only when sf chose it', () => {
    expect(defaultOrgNotice({ aliasOrUsername: 'myorg', source: 'sf config' })).toContain("sf CLI's default org myorg");
    expect(defaultOrgNotice({ aliasOrUsername: 'myorg', source: 'flag' })).toBeUndefined();
  });
});

describe("settings and sf's default org", () => {
  const saved = { ...process.env };
  const oneSpan = { ONESPAN_API_URL: 'https://sandbox.esignlive.com/api', ONESPAN_API_KEY: 'made-up-key' };
  const cwd = __dirname; // no .env here
  beforeEach(() => {
    for (const name of ['SF_TARGET_ORG', 'SF_INSTANCE_URL', 'SF_CLIENT_ID', 'SF_CLIENT_SECRET'])
      delete process.env[name];
    Object.assign(process.env, oneSpan);
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  it('uses the default org when nothing says where the org is, and says so', async () => {
    const notice = jest.fn();
    const draft = await loadSettingsDraft({}, { cwd, readSfDefault: sfDefault('myorg'), notice });
    expect(draft.targetOrg).toBe('myorg');
    expect(notice).toHaveBeenCalledWith(expect.stringContaining('myorg'));
  });

  it('leaves client-credential settings (SF_INSTANCE_URL) exactly as they were, default org or not', async () => {
    Object.assign(process.env, {
      SF_INSTANCE_URL: 'https://acme.my.salesforce.com',
      SF_CLIENT_ID: 'key',
      SF_CLIENT_SECRET: 'made-up-secret',
    });
    const read = sfDefault('myorg');
    const draft = await loadSettingsDraft({}, { cwd, readSfDefault: read });
    expect(draft.targetOrg).toBeUndefined();
    expect(read).not.toHaveBeenCalled();
  });

  it('reports the missing settings as before when there is no default org either', async () => {
    const error = (await loadSettingsDraft({}, { cwd, readSfDefault: sfDefault() }).catch(
      (e: unknown) => e,
    )) as OssError;
    expect(error.code).toBe('InvalidSettingsError');
    expect(error.message).toContain('SF_INSTANCE_URL');
  });
});

describe('whether sf could have a default org, before loading @salesforce/core to ask', () => {
  let root: string;
  let home: string;
  let project: string;
  let cwd: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'sf-config-'));
    home = join(root, 'home');
    project = join(root, 'work', 'project');
    cwd = join(project, 'force-app', 'main');
    mkdirSync(home, { recursive: true });
    mkdirSync(cwd, { recursive: true });
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const place = (folder: string, file: string): void => {
    mkdirSync(join(folder, file, '..'), { recursive: true });
    writeFileSync(join(folder, file), '{}');
  };

  it('is sure there is none without sf variables or configuration files: @salesforce/core is not loaded', () => {
    expect(sfMayHaveTargetOrg(cwd, { SF_TARGET_ORG: ' ' }, home)).toBe(false);
  });

  it.each([
    ['the global configuration', () => place(home, '.sf/config.json')],
    ["the global configuration of sf's older versions", () => place(home, '.sfdx/sfdx-config.json')],
    ["a project's configuration, found from a folder inside it", () => place(project, '.sf/config.json')],
    ["an older project's configuration", () => place(project, '.sfdx/sfdx-config.json')],
    ['a configuration in the working folder itself', () => place(cwd, '.sf/config.json')],
  ])('asks @salesforce/core when there is %s', (_where, create) => {
    create();
    expect(sfMayHaveTargetOrg(cwd, {}, home)).toBe(true);
  });

  it.each(['SF_TARGET_ORG', 'SFDX_DEFAULTUSERNAME', 'SF_DEFAULTUSERNAME'])(
    'asks @salesforce/core when %s is set',
    (name) => {
      expect(sfMayHaveTargetOrg(cwd, { [name]: 'myorg' }, home)).toBe(true);
    },
  );

  it('asks @salesforce/core whenever core itself would find a target-org in a variable', () => {
    // Every name sf has used for the default org, and near misses; core decides which of them it reads.
    const candidates = ['SF_TARGET_ORG', 'SFDX_TARGET_ORG', 'SF_DEFAULTUSERNAME', 'SFDX_DEFAULTUSERNAME'];
    const probe = `
      const { ConfigAggregator, OrgConfigProperties } = require(${JSON.stringify(require.resolve('@salesforce/core'))});
      (async () => {
        const found = [];
        for (const name of ${JSON.stringify(candidates)}) {
          process.env[name] = 'myorg';
          ConfigAggregator.clearInstance();
          const value = (await ConfigAggregator.create()).getPropertyValue(OrgConfigProperties.TARGET_ORG);
          if (value === 'myorg') found.push(name);
          delete process.env[name];
        }
        console.log(JSON.stringify(found));
      })();`;
    const readByCore = JSON.parse(
      execFileSync(process.execPath, ['-e', probe], {
        cwd,
        env: { PATH: process.env.PATH, HOME: home, SF_DISABLE_LOG_FILE: 'true', SF_DISABLE_TELEMETRY: 'true' },
        encoding: 'utf8',
      }),
    ) as string[];
    expect(readByCore).toContain('SF_TARGET_ORG');
    for (const name of readByCore) {
      expect([name, sfMayHaveTargetOrg(cwd, { [name]: 'myorg' }, home)]).toEqual([name, true]);
    }
  });
});
