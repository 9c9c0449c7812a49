/**
 * What a scratch org in CI needs before `npm run register -- --target-org` can read the app's key and
 * secret (reference/salesforce.md, "CI on a real Dev Hub"): the org setting in the scratch definition,
 * and the two user permissions in the CI-only permission set, which must stay out of force-app.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  CI_PERMISSION_SET_NAME,
  CI_PERMISSIONS_DIR,
  PROJECT_ROOT,
  readDefaultPackageDirectory,
} from '../../../scripts/lib/deploy/source-layout';

interface ScratchDefinition {
  features?: string[];
  settings?: { externalClientAppSettings?: Record<string, unknown> };
}

const definition = JSON.parse(
  readFileSync(path.join(PROJECT_ROOT, 'config/project-scratch-def.json'), 'utf8'),
) as ScratchDefinition;
const permissionSetPath = path.join(
  PROJECT_ROOT,
  CI_PERMISSIONS_DIR,
  'main/default/permissionsets',
  `${CI_PERMISSION_SET_NAME}.permissionset-meta.xml`,
);

describe('config/project-scratch-def.json', () => {
  it('turns on REST access to External Client App consumer secrets', () => {
    expect(definition.settings?.externalClientAppSettings?.enableClientSecretInRestApiAccess).toBe(true);
  });

  it('asks for External Client Apps as features, not through a setting the API 65 docs no longer list', () => {
    expect(definition.features).toEqual(expect.arrayContaining(['ExternalClientApps', 'ExtlClntAppSecretExposeCtl']));
    expect(Object.keys(definition.settings?.externalClientAppSettings ?? {})).toEqual([
      'enableClientSecretInRestApiAccess',
    ]);
  });
});

describe('the CI permission set', () => {
  const xml = readFileSync(permissionSetPath, 'utf8');
  const enabled = [...xml.matchAll(/<userPermissions>\s*<enabled>true<\/enabled>\s*<name>(\w+)<\/name>/g)].map(
    (match) => match[1],
  );

  it('grants "External Client App Developer" and "View Client Secret", with the permissions the first needs', () => {
    expect(enabled.sort()).toEqual([
      'ExternalClientAppAdmin',
      'ExternalClientAppDeveloper',
      'ExternalClientAppViewer',
      'ViewClientSecret',
    ]);
  });

  it('lives outside the default package directory, so a deploy of force-app never carries it', () => {
    const packageDirectory = readDefaultPackageDirectory(PROJECT_ROOT);
    expect(path.relative(path.join(PROJECT_ROOT, packageDirectory), permissionSetPath).startsWith('..')).toBe(true);
    expect(
      existsSync(
        path.join(PROJECT_ROOT, packageDirectory, 'main/default/permissionsets', path.basename(permissionSetPath)),
      ),
    ).toBe(false);
  });
});
