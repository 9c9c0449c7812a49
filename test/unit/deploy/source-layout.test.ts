import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CI_PERMISSIONS_DIR,
  CI_PERMISSION_SET_NAME,
  ECA_FOLDERS,
  PROJECT_ROOT,
  listMetadataFolders,
  readDefaultPackageDirectory,
} from '../../../scripts/lib/deploy/source-layout';

describe('listMetadataFolders', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'layout-'));
    const put = (file: string): void => {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), '<x/>');
    };
    put('pkg/main/default/classes/A.cls');
    put('pkg/main/default/extlClntAppOauthPolicies/A_oauthPlcy.ecaOauthPlcy-meta.xml');
    put('pkg/main/other/classes/B.cls');
    put('pkg/extra/objects/C__c/C__c.object-meta.xml');
    mkdirSync(path.join(root, 'pkg/main/default/empty/nested'), { recursive: true });
    writeFileSync(
      path.join(root, 'sfdx-project.json'),
      JSON.stringify({ packageDirectories: [{ path: 'other' }, { path: 'pkg/', default: true }] }),
    );
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('descends main/default, keeps other folders whole, and leaves out folders without files', () => {
    expect(listMetadataFolders(root, 'pkg')).toEqual([
      'pkg/extra',
      'pkg/main/default/classes',
      'pkg/main/default/extlClntAppOauthPolicies',
      'pkg/main/other',
    ]);
  });

  it('reads the default package directory without a trailing slash', () => {
    expect(readDefaultPackageDirectory(root)).toBe('pkg');
  });

  it('finds every External Client App folder in this project', () => {
    const folders = listMetadataFolders(PROJECT_ROOT, readDefaultPackageDirectory(PROJECT_ROOT)).map((folder) =>
      folder.slice(folder.lastIndexOf('/') + 1),
    );
    expect(folders).toEqual(expect.arrayContaining([...ECA_FOLDERS]));
  });

  it('keeps ci/ a tracked package directory that is never the default, and says where a flagless deploy sends it', () => {
    const { packageDirectories } = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'sfdx-project.json'), 'utf8')) as {
      packageDirectories: { path: string; default?: boolean }[];
    };
    const ci = packageDirectories.find((directory) => directory.path === CI_PERMISSIONS_DIR);
    expect(ci).toEqual({ path: CI_PERMISSIONS_DIR, default: false });
    expect(readDefaultPackageDirectory(PROJECT_ROOT)).not.toBe(CI_PERMISSIONS_DIR);
    // Every package directory goes out with a flagless deploy on a tracked org: the docs must say so.
    const section = readFileSync(path.join(PROJECT_ROOT, 'docs', 'deploy.md'), 'utf8').split(
      '## The CI permission set',
    )[1];
    expect(section).toMatch(/flagless deploy on a source-tracked org carries the CI set/);
    expect(section).toContain(`--metadata PermissionSet:${CI_PERMISSION_SET_NAME}`);
  });
});
