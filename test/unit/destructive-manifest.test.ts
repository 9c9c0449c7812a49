/**
 * The removal manifests in manifest/ (an empty package.xml, destructiveChangesPre.xml and
 * destructiveChangesPost.xml, deployed together as docs/org-life.md says) name every component the project
 * deploys, each once, and nothing the source does not have; no component is deleted in an earlier half
 * than a component that still refers to it; and the Lightning pages that action overrides activate are
 * deactivated by manifest/deactivate-record-page before, since the Metadata API refuses to delete an
 * active page. Read with @salesforce/source-deploy-retrieve, the library the sf CLI deploys with, offline.
 * A new component fails here with the lines to add.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ComponentSet, type SourceComponent } from '@salesforce/source-deploy-retrieve';
import { REPO_ROOT } from '../helpers/runCli';

const MANIFEST = join(REPO_ROOT, 'manifest');
/** Every folder of deployable source: the package directories, and Option B's Connected App. */
const SOURCE_DIRS = ['force-app', 'ci', 'connected-app'].map((dir) => join(REPO_ROOT, dir));

const DEACTIVATE_DIR = join(MANIFEST, 'deactivate-record-page');

/**
 * Types whose components refer to other components of the project (permission sets to classes, fields and
 * the External Credential; the policies and settings to the app; the Named Credential to the External
 * Credential; Lightning pages, tabs, layouts and Lightning components to classes and objects). They go
 * first. Not ApexPage: an object's list button (WebLink) refers to the Visualforce page, so it goes with
 * the objects; the referral check below holds either way.
 */
const REFERRING_TYPES = new Set([
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
const HALVES: readonly Half[] = ['Pre', 'Post'];
const key = (type: string, fullName: string) => `${type}:${fullName}`;

async function manifestComponentsOf(manifestPath: string): Promise<string[]> {
  const set = await ComponentSet.fromManifest({ manifestPath, forceAddWildcards: false });
  return [...set].map((component) => key(component.type.name, component.fullName));
}

const manifestComponents = (file: string) => manifestComponentsOf(join(MANIFEST, file));

interface Source {
  key: string;
  type: string;
  fullName: string;
  /** The metadata and markup the platform reads references from (not Apex code nor resource bodies). */
  text: string;
}

/** Apex bodies name permission sets and the like in strings, which are no metadata references. */
const CODE_OR_DATA = /\.(cls|trigger|json|css)$/;

function componentFiles(component: SourceComponent): string[] {
  const own = [component.xml, ...(component.content ? component.walkContent() : [])];
  return [
    ...own.filter((file): file is string => file !== undefined && !CODE_OR_DATA.test(file)),
    ...component.getChildren().flatMap(componentFiles),
  ];
}

function sourceComponents(): Source[] {
  return ComponentSet.fromSource(SOURCE_DIRS)
    .getSourceComponents()
    .toArray()
    .map((component) => ({
      key: key(component.type.name, component.fullName),
      type: component.type.name,
      fullName: component.fullName,
      text: componentFiles(component)
        .map((file) => readFileSync(file, 'utf8'))
        .join('\n'),
    }));
}

/**
 * Whether `text` names `to` as a value: an element's text, an attribute, an LWC import or tag
 * (`<page>OssReplaySelected</page>`, `standardController="OSS_Callback_Event__c"`,
 * `@salesforce/apex/OssHealthController.load`), not a mention in a description. A custom object's tab
 * bears the object's name, so a tab counts only where a tab is named (an app's or permission set's list).
 */
function names(text: string, to: Pick<Source, 'type' | 'fullName'>): boolean {
  const escaped = to.fullName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = to.type === 'CustomTab' ? `<tabs?>\\s*${escaped}\\s*</tabs?>` : `[>"'/:]\\s*${escaped}\\s*[<"'.]`;
  return new RegExp(pattern).test(text);
}

/**
 * Every pair where a component of the source names another. Components of one name (the Named and the
 * External Credential OneSpan_Sign_API) are not taken to name each other: a file naming itself is no
 * reference.
 */
export function references(source: readonly Source[]): { from: string; to: string }[] {
  return source.flatMap((from) =>
    source
      .filter((to) => to.fullName !== from.fullName && names(from.text, to))
      .map((to) => ({ from: from.key, to: to.key })),
  );
}

/** A referred component deleted in an earlier half than its referrer is deleted while still in use. */
export function deletedWhileReferred(
  pairs: readonly { from: string; to: string }[],
  halfOf: (component: string) => Half | undefined,
): string[] {
  return pairs.flatMap(({ from, to }) => {
    const [fromHalf, toHalf] = [halfOf(from), halfOf(to)];
    if (fromHalf === undefined || toHalf === undefined) return [];
    if (HALVES.indexOf(toHalf) >= HALVES.indexOf(fromHalf)) return [];
    return [`${to} is deleted in ${toHalf} while ${from} (${fromHalf}) still refers to it: move it to ${fromHalf}`];
  });
}

/** The Lightning pages an action override in `xml` activates. */
function activatedPages(xml: string): string[] {
  return [...xml.matchAll(/<actionOverrides>([\s\S]*?)<\/actionOverrides>/g)]
    .filter(([, body]) => /<type>Flexipage<\/type>/i.test(body))
    .map(([, body]) => /<content>([^<]+)<\/content>/.exec(body)?.[1] ?? '');
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

  it('delete nothing before what still refers to it', () => {
    const halfOf = (component: string) => HALVES.find((half) => halves[half].includes(component));
    expect(deletedWhileReferred(references(source), halfOf)).toEqual([]);
  });

  it('would catch a Visualforce page deleted before the list button that opens it', () => {
    const pairs = references(source);
    expect(pairs).toContainEqual({ from: 'CustomObject:OSS_Callback_Event__c', to: 'ApexPage:OssReplaySelected' });
    const pageInPre = (component: string) =>
      component === 'ApexPage:OssReplaySelected' ? 'Pre' : HALVES.find((half) => halves[half].includes(component));
    expect(deletedWhileReferred(pairs, pageInPre)).toEqual([
      'ApexPage:OssReplaySelected is deleted in Pre while CustomObject:OSS_Callback_Event__c (Post) still refers to it: move it to Post',
    ]);
  });

  it('are preceded by a deploy that deactivates every Lightning page an action override activates', async () => {
    const apps = source.filter((component) => component.type === 'CustomApplication');
    const activated = source.flatMap((component) => activatedPages(component.text));
    expect(activated).toContain('OSS_Callback_Event_Record_Page');
    expect(apps.map((app) => app.fullName)).toEqual(['OneSpan_Sign_Callbacks']);
    const objects = source.filter((component) => component.type === 'CustomObject');
    expect(objects.flatMap((object) => activatedPages(object.text))).toEqual([]);
    for (const app of apps) {
      const deactivated = readFileSync(join(DEACTIVATE_DIR, 'applications', `${app.fullName}.app`), 'utf8');
      expect(activatedPages(deactivated)).toEqual([]);
      expect(deactivated).toBe(app.text.replace(/ *<actionOverrides>[\s\S]*?<\/actionOverrides>\n/g, ''));
    }
    expect(await manifestComponentsOf(join(DEACTIVATE_DIR, 'package.xml'))).toEqual(
      apps.map((app) => key('CustomApplication', app.fullName)),
    );
  });

  it('use the API version of the project', () => {
    const { sourceApiVersion } = JSON.parse(readFileSync(join(REPO_ROOT, 'sfdx-project.json'), 'utf8')) as {
      sourceApiVersion: string;
    };
    for (const file of [
      'package.xml',
      'destructiveChangesPre.xml',
      'destructiveChangesPost.xml',
      'deactivate-record-page/package.xml',
    ]) {
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
