import * as path from 'node:path';

/**
 * How a source file names the component it declares, written down independently of the CLI's registry so that the
 * convert check can notice a component the CLI dropped. `child` types live under an object folder
 * (objects/<Object>/fields/X.field-meta.xml) and are listed in package.xml as <Object>.<X>.
 */
type SuffixRule = { type: string; child?: boolean };

export const SUFFIX_RULES: Record<string, SuffixRule> = {
  cls: { type: 'ApexClass' },
  trigger: { type: 'ApexTrigger' },
  object: { type: 'CustomObject' },
  field: { type: 'CustomField', child: true },
  listView: { type: 'ListView', child: true },
  validationRule: { type: 'ValidationRule', child: true },
  recordType: { type: 'RecordType', child: true },
  compactLayout: { type: 'CompactLayout', child: true },
  webLink: { type: 'WebLink', child: true },
  fieldSet: { type: 'FieldSet', child: true },
  businessProcess: { type: 'BusinessProcess', child: true },
  md: { type: 'CustomMetadata' },
  permissionset: { type: 'PermissionSet' },
  permissionsetgroup: { type: 'PermissionSetGroup' },
  customPermission: { type: 'CustomPermission' },
  flexipage: { type: 'FlexiPage' },
  page: { type: 'ApexPage' },
  profile: { type: 'Profile' },
  layout: { type: 'Layout' },
  tab: { type: 'CustomTab' },
  app: { type: 'CustomApplication' },
  flow: { type: 'Flow' },
  labels: { type: 'CustomLabels' },
  resource: { type: 'StaticResource' },
  remoteSite: { type: 'RemoteSiteSetting' },
  namedCredential: { type: 'NamedCredential' },
  externalCredential: { type: 'ExternalCredential' },
  cspTrustedSite: { type: 'CspTrustedSite' },
  connectedApp: { type: 'ConnectedApp' },
  // External Client App types as registered in source-deploy-retrieve 12.37.
  eca: { type: 'ExternalClientApplication' },
  ecaPlcy: { type: 'ExtlClntAppConfigurablePolicies' },
  ecaGlblOauth: { type: 'ExtlClntAppGlobalOauthSettings' },
  ecaMobilePlcy: { type: 'ExtlClntAppMobileConfigurablePolicies' },
  ecaMobile: { type: 'ExtlClntAppMobileSettings' },
  ecaNotifications: { type: 'ExtlClntAppNotificationSettings' },
  ecaOauthPlcy: { type: 'ExtlClntAppOauthConfigurablePolicies' },
  ecaOauth: { type: 'ExtlClntAppOauthSettings' },
  ecaOauthSecurity: { type: 'ExtlClntAppOauthSecuritySettings' },
  ecaSamlPlcy: { type: 'ExtlClntAppSamlConfigurablePolicies' },
  ecaSmplPlcy: { type: 'ExtlClntAppSampleConfigurablePolicies' },
  ecaSmpl: { type: 'ExtlClntAppSampleSettings' },
  ecaPush: { type: 'ExtlClntAppPushSettings' },
  ecaPushPlcy: { type: 'ExtlClntAppPushConfigurablePolicies' },
  ecaCanvas: { type: 'ExtlClntAppCanvasSettings' },
};

const META_XML = '-meta.xml';
// A Lightning web component is a folder the CLI recognises by its parent `lwc/`, not by a suffix:
// lwc/<name>/<name>.js-meta.xml declares the bundle <name>.
const LWC_FOLDER = 'lwc';
const LWC_META = '.js-meta.xml';
const APEX_EXTENSIONS = ['.cls', '.trigger'];

export type DeclaredComponent = { type: string; member: string };

export type SuffixLookup =
  | { kind: 'component'; component: DeclaredComponent }
  | { kind: 'unknown-suffix'; suffix: string }
  // A content file (a static resource body, ...) whose component is declared by its -meta.xml.
  | { kind: 'not-a-declaration' };

/** The component a source file declares, from its name alone. */
export function componentOf(file: string): SuffixLookup {
  const fileName = path.basename(file);
  const folder = path.basename(path.dirname(file));
  if (path.basename(path.dirname(path.dirname(file))) === LWC_FOLDER && fileName === folder + LWC_META) {
    return { kind: 'component', component: { type: 'LightningComponentBundle', member: folder } };
  }
  const apexExtension = APEX_EXTENSIONS.find((extension) => fileName.endsWith(extension));
  const stem = apexExtension ? fileName : fileName.endsWith(META_XML) ? fileName.slice(0, -META_XML.length) : undefined;
  if (stem === undefined) return { kind: 'not-a-declaration' };
  const dot = stem.lastIndexOf('.');
  if (dot <= 0) return { kind: 'not-a-declaration' };
  const suffix = stem.slice(dot + 1);
  const name = stem.slice(0, dot);
  const rule = SUFFIX_RULES[suffix];
  if (!rule) return { kind: 'unknown-suffix', suffix };
  const member = rule.child ? `${path.basename(path.dirname(path.dirname(file)))}.${name}` : name;
  return { kind: 'component', component: { type: rule.type, member } };
}
