import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
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
});
