/**
 * The removal manifests in manifest/ (an empty package.xml, destructiveChangesPre.xml and
 * destructiveChangesPost.xml, deployed together as docs/org-life.md says) name every component the project
 * deploys, each once, and nothing the source does not have; the components that refer to others are in
 * the Pre half, so they go before what they refer to. Read with @salesforce/source-deploy-retrieve, the
 * library the sf CLI deploys with, offline. A new component fails here with the lines to add.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ComponentSet } from '@salesforce/source-deploy-retrieve';
import { REPO_ROOT } from '../helpers/runCli';

const MANIFEST = join(REPO_ROOT, 'manifest');
/** Every folder of deployable source: the package directories, and Option B's Connected App. */
const SOURCE_DIRS = ['force-app', 'ci', 'connected-app'].map((dir) => join(REPO_ROOT, dir));

/**
 * Types whose components refer to other components of the project (permission sets to classes, fields and
 * the External Credential; the policies and settings to the app; the Named Credential to the External
 * Credential; pages, tabs, layouts and Lightning components to classes and objects). They go first.
 */
const REFERRING_TYPES = new Set([
  'ApexPage',
  'CustomApplication',
  'CustomTab',
  'ExtlClntAppConfigurablePolicies',
  'ExtlClntAppGlobalOauthSettings',
  'ExtlClntAppOauthConfigurablePolicies',
  'ExtlClntAppOauthSettings',
  'FlexiPage',
  'Layout',
  'LightningComponentBundle',
  'NamedCredential',
  'PermissionSet',
  'QuickAction',
  'Report',
  'Dashboard',
  'CustomMetadata',
]);

type Half = 'Pre' | 'Post';
const key = (type: string, fullName: string) => `${type}:${fullName}`;

async function manifestComponents(file: string): Promise<string[]> {
  const set = await ComponentSet.fromManifest({ manifestPath: join(MANIFEST, file), forceAddWildcards: false });
  return [...set].map((component) => key(component.type.name, component.fullName));
}

function sourceComponents(): { key: string; type: string; fullName: string }[] {
  return ComponentSet.fromSource(SOURCE_DIRS)
    .getSourceComponents()
    .toArray()
    .map((component) => ({
      key: key(component.type.name, component.fullName),
      type: component.type.name,
      fullName: component.fullName,
    }));
}

/** Where a source component belongs, and the XML to add it there. */
export function placement(type: string, fullName: string): { half: Half; xml: string } {
  return {
    half: REFERRING_TYPES.has(type) ? 'Pre' : 'Post',
    xml: `<types><members>${fullName}</members><name>${type}</name></types>`,
  };
}

describe('the removal manifests', () => {
  const source = sourceComponents();
  const sourceKeys = new Set(source.map((component) => component.key));
  let halves: Record<Half, string[]>;

  beforeAll(async () => {
    halves = {
      Pre: await manifestComponents('destructiveChangesPre.xml'),
      Post: await manifestComponents('destructiveChangesPost.xml'),
    };
  });

  it('deploy nothing: package.xml names no component', async () => {
    expect(await manifestComponents('package.xml')).toEqual([]);
  });

  it('name only components the source has', () => {
    expect([...halves.Pre, ...halves.Post].filter((named) => !sourceKeys.has(named))).toEqual([]);
  });

  it('name every component of the source once, referring ones in Pre', () => {
    const problems = source.flatMap(({ key: component, type, fullName }) => {
      const where = (['Pre', 'Post'] as const).filter((half) => halves[half].includes(component));
      const { half, xml } = placement(type, fullName);
      if (where.length === 1 && where[0] === half) return [];
      return [
        `${component} is in ${where.join(' and ') || 'neither'}: put ${xml} in destructiveChanges${half}.xml only`,
      ];
    });
    expect(problems).toEqual([]);
  });

  it('use the API version of the project', () => {
    const { sourceApiVersion } = JSON.parse(readFileSync(join(REPO_ROOT, 'sfdx-project.json'), 'utf8')) as {
      sourceApiVersion: string;
    };
    for (const file of ['package.xml', 'destructiveChangesPre.xml', 'destructiveChangesPost.xml']) {
      expect(readFileSync(join(MANIFEST, file), 'utf8')).toContain(`<version>${sourceApiVersion}</version>`);
    }
  });

  it('would catch a component left out or put in the wrong half', () => {
    expect(placement('PermissionSet', 'OSS_Callback_Admin').half).toBe('Pre');
    expect(placement('ApexClass', 'OssCallbackResource')).toEqual({
      half: 'Post',
      xml: '<types><members>OssCallbackResource</members><name>ApexClass</name></types>',
    });
    expect(source.some((component) => component.type === 'ApexClass')).toBe(true);
    expect(halves.Post).toContain('ApexClass:OssCallbackResource');
    expect(halves.Pre).not.toContain('ApexClass:OssCallbackResource');
  });
});
