/**
 * The OAuth policy file explains itself in an XML comment (which step deploys it, where the Run As user
 * comes from); this keeps that comment true to the deploy plan and the Run As rule as they are now.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDeployPlan } from '../../../scripts/lib/deploy/plan';
import {
  listMetadataFolders,
  PROJECT_ROOT,
  readDefaultPackageDirectory,
} from '../../../scripts/lib/deploy/source-layout';

const POLICY_FILE = join(
  PROJECT_ROOT,
  'force-app/main/default/extlClntAppOauthPolicies/OneSpan_Sign_Callback_oauthPlcy.ecaOauthPlcy-meta.xml',
);

const plan = buildDeployPlan({
  option: 'external-client-app',
  dryRun: false,
  targetOrg: 'my-sandbox',
  runAsUsername: { value: 'integration@acme.com.uat', source: 'flag', origin: '--run-as-username' },
  contactEmail: { value: 'ops@acme.com', source: 'flag', origin: '--contact-email' },
  metadataFolders: listMetadataFolders(PROJECT_ROOT, readDefaultPackageDirectory(PROJECT_ROOT)),
  waitMinutes: 33,
});

const stepDeploying = (folder: string) =>
  plan.steps.find((step) => step.sfArgs.some((arg) => arg.endsWith(`/${folder}`)))?.number;

describe("the OAuth policy file's comment", () => {
  const comment = /<!--([\s\S]*?)-->/.exec(readFileSync(POLICY_FILE, 'utf8'))?.[1].replace(/\s+/g, ' ') ?? '';

  it('names the step that deploys it and the step of the app, as the plan numbers them', () => {
    expect(comment).toContain(
      `step ${stepDeploying('extlClntAppOauthPolicies')} of \`npm run deploy\`, the app being step ${stepDeploying('externalClientApps')}`,
    );
  });

  it('says the deploy defaults the Run As user only in a scratch org', () => {
    expect(comment).toContain('only in a scratch org does `npm run deploy` default it to the deploying user');
    expect(comment).not.toMatch(/defaults it to the target org's own user\./);
  });
});
