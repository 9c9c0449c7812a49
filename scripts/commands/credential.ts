/**
 * `npm run credential -- --target-org <alias>`: stores the OneSpan key (ONESPAN_API_KEY, or
 * ONESPAN_CLIENT_ID + ONESPAN_CLIENT_SECRET for OAuth-only accounts) in the org's External Credential
 * through the Connect REST API, as the sf CLI org's user, so the Apex archiving handler can call
 * OneSpan: no copy-paste into Setup, and the key is never printed. `register --target-org` does the same
 * as its last step; this command is for changing the key alone (rotation) or storing it without
 * registering.
 */
import { createCommand, parseFlags, wantsJson } from '../lib/cli';
import { createError, formatMessage } from '../lib/messages';
import { archiveMessages, archiveText } from '../lib/messages/archive';
import { runCommand } from '../lib/output';
import { runStep } from '../lib/registration';
import {
  credentialTarget,
  ONESPAN_PRINCIPAL,
  oneSpanSecretFrom,
  storeOneSpanCredential,
} from '../lib/salesforce/oneSpanCredential';
import { connectTargetOrg } from '../lib/salesforce/targetOrg';
import { readDotenv, rejectSecretFlags } from '../lib/settings';

const argv = process.argv.slice(2);

void runCommand(wantsJson(argv), async (reporter) => {
  rejectSecretFlags(argv);
  const command = createCommand(
    'credential',
    'Store the OneSpan API key (or OAuth client id and secret) in the org’s External Credential, never printing it.',
  ).option('-o, --target-org <alias>', 'The org, authorised in the sf CLI (env SF_TARGET_ORG).');
  const flags = parseFlags<{ targetOrg?: string }>(command, argv);
  const dotenv = readDotenv(process.cwd());
  const env = { ...dotenv, ...Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== '')) };
  const secret = oneSpanSecretFrom(env);
  const targetOrg = (flags.targetOrg ?? env.SF_TARGET_ORG)?.trim();
  if (!targetOrg) {
    throw createError(archiveMessages.targetOrgMissing, ['credential'], { actionArgs: ['credential'] });
  }
  const target = credentialTarget(secret.mode);
  const org = await runStep(
    reporter,
    formatMessage(archiveText.connectOrg, [targetOrg]),
    () => connectTargetOrg(targetOrg),
    (connection) => connection.instanceUrl,
  );
  const written = await runStep(
    reporter,
    formatMessage(archiveText.credentialStep, [target.what, target.externalCredential, ONESPAN_PRINCIPAL]),
    () => storeOneSpanCredential(org, secret, targetOrg),
    (result) => formatMessage(archiveText.credentialDone, [result.action, org.username ?? targetOrg]),
  );
  return { result: { targetOrg, ...written, mode: secret.mode } };
});
