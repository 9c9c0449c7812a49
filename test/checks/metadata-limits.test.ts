/**
 * The metadata-limits check of lint:sf: a value over its documented length fails the run with file, line, length
 * and limit (the org would refuse the whole component at deploy time); the project as it is passes.
 */
import path from 'node:path';
import { isError } from '../../scripts/checks/finding';
import { checkMetadataLimits, leafElements } from '../../scripts/checks/metadata-limits';
import { METADATA_LIMITS } from '../../scripts/checks/metadata-limits-table';
import {
  checkNamed,
  createFixtureProject,
  errorsOf,
  runLintSf,
  TOOL_RUN_TIMEOUT_MS,
  type FixtureProject,
} from './fixture-project';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const FIELD = 'force-app/main/default/objects/Greeting__c/fields/Message__c.field-meta.xml';
const PERMISSION_SET = 'force-app/main/default/permissionsets/Greeter.permissionset-meta.xml';

const permissionSet = (description: string, label = 'Greeter'): string => `<?xml version="1.0" encoding="UTF-8"?>
<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">
    <description>${description}</description>
    <hasActivationRequired>false</hasActivationRequired>
    <label>${label}</label>
</PermissionSet>
`;

const field = (parts: {
  label?: string;
  description?: string;
  help?: string;
}): string => `<?xml version="1.0" encoding="UTF-8"?>
<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">
    <fullName>Message__c</fullName>
${parts.description === undefined ? '' : `    <description>${parts.description}</description>\n`}${parts.help === undefined ? '' : `    <inlineHelpText>${parts.help}</inlineHelpText>\n`}    <label>${parts.label ?? 'Message'}</label>
    <length>255</length>
    <type>Text</type>
</CustomField>
`;

describe('metadata-limits', () => {
  let project: FixtureProject;
  beforeEach(() => {
    project = createFixtureProject();
  });
  afterEach(() => project.dispose());

  const errors = () => checkMetadataLimits(project.root).findings.filter(isError);

  it('passes on the project as it is, and on the valid fixture', () => {
    expect(checkMetadataLimits(REPO_ROOT).findings.filter(isError)).toEqual([]);
    expect(errors()).toEqual([]);
  });

  it('fails on a 256-character permission-set description, naming file, line, length and limit', () => {
    project.write(PERMISSION_SET, permissionSet('d'.repeat(256)));
    expect(errors()).toEqual([
      expect.objectContaining({
        file: PERMISSION_SET,
        line: 3,
        rule: 'metadata-length',
        message: expect.stringMatching(/PermissionSet <description> is 256 characters; the limit is 255/),
      }),
    ]);
  });

  it('accepts a 255-character permission-set description and an 80-character label, not 81', () => {
    project.write(PERMISSION_SET, permissionSet('d'.repeat(255), 'L'.repeat(80)));
    expect(errors()).toEqual([]);
    project.write(PERMISSION_SET, permissionSet('short', 'L'.repeat(81)));
    expect(errors().map((finding) => finding.message)).toEqual([
      expect.stringContaining('PermissionSet <label> is 81 characters; the limit is 80'),
    ]);
  });

  it('fails on a 41-character field label and a 1001-character field description', () => {
    project.write(FIELD, field({ label: 'L'.repeat(41), description: 'd'.repeat(1001) }));
    expect(errors()).toEqual([
      expect.objectContaining({
        file: FIELD,
        line: 4,
        message: expect.stringContaining('<description> is 1001 characters; the limit is 1000'),
      }),
      expect.objectContaining({
        file: FIELD,
        line: 5,
        message: expect.stringContaining('<label> is 41 characters; the limit is 40'),
      }),
    ]);
  });

  it('fails on a 511-character help text, and counts an entity as the one character the org stores', () => {
    project.write(FIELD, field({ help: 'h'.repeat(511) }));
    expect(errors().map((finding) => finding.message)).toEqual([
      expect.stringContaining('CustomField <inlineHelpText> is 511 characters; the limit is 510'),
    ]);
    project.write(FIELD, field({ label: `${'L'.repeat(39)}&amp;` }));
    expect(errors()).toEqual([]);
  });

  it('fails on a field API name longer than 40 characters before __c', () => {
    const longName = `force-app/main/default/objects/Greeting__c/fields/${'N'.repeat(41)}__c.field-meta.xml`;
    project.write(longName, field({}));
    expect(errors()).toEqual([
      expect.objectContaining({
        file: longName,
        rule: 'metadata-name-length',
        message: expect.stringContaining('is 41 characters; the limit is 40'),
      }),
    ]);
  });

  it('only warns over a limit no Salesforce page confirms, and names types it has no limits for', () => {
    project.write(
      'force-app/main/default/tabs/Greeting__c.tab-meta.xml',
      `<?xml version="1.0" encoding="UTF-8"?>\n<CustomTab xmlns="http://soap.sforce.com/2006/04/metadata">\n    <customObject>true</customObject>\n    <description>${'d'.repeat(1001)}</description>\n</CustomTab>\n`,
    );
    project.write('force-app/main/default/weblinks/Odd.weblink-meta.xml', '<WebLink/>\n');
    const outcome = checkMetadataLimits(project.root);
    expect(outcome.findings).toEqual([expect.objectContaining({ severity: 'warning', line: 4 })]);
    expect(outcome.notes).toContainEqual(expect.stringContaining('no limits known (passed unchecked): .weblink (1)'));
  });

  it('looks at ci/ and connected-app/ too, which are deployed with --source-dir', () => {
    const ciSet = 'ci/main/default/permissionsets/Ci.permissionset-meta.xml';
    project.write(ciSet, permissionSet('d'.repeat(256)));
    project.write(
      'connected-app/main/default/connectedApps/App.connectedApp-meta.xml',
      '<ConnectedApp><label>x</label></ConnectedApp>\n',
    );
    expect(errors().map((finding) => finding.file)).toEqual([ciSet]);
    expect(checkMetadataLimits(project.root).notes).toContainEqual('ConnectedApp: 1');
  });

  it(
    'fails `npm run lint:sf` itself (exit 1) on an over-limit value',
    () => {
      project.write(PERMISSION_SET, permissionSet('d'.repeat(256)));
      const run = runLintSf(project.root, ['metadata-limits']);
      expect(run.exitCode).toBe(1);
      expect(errorsOf(checkNamed(run, 'metadata-limits'))).toHaveLength(1);
    },
    TOOL_RUN_TIMEOUT_MS,
  );
});

describe('leafElements', () => {
  it('reads nested paths with their lines and ignores tags inside comments', () => {
    const xml =
      '<?xml version="1.0"?>\n<CustomObject>\n<!-- <label>not me</label> -->\n<nameField>\n<label>Number</label>\n</nameField>\n<label>Greeting</label>\n</CustomObject>\n';
    expect(leafElements(xml)).toEqual([
      { path: 'nameField/label', text: 'Number', line: 5 },
      { path: 'label', text: 'Greeting', line: 7 },
    ]);
  });

  it('has a source for every limit', () => {
    for (const limits of Object.values(METADATA_LIMITS)) {
      for (const limit of limits.elements) expect(limit.source).not.toBe('');
    }
  });
});
