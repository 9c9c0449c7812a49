import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Offline guards for the Apex receiver in force-app: no org can run its Apex tests here, so this
 * suite checks what files alone can prove — that the contract, the Apex limits, the object's fields
 * and the permission sets agree, and that every Apex assertion carries a message. Each guard is a
 * pure function that is also shown to reject a broken input.
 */

const ROOT = path.resolve(__dirname, '../../..');
const SOURCE = path.join(ROOT, 'force-app/main/default');
const read = (relative: string): string => fs.readFileSync(path.join(SOURCE, relative), 'utf8');

/** Text of every `<name>` element directly holding text, in document order. */
function tagValues(xml: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((match) => match[1]);
}

function tagValue(xml: string, name: string): string | undefined {
  return tagValues(xml, name)[0];
}

type FieldSpec = { type: string; length?: number; unique?: boolean; externalId?: boolean };

/** The fields other code queries by API name; names, types and sizes are fixed. */
const EVENT_FIELDS: Record<string, FieldSpec> = {
  Event_Name__c: { type: 'Text', length: 255 },
  Package_Id__c: { type: 'Text', length: 255 },
  Document_Id__c: { type: 'Text', length: 255 },
  Session_User__c: { type: 'Text', length: 255 },
  Message__c: { type: 'LongTextArea', length: 32768 },
  Event_Created_Date__c: { type: 'DateTime' },
  Raw_Payload__c: { type: 'LongTextArea', length: 131072 },
  Dedupe_Key__c: { type: 'Text', length: 64, unique: true, externalId: true },
  Truncated_Fields__c: { type: 'Text', length: 255 },
  Status__c: { type: 'Picklist' },
  Attempts__c: { type: 'Number' },
  Last_Error__c: { type: 'LongTextArea', length: 32768 },
  Archive_Notes__c: { type: 'LongTextArea', length: 32768 },
};

/** The OneSpan ids the archive stores on each File, its duplicate check (read by Apex and `npm run archive`). */
const FILE_ID_FIELDS = [
  'ContentVersion.OneSpan_Document_Id__c',
  'ContentVersion.OneSpan_File_Key__c',
  'ContentVersion.OneSpan_Package_Id__c',
];
/** The principals the archiving handler calls OneSpan through, in API key and OAuth mode. */
const ONESPAN_PRINCIPALS = ['OneSpan_Sign_API-OneSpan_Sign_Principal', 'OneSpan_Sign_API_OAuth-OneSpan_Sign_Principal'];

/** Problems of one field file against its spec; admins need a description and help text on each. */
function fieldProblems(name: string, xml: string, spec: FieldSpec): string[] {
  const problems: string[] = [];
  if (tagValue(xml, 'type') !== spec.type) problems.push(`${name}: type ${tagValue(xml, 'type')}, want ${spec.type}`);
  if (spec.length !== undefined && Number(tagValue(xml, 'length')) !== spec.length) {
    problems.push(`${name}: length ${tagValue(xml, 'length')}, want ${spec.length}`);
  }
  if (spec.unique && tagValue(xml, 'unique') !== 'true') problems.push(`${name}: must be unique`);
  if (spec.externalId && tagValue(xml, 'externalId') !== 'true') problems.push(`${name}: must be an external id`);
  if (!tagValue(xml, 'description')?.trim()) problems.push(`${name}: no description`);
  if (!tagValue(xml, 'inlineHelpText')?.trim()) problems.push(`${name}: no inline help text`);
  return problems;
}

type Permissions = {
  principals: string[];
  userExternalCredential: Record<string, string>;
  classes: string[];
  userPermissions: string[];
  objectFlags: Record<string, string>;
  readableFields: string[];
  editableFields: string[];
};

function permissionsOf(xml: string): Permissions {
  const blocks = (name: string) =>
    [...xml.matchAll(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`, 'g'))].map((m) => m[1]);
  const enabled = (block: string) => tagValue(block, 'enabled') === 'true';
  const fields = blocks('fieldPermissions');
  const object = blocks('objectPermissions').find((b) => tagValue(b, 'object') === 'OSS_Callback_Event__c') ?? '';
  const userExternalCredential =
    blocks('objectPermissions').find((b) => tagValue(b, 'object') === 'UserExternalCredential') ?? '';
  return {
    principals: blocks('externalCredentialPrincipalAccesses')
      .filter(enabled)
      .map((b) => tagValue(b, 'externalCredentialPrincipal') ?? ''),
    userExternalCredential: Object.fromEntries(
      ['allowCreate', 'allowRead', 'allowEdit', 'allowDelete'].map((flag) => [
        flag,
        tagValue(userExternalCredential, flag) ?? 'absent',
      ]),
    ),
    classes: blocks('classAccesses')
      .filter(enabled)
      .map((b) => tagValue(b, 'apexClass') ?? ''),
    userPermissions: blocks('userPermissions')
      .filter(enabled)
      .map((b) => tagValue(b, 'name') ?? ''),
    objectFlags: Object.fromEntries(
      ['allowCreate', 'allowRead', 'allowEdit', 'allowDelete', 'viewAllRecords', 'modifyAllRecords'].map((flag) => [
        flag,
        tagValue(object, flag) ?? 'absent',
      ]),
    ),
    readableFields: fields.filter((b) => tagValue(b, 'readable') === 'true').map((b) => tagValue(b, 'field') ?? ''),
    editableFields: fields.filter((b) => tagValue(b, 'editable') === 'true').map((b) => tagValue(b, 'field') ?? ''),
  };
}

/** Arguments an `Assert.<method>` call needs so that its last one is a message. */
const ASSERT_ARITY: Record<string, number> = {
  areEqual: 3,
  areNotEqual: 3,
  isTrue: 2,
  isFalse: 2,
  isNull: 2,
  isNotNull: 2,
  isInstanceOfType: 3,
  isNotInstanceOfType: 3,
  fail: 1,
};

/**
 * `Assert.*` calls of an Apex source that lack their message argument, as "line: call". Counts the
 * top-level commas of each call, skipping string literals and nested brackets.
 */
function assertionsWithoutMessage(source: string): string[] {
  const missing: string[] = [];
  for (const match of source.matchAll(/\bAssert\.(\w+)\s*\(/g)) {
    const method = match[1];
    let depth = 1;
    let commas = 0;
    let empty = true;
    let i = (match.index ?? 0) + match[0].length;
    for (; i < source.length && depth > 0; i++) {
      const char = source[i];
      if (char === "'") {
        for (i++; i < source.length && source[i] !== "'"; i++) if (source[i] === '\\') i++;
        empty = false;
      } else if ('([{'.includes(char)) {
        depth++;
      } else if (')]}'.includes(char)) {
        depth--;
      } else if (char === ',' && depth === 1) {
        commas++;
      } else if (!/\s/.test(char)) {
        empty = false;
      }
    }
    const args = empty ? 0 : commas + 1;
    if (args !== ASSERT_ARITY[method]) {
      const line = source.slice(0, match.index).split('\n').length;
      missing.push(`${line}: Assert.${method} with ${args} argument(s)`);
    }
  }
  return missing;
}

/** `when` conditions of the contract that the Apex contract runner does not arrange. */
function unarrangedConditions(contract: Contract, apexTest: string): string[] {
  const conditions = new Set(contract.cases.map((c) => c.when).filter((w): w is string => Boolean(w)));
  return [...conditions].filter((condition) => !apexTest.includes(`condition == '${condition}'`));
}

type Contract = {
  limits: {
    maxBodyLength: number;
    maxBodyBytes: number;
    maxFieldLength: number;
    maxMessageLength: number;
    maxDocumentIdLength: number;
  };
  cases: {
    id: string;
    when?: string;
    expect: { status: number; body: Record<string, unknown>; record?: Record<string, unknown> };
  }[];
};

const contract: Contract = JSON.parse(read('staticresources/OssCallbackContract.json'));
const fieldXml = (object: string, field: string) => read(`objects/${object}/fields/${field}.field-meta.xml`);
const apexConstant = (source: string, name: string) =>
  Number(new RegExp(`static final Integer ${name} = (\\d+);`).exec(source)?.[1]);

describe('OSS_Callback_Event__c', () => {
  it.each(Object.entries(EVENT_FIELDS))('%s has its fixed type and size, a description and help text', (name, spec) => {
    expect(fieldProblems(name, fieldXml('OSS_Callback_Event__c', name), spec)).toEqual([]);
  });

  it('rejects a field file that drifted from its spec', () => {
    const drifted = '<CustomField><type>Text</type><length>80</length><unique>false</unique></CustomField>';
    expect(fieldProblems('Dedupe_Key__c', drifted, EVENT_FIELDS.Dedupe_Key__c)).toEqual([
      'Dedupe_Key__c: length 80, want 64',
      'Dedupe_Key__c: must be unique',
      'Dedupe_Key__c: must be an external id',
      'Dedupe_Key__c: no description',
      'Dedupe_Key__c: no inline help text',
    ]);
  });

  it('has no field beyond the fixed ones, and names records OSS-{000000}', () => {
    const files = fs.readdirSync(path.join(SOURCE, 'objects/OSS_Callback_Event__c/fields'));
    expect(files.map((f) => f.replace('.field-meta.xml', '')).sort()).toEqual(Object.keys(EVENT_FIELDS).sort());
    const object = read('objects/OSS_Callback_Event__c/OSS_Callback_Event__c.object-meta.xml');
    expect(tagValue(object, 'displayFormat')).toBe('OSS-{000000}');
  });

  it('restricts Status__c to Received, Processed, Failed, Duplicate and Waiting (setup unfinished)', () => {
    const status = fieldXml('OSS_Callback_Event__c', 'Status__c');
    expect(tagValue(status, 'restricted')).toBe('true');
    expect(tagValues(status, 'fullName').slice(1)).toEqual(['Received', 'Processed', 'Failed', 'Duplicate', 'Waiting']);
    expect(read('classes/OssCallbackDispatcher.cls')).toContain("outcome.Status__c = 'Waiting';");
  });

  it('is Private: the Run As user owns the events, and only View All (the admin permission set) shows them all', () => {
    const object = read('objects/OSS_Callback_Event__c/OSS_Callback_Event__c.object-meta.xml');
    expect(tagValue(object, 'sharingModel')).toBe('Private');
    expect(tagValue(object, 'externalSharingModel')).toBe('Private');
  });
});

describe('the contract limits', () => {
  const payload = read('classes/OssCallbackPayload.cls');
  const length = (field: string) => Number(tagValue(fieldXml('OSS_Callback_Event__c', field), 'length'));

  it('match the Apex parser constants', () => {
    expect(apexConstant(payload, 'MAX_BODY_LENGTH')).toBe(contract.limits.maxBodyLength);
    expect(apexConstant(payload, 'MAX_FIELD_LENGTH')).toBe(contract.limits.maxFieldLength);
    expect(apexConstant(payload, 'MAX_MESSAGE_LENGTH')).toBe(contract.limits.maxMessageLength);
  });

  it('refuse a body by its bytes only when it cannot fit in characters (3 UTF-8 bytes per UTF-16 unit at most)', () => {
    expect(payload).toContain('static final Integer MAX_BODY_BYTES = 3 * MAX_BODY_LENGTH;');
    expect(contract.limits.maxBodyBytes).toBe(3 * contract.limits.maxBodyLength);
    expect(Buffer.byteLength('\uffff')).toBe(3);
    expect(Buffer.byteLength('\u{1f600}') / '\u{1f600}'.length).toBe(2);
  });

  it('store a documentId of the documented 256 characters cut by at most one, named in Truncated_Fields__c', () => {
    expect(contract.limits.maxDocumentIdLength - length('Document_Id__c')).toBe(1);
    const documentCase = contract.cases.find((c) => c.id === 'stores-document-id-of-256');
    expect(documentCase?.expect.record).toEqual({
      Document_Id__c: 'd'.repeat(length('Document_Id__c')),
      Truncated_Fields__c: 'documentId',
    });
  });

  it('match the sizes of the fields that store them', () => {
    expect(length('Raw_Payload__c')).toBe(contract.limits.maxBodyLength);
    expect(length('Message__c')).toBe(contract.limits.maxMessageLength);
    for (const field of ['Event_Name__c', 'Package_Id__c', 'Document_Id__c', 'Session_User__c']) {
      expect(length(field)).toBe(contract.limits.maxFieldLength);
    }
  });

  it('are read from the source, so a changed constant is noticed', () => {
    expect(apexConstant(payload.replace('= 131072;', '= 131000;'), 'MAX_BODY_LENGTH')).not.toBe(
      contract.limits.maxBodyLength,
    );
  });
});

describe('the Apex contract runner', () => {
  const runner = read('classes/OssCallbackResourceTest.cls');

  it('arranges every "when" condition the contract uses', () => {
    expect(unarrangedConditions(contract, runner)).toEqual([]);
  });

  it('notices a condition it does not arrange', () => {
    const extended: Contract = { ...contract, cases: [...contract.cases, { ...contract.cases[0], when: 'orgOnFire' }] };
    expect(unarrangedConditions(extended, runner)).toEqual(['orgOnFire']);
  });

  it('sees contract case ids that are unique', () => {
    const ids = contract.cases.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('the permission sets', () => {
  const customFields = Object.keys(EVENT_FIELDS)
    .map((f) => `OSS_Callback_Event__c.${f}`)
    .sort();

  it('give the Run As user API access, the REST class and read-only access to the log, nothing more', () => {
    const integration = permissionsOf(read('permissionsets/OSS_Callback_Integration.permissionset-meta.xml'));
    expect(integration.classes).toEqual(['OssCallbackResource']);
    expect(integration.userPermissions).toEqual(['ApiEnabled']);
    expect(integration.objectFlags).toEqual({
      allowCreate: 'false',
      allowRead: 'true',
      allowEdit: 'false',
      allowDelete: 'false',
      viewAllRecords: 'false',
      modifyAllRecords: 'false',
    });
    expect(integration.readableFields.sort()).toEqual([...FILE_ID_FIELDS, ...customFields]);
    expect(integration.editableFields.sort()).toEqual(FILE_ID_FIELDS);
  });

  it.each(['OSS_Callback_Integration', 'OSS_Callback_Admin'])(
    '%s lets its users call OneSpan for the archive (principals, read on User External Credentials)',
    (name) => {
      const permissions = permissionsOf(read(`permissionsets/${name}.permissionset-meta.xml`));
      expect(permissions.principals.sort()).toEqual(ONESPAN_PRINCIPALS);
      expect(permissions.userExternalCredential).toEqual({
        allowCreate: 'false',
        allowRead: 'true',
        allowEdit: 'false',
        allowDelete: 'false',
      });
    },
  );

  it('give admins the replay action, the admin pages and read on every event, without write access', () => {
    const xml = read('permissionsets/OSS_Callback_Admin.permissionset-meta.xml');
    const admin = permissionsOf(xml);
    expect(admin.classes).toEqual([
      'OssCallbackReplay',
      'OssEventActionsController',
      'OssHealthController',
      'OssReplaySelectedController',
    ]);
    // The record page shows the actions card, and the controllers answer, only with this custom permission.
    expect(xml).toMatch(/<customPermissions>\s*<enabled>true<\/enabled>\s*<name>OSS_Manage_Callbacks<\/name>/);
    expect(xml).toMatch(/<pageAccesses>\s*<apexPage>OssReplaySelected<\/apexPage>\s*<enabled>true<\/enabled>/);
    expect(xml).toMatch(/<tab>OSS_Callback_Health<\/tab>\s*<visibility>Visible<\/visibility>/);
    expect(admin.userPermissions).toEqual([]);
    expect(admin.objectFlags).toMatchObject({ allowRead: 'true', viewAllRecords: 'true', allowEdit: 'false' });
    expect(admin.readableFields.sort()).toEqual([...FILE_ID_FIELDS, ...customFields]);
    // Replaying PACKAGE_COMPLETE runs the archive as the admin, who then writes the Files' OneSpan ids.
    expect(admin.editableFields.sort()).toEqual(FILE_ID_FIELDS);
  });

  it('are read closely enough to see an extra grant', () => {
    const widened = read('permissionsets/OSS_Callback_Integration.permissionset-meta.xml').replace(
      '<allowEdit>false</allowEdit>',
      '<allowEdit>true</allowEdit>',
    );
    expect(permissionsOf(widened).objectFlags.allowEdit).toBe('true');
  });
});

describe('the Apex sources', () => {
  const classes = fs.readdirSync(path.join(SOURCE, 'classes')).filter((f) => f.endsWith('.cls'));

  it.each(classes)('%s asserts only with a message', (file) => {
    const source = read(`classes/${file}`);
    expect(assertionsWithoutMessage(source)).toEqual([]);
    if (file.endsWith('Test.cls')) expect(source.match(/\bAssert\.\w+\s*\(/g)?.length ?? 0).toBeGreaterThan(5);
  });

  it('finds an assertion without its message, even with commas in strings and nested calls', () => {
    const source = [
      "Assert.areEqual(f(1, 2), 'a, b');",
      "Assert.isTrue(x, 'has a message, with a comma');",
      'Assert.fail();',
    ].join('\n');
    expect(assertionsWithoutMessage(source)).toEqual([
      '1: Assert.areEqual with 2 argument(s)',
      '3: Assert.fail with 0 argument(s)',
    ]);
  });

  it.each(classes)('%s has a -meta.xml at the project API version', (file) => {
    const project = JSON.parse(fs.readFileSync(path.join(ROOT, 'sfdx-project.json'), 'utf8'));
    expect(tagValue(read(`classes/${file}-meta.xml`), 'apiVersion')).toBe(project.sourceApiVersion);
  });

  it('queue the first job of an event with a chain depth beyond 5 and a signature per event', () => {
    const dispatcher = read('classes/OssCallbackDispatcher.cls');
    expect(dispatcher).toContain('enqueue(new OssCallbackDispatcher(eventId), firstJobOptions(eventId, handlers));');
    expect(dispatcher).toContain('options.MaximumQueueableStackDepth = stackDepthFor(handlers);');
    expect(dispatcher).toContain('System.enqueueJob(job, options);');
    expect(dispatcher).toMatch(/options\.DuplicateSignature = new QueueableDuplicateSignature\.Builder\(\)/);
    expect(apexConstant(dispatcher, 'JOBS_PER_STEP_HANDLER')).toBeGreaterThan(5);
  });

  it('ship no custom metadata record, so a redeploy never resets what an admin set or switched off', () => {
    expect(fs.existsSync(path.join(SOURCE, 'customMetadata'))).toBe(false);
  });

  it('build the archiving handler in, switched off only by an admin record of its name', () => {
    const registry = read('classes/OssCallbackHandlerRegistry.cls');
    expect(registry).toContain("BUILT_IN_ARCHIVE = 'Archive_Signed_Documents'");
    expect(registry).toContain("'Event_Name__c' => 'PACKAGE_COMPLETE'");
    expect(registry).toContain("'Handler_Class__c' => 'OssDocumentArchiver'");
    expect(registry).toContain('if (!deployed.containsKey(BUILT_IN_ARCHIVE))');
  });

  it('default every archive setting in code, as npm run archive does without a Default record', () => {
    const archiver = read('classes/OssDocumentArchiver.cls');
    expect(archiver).toContain("DEFAULT_RECORD_ID_KEY = 'salesforceRecordId'");
    expect(archiver).toContain('DEFAULT_MAX_BYTES = 4000000');
    expect(archiver).toContain("DEFAULT_LINK_VISIBILITY = 'InternalUsers'");
    expect(archiver).toContain("SETTING_RECORD = 'Default'");
    const visibility = fieldXml('OSS_Archive_Setting__mdt', 'Record_Link_Visibility__c');
    expect(tagValues(visibility, 'fullName').slice(1)).toEqual(['InternalUsers', 'AllUsers']);
    expect(visibility).not.toContain('<default>true</default>');
  });
});

describe('the review fixes that files can show', () => {
  it('blame only a heap LimitException on the document, so CPU, SOQL and DML limits are tried again', () => {
    expect(heapAdviceProblems(read('classes/OssDocumentArchiver.cls'))).toEqual([]);
  });

  it('notice a heap advice that blames every LimitException on the document', () => {
    const broken = [
      'public class HeapLimitAdvice implements OssCallbackDispatcher.UncaughtFailureAdvice {',
      '    public String adviseOn(Id eventId, String failureType, String failureMessage) {',
      "        if (failureType != 'System.LimitException') {",
      '            return null;',
      '        }',
      '        return failureMessage;',
      '    }',
      '}',
    ].join('\n');
    expect(heapAdviceProblems(broken)).toEqual(['adviseOn does not require the failure message to mention the heap']);
  });

  it('never link the signed file to a user, group, Chatter group, library or site named in the data', () => {
    expect(unguardedSenderLinks(read('classes/OssDocumentArchiver.cls'))).toEqual([]);
  });

  it('notice a sender link inserted without the people-and-places guard', () => {
    const broken = [
      "private static final Set<String> PEOPLE_AND_PLACES = new Set<String>{ 'User' };",
      'private static String linkToSenderRecord(Id documentId, Targets targets) {',
      '    Database.insert(link(documentId, targets.recordId, null), false, AccessLevel.USER_MODE);',
      '}',
    ].join('\n');
    expect(unguardedSenderLinks(broken)).toEqual([
      'PEOPLE_AND_PLACES lacks Group, CollaborationGroup, ContentWorkspace, Network',
      'linkToSenderRecord inserts before it checks PEOPLE_AND_PLACES',
    ]);
  });

  it("read a 404 as nothing registered only when it is OneSpan's JSON error, and then skip the key check", () => {
    const health = read('classes/OssCallbackRegistrationHealth.cls');
    expect(codeOnly(health)).toMatch(/status == 404 && isOneSpanNotFound\(response\.getBody\(\)\)/);
    expect(health).toContain("((String) messageKey).startsWith('error.notFound')");
    expect(codeOnly(health).match(/State\.NOT_REGISTERED/g)).toHaveLength(2); // the OneSpan 404 and the empty 200
    const keyCheck = read('classes/OssHealthController.cls').split('private static Check keyCheck(')[1];
    expect(keyCheck.split('when else')[0]).toMatch(
      /when NOT_REGISTERED \{\s*\/\/[^\n]*\n\s*return check\.result\(\s*'skip'/,
    );
  });

  it('document what a replay does while a chain runs, since chained jobs carry no signature', () => {
    const dispatcher = codeOnly(read('classes/OssCallbackDispatcher.cls'));
    expect(dispatcher).toContain('System.enqueueJob(job);');
    const receiver = fs.readFileSync(path.join(ROOT, 'docs/receiver.md'), 'utf8');
    expect(receiver).toContain('**A replay while a chain runs.**');
    expect(receiver).toMatch(/`AsyncApexJob` has no field that names\s+the event/);
  });
});

describe('the ContentVersion fields of the archive', () => {
  it('index OneSpan_Package_Id__c (external id) and keep OneSpan_File_Key__c unique and case-sensitive', () => {
    expect(tagValue(fieldXml('ContentVersion', 'OneSpan_Package_Id__c'), 'externalId')).toBe('true');
    const key = fieldXml('ContentVersion', 'OneSpan_File_Key__c');
    expect([tagValue(key, 'unique'), tagValue(key, 'externalId'), tagValue(key, 'caseSensitive')]).toEqual([
      'true',
      'true',
      'true',
    ]);
    expect(read('classes/OssDocumentArchiver.cls')).toContain('OneSpan_File_Key__c = key');
  });
});

describe('the Apex tests, for a real org', () => {
  const classes = fs.readdirSync(path.join(SOURCE, 'classes')).filter((f) => f.endsWith('.cls'));
  const testClasses = classes.filter((f) => /@IsTest/i.test(read(`classes/${f}`)));

  it.each(testClasses)('%s inserts no standard record an org may guard with required fields or rules', (file) => {
    expect(orgDependentRecords(read(`classes/${file}`))).toEqual([]);
  });

  it('notices a test that creates an Account or a Contact', () => {
    expect(orgDependentRecords("Account a = new Account(Name = 'x');\ninsert new Contact(LastName = 'y');")).toEqual([
      '1: new Account(',
      '2: new Contact(',
    ]);
  });

  it.each(testClasses)('%s stops its test inside runAs wherever a test is named for the rights of a user', (file) => {
    expect(stopTestsOutsideRunAs(read(`classes/${file}`))).toEqual([]);
  });

  it('notices a rights test whose queued job runs as the test runner', () => {
    const source = [
      '@IsTest',
      'static void replayRunsTheHandlersWithTheRightsOfTheReplayingUser() {',
      '    Test.startTest();',
      '    System.runAs(admin) {',
      '        OssCallbackReplay.replay(ids);',
      '    }',
      '    Test.stopTest();',
      '}',
    ].join('\n');
    expect(stopTestsOutsideRunAs(source)).toEqual(['replayRunsTheHandlersWithTheRightsOfTheReplayingUser']);
    expect(
      stopTestsOutsideRunAs(
        source.replace('    Test.stopTest();\n}', '}').replace('replay(ids);', 'replay(ids);\n Test.stopTest();'),
      ),
    ).toEqual([]);
  });

  it('runs every archiver step as the user it creates with the integration permission set', () => {
    const source = read('classes/OssDocumentArchiverTest.cls');
    const steps = testMethods(source).filter((m) => /\b(runStep|failStep)\(/.test(m.body));
    expect(steps.length).toBeGreaterThan(20);
    expect(
      steps.filter((m) => !/System\.runAs\(runAsUser\(\)\)|System\.runAs\(runAs\)/.test(m.body)).map((m) => m.name),
    ).toEqual([]);
    expect(source).toContain("createUser('OSS_Callback_Integration')");
  });
});

describe('Apex identifiers', () => {
  const classes = fs.readdirSync(path.join(SOURCE, 'classes')).filter((f) => f.endsWith('.cls'));

  it.each(classes)('%s declares no Apex reserved word as a name', (file) => {
    expect(reservedIdentifiers(read(`classes/${file}`))).toEqual([]);
  });

  it.each(classes)('%s reads a JSON number as Integer, Long or Decimal, never as a Decimal alone', (file) => {
    expect(decimalOnlyNumbers(read(`classes/${file}`))).toEqual([]);
  });

  it('notices a size read with instanceof Decimal alone', () => {
    expect(decimalOnlyNumbers('size = raw instanceof Decimal ? ((Decimal) raw).longValue() : null;')).toEqual([
      '1: instanceof Decimal without instanceof Integer and Long',
    ]);
  });

  it('notices a method named sort and a variable named desc', () => {
    const source =
      "public OssArchivePlan sort(Set<String> ids) {\n    String desc = 'x'; // a comment: String limit = 1;\n}";
    expect(reservedIdentifiers(source)).toEqual(['1: sort', '2: desc']);
  });
});

/**
 * Apex's reserved keywords (Apex Developer Guide, "Reserved Keywords"), which cannot name a class,
 * method or variable; `after`, `before`, `count`, `excludes`, `first`, `includes`, `last`, `order`,
 * `sharing` and `with` are keywords that may.
 */
const APEX_RESERVED = new Set(
  (
    'abstract activate and any array as asc autonomous begin bigdecimal blob boolean break bulk by byte case cast ' +
    'catch char class collect commit const continue currency date datetime decimal default delete desc do double ' +
    'else end enum exception exit export extends false final finally float for from global goto group having hint ' +
    'if implements import in inner insert instanceof int integer interface into join like limit list long loop map ' +
    'merge new not null nulls number object of on or outer override package parallel pragma private protected ' +
    'public retrieve return rollback select set short sobject sort static string super switch synchronized system ' +
    'testmethod then this throw time transaction trigger true try undelete update upsert using virtual void ' +
    'webservice when where while'
  ).split(' '),
);

/** Apex source with comments, string literals and inline SOQL blanked, line breaks kept. */
function codeOnly(source: string): string {
  const blank = (c: string) => c.replace(/[^\n]/g, ' ');
  return source
    .replace(/\/\*[\s\S]*?\*\//g, blank)
    .replace(/\/\/[^\n]*/g, blank)
    .replace(/'(?:\\.|[^'\\])*'/g, (c) => `'${blank(c.slice(1, -1))}'`)
    .replace(/\[\s*SELECT\b[^\]]*\]/gi, (c) => `[${blank(c.slice(1, -1))}]`);
}

/** Names declared after a type (methods, fields, variables, parameters) that are reserved words, as "line: name". */
function reservedIdentifiers(source: string): string[] {
  const code = codeOnly(source);
  const declaration =
    /\b(?:void|Boolean|String|Integer|Long|Decimal|Double|Id|Object|Blob|Date|Datetime|[A-Z][\w.]*(?:<[^;(){}=]*>)?)\s+([A-Za-z_]\w*)\s*(?=[(;=,)])/g;
  const found: string[] = [];
  for (const match of code.matchAll(declaration)) {
    if (APEX_RESERVED.has(match[1].toLowerCase())) {
      found.push(`${code.slice(0, match.index).split('\n').length}: ${match[1]}`);
    }
  }
  return found;
}

/**
 * `JSON.deserializeUntyped` returns most whole numbers as Integer (Long beyond 2^31), and only those with
 * a fraction or exponent as Decimal: a class that tests `instanceof Decimal` must test the other two too.
 */
function decimalOnlyNumbers(source: string): string[] {
  const code = codeOnly(source);
  if (!/instanceof\s+Decimal\b/.test(code)) return [];
  if (/instanceof\s+Integer\b/.test(code) && /instanceof\s+Long\b/.test(code)) return [];
  const index = code.search(/instanceof\s+Decimal\b/);
  return [`${code.slice(0, index).split('\n').length}: instanceof Decimal without instanceof Integer and Long`];
}

/** Standard records an org may guard with required fields, validation or duplicate rules, as "line: new X(". */
function orgDependentRecords(source: string): string[] {
  const code = codeOnly(source);
  return [...code.matchAll(/\bnew\s+(Account|Contact|Lead|Opportunity|Case)\s*\(/g)].map(
    (m) => `${code.slice(0, m.index).split('\n').length}: new ${m[1]}(`,
  );
}

/** The index just after the brace that closes the one at `open`, skipping blanked strings. */
function closingBrace(code: string, open: number): number {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    if (code[i] === '{') depth++;
    else if (code[i] === '}' && --depth === 0) return i + 1;
  }
  return code.length;
}

/** The `@IsTest` methods of a test class, with their bodies (comments and strings blanked). */
function testMethods(source: string): { name: string; body: string }[] {
  const code = codeOnly(source);
  return [...code.matchAll(/@IsTest\s+(?:\w+\s+)*?void\s+(\w+)\s*\([^)]*\)\s*\{/gi)].map((m) => {
    const open = (m.index ?? 0) + m[0].length - 1;
    return { name: m[1], body: code.slice(open, closingBrace(code, open)) };
  });
}

/**
 * Test methods named for a user's rights (`Rights`, `RunningUser`) in which a `Test.stopTest()` lies
 * outside every `System.runAs` block: the queued job would run as the test runner, not as that user.
 */
function stopTestsOutsideRunAs(source: string): string[] {
  return testMethods(source)
    .filter((m) => /Rights|RunningUser/.test(m.name))
    .filter((m) => {
      const blocks = [...m.body.matchAll(/System\.runAs\([^)]*\)\s*\{/g)].map((b) => {
        const open = (b.index ?? 0) + b[0].length - 1;
        return [open, closingBrace(m.body, open)];
      });
      return [...m.body.matchAll(/Test\.stopTest\(\)/g)].some(
        (stop) => !blocks.some(([start, end]) => (stop.index ?? 0) > start && (stop.index ?? 0) < end),
      );
    })
    .map((m) => m.name);
}

/** Why HeapLimitAdvice.adviseOn would blame a limit other than the heap on the document, if it would. */
function heapAdviceProblems(source: string): string[] {
  const guard = source.split('String adviseOn(')[1]?.split('return ')[0];
  if (guard === undefined) return ['no adviseOn'];
  return /failureMessage\?\.containsIgnoreCase\(\s*'heap'\s*\)\s*!= true/.test(guard)
    ? []
    : ['adviseOn does not require the failure message to mention the heap'];
}

/** Why the sender's record link could share a file with people, as messages. */
function unguardedSenderLinks(source: string): string[] {
  const problems: string[] = [];
  const set = source.match(/PEOPLE_AND_PLACES = new Set<String>\{([^}]*)\}/)?.[1] ?? '';
  const listed = [...set.matchAll(/'(\w+)'/g)].map((m) => m[1]);
  const missing = ['User', 'Group', 'CollaborationGroup', 'ContentWorkspace', 'Network'].filter(
    (name) => !listed.includes(name),
  );
  if (missing.length > 0) problems.push(`PEOPLE_AND_PLACES lacks ${missing.join(', ')}`);
  const link = source.split('String linkToSenderRecord(')[1] ?? '';
  const guard = link.indexOf('PEOPLE_AND_PLACES.contains(');
  const insert = link.indexOf('Database.insert(');
  if (guard < 0 || (insert >= 0 && insert < guard))
    problems.push('linkToSenderRecord inserts before it checks PEOPLE_AND_PLACES');
  return problems;
}
