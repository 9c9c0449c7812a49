/**
 * The documented length limits of the metadata this project ships, as data: one entry per metadata type (by
 * source-file suffix), each limit with the page that states it. A value over a limit fails the whole component at
 * deploy time, and no other offline check (apex-ls, PMD, the CLI's conversion) looks at lengths.
 *
 * `confirmed: false` marks a limit no Salesforce page we found states for the metadata type (it is the Setup
 * form's limit, or a near relative's): over it, the check warns instead of failing, so it is never stricter than
 * the platform. docs/offline-checks.md lists every limit with its source.
 */

/** Where a limit is written down. */
export const SOURCES = {
  permissionSetObject:
    'https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_permissionset.htm (Label string(80), Name string(80), Description string(255))',
  permissionSetMetadata:
    'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_permissionset.htm (description: up to 255 characters)',
  customFieldAttributes:
    'https://help.salesforce.com/s/articleView?id=platform.custom_field_attributes.htm (Field Label 40, Field Name 40, Description 1000, Help Text 510)',
  customObjectDefinition:
    'Salesforce help, custom object definition and object limits, as cited in reference salesforce.md "Deploying and testing on a real org" (Label and Plural Label 40, Object Name 40, Description 1000)',
  customMetadataRecord:
    'Salesforce help, custom metadata records, as cited in reference salesforce.md "Deploying and testing on a real org" (Label 40, Name 40)',
  listViewObject:
    'https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-listview.html (DeveloperName: 40 characters or fewer)',
  setupForm: 'the Setup form for the type (no Metadata API page states a length): unconfirmed',
} as const;

export type LimitRule = {
  /** Element path below the root element, e.g. `label` or `nameField/label`. */
  path: string;
  max: number;
  source: string;
  confirmed: boolean;
};

export type NameRule = {
  /** Applied to the component's API name taken from its file name, without the suffix and without `__c`/`__mdt`. */
  max: number;
  source: string;
  confirmed: boolean;
};

export type TypeLimits = {
  type: string;
  elements: LimitRule[];
  name?: NameRule;
};

const rule = (path: string, max: number, source: string, confirmed = true): LimitRule => ({
  path,
  max,
  source,
  confirmed,
});
const unconfirmed = (path: string, max: number): LimitRule => rule(path, max, SOURCES.setupForm, false);

/** Keyed by the source suffix (`X.<suffix>-meta.xml`), as scripts/checks/metadata-suffixes.ts is. */
export const METADATA_LIMITS: Record<string, TypeLimits> = {
  permissionset: {
    type: 'PermissionSet',
    elements: [
      rule('label', 80, SOURCES.permissionSetObject),
      rule('description', 255, `${SOURCES.permissionSetObject}; ${SOURCES.permissionSetMetadata}`),
    ],
    name: { max: 80, source: SOURCES.permissionSetObject, confirmed: true },
  },
  permissionsetgroup: {
    type: 'PermissionSetGroup',
    elements: [unconfirmed('label', 80), unconfirmed('description', 255)],
  },
  field: {
    type: 'CustomField',
    elements: [
      rule('label', 40, SOURCES.customFieldAttributes),
      rule('description', 1000, SOURCES.customFieldAttributes),
      rule('inlineHelpText', 510, SOURCES.customFieldAttributes),
    ],
    name: { max: 40, source: SOURCES.customFieldAttributes, confirmed: true },
  },
  object: {
    type: 'CustomObject',
    elements: [
      rule('label', 40, SOURCES.customObjectDefinition),
      rule('pluralLabel', 40, SOURCES.customObjectDefinition),
      rule('description', 1000, SOURCES.customObjectDefinition),
      unconfirmed('nameField/label', 80),
    ],
    name: { max: 40, source: SOURCES.customObjectDefinition, confirmed: true },
  },
  md: {
    type: 'CustomMetadata',
    elements: [rule('label', 40, SOURCES.customMetadataRecord)],
    name: { max: 40, source: SOURCES.customMetadataRecord, confirmed: true },
  },
  listView: {
    type: 'ListView',
    elements: [unconfirmed('label', 40)],
    name: { max: 40, source: SOURCES.listViewObject, confirmed: true },
  },
  tab: { type: 'CustomTab', elements: [unconfirmed('label', 80), unconfirmed('description', 1000)] },
  app: { type: 'CustomApplication', elements: [unconfirmed('label', 80), unconfirmed('description', 255)] },
  layout: { type: 'Layout', elements: [unconfirmed('layoutSections/label', 80)] },
  namedCredential: { type: 'NamedCredential', elements: [unconfirmed('label', 80), unconfirmed('description', 255)] },
  externalCredential: {
    type: 'ExternalCredential',
    elements: [unconfirmed('label', 80), unconfirmed('description', 255)],
  },
  eca: { type: 'ExternalClientApplication', elements: [unconfirmed('label', 80), unconfirmed('description', 256)] },
  connectedApp: { type: 'ConnectedApp', elements: [unconfirmed('label', 80), unconfirmed('description', 256)] },
  quickAction: { type: 'QuickAction', elements: [unconfirmed('label', 40), unconfirmed('description', 255)] },
  flexipage: { type: 'FlexiPage', elements: [unconfirmed('masterLabel', 80), unconfirmed('description', 255)] },
  report: { type: 'Report', elements: [unconfirmed('name', 40), unconfirmed('description', 255)] },
  dashboard: { type: 'Dashboard', elements: [unconfirmed('title', 80), unconfirmed('description', 255)] },
  customPermission: {
    type: 'CustomPermission',
    elements: [unconfirmed('label', 80), unconfirmed('description', 255)],
  },
  // The app's OAuth settings and policies: only a label each, which Salesforce generates in the same form.
  ecaOauth: { type: 'ExtlClntAppOauthSettings', elements: [unconfirmed('label', 80)] },
  ecaGlblOauth: { type: 'ExtlClntAppGlobalOauthSettings', elements: [unconfirmed('label', 80)] },
  ecaOauthPlcy: { type: 'ExtlClntAppOauthConfigurablePolicies', elements: [unconfirmed('label', 80)] },
  ecaPlcy: { type: 'ExtlClntAppConfigurablePolicies', elements: [unconfirmed('label', 80)] },
  // Types with no length-limited element of their own (their code is checked by the Apex checks).
  cls: { type: 'ApexClass', elements: [] },
  trigger: { type: 'ApexTrigger', elements: [] },
  resource: { type: 'StaticResource', elements: [unconfirmed('description', 255)] },
  js: { type: 'LightningComponentBundle', elements: [unconfirmed('masterLabel', 80)] },
};
