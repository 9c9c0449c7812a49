/**
 * `npm run credential -- --target-org <alias>`: stores the OneSpan key (ONESPAN_API_KEY, or
 * ONESPAN_CLIENT_ID + ONESPAN_CLIENT_SECRET for OAuth-only accounts) in the org's External Credential
 * through the Connect REST API, as the sf CLI org's user, so the Apex archiving handler can call
 * OneSpan: no copy-paste into Setup, and the key is never printed. `register --target-org` does the same
 * as its last step; this command is for changing the key alone (rotation) or storing it without
 * registering.
 */
import { createCommand, parseFlags, wantsJson } from '../lib/cli';
import { formatMessage } from '../lib/messages';
import { archiveText } from '../lib/messages/archive';
import { runCommand } from '../lib/output';
import { runStep } from '../lib/registration';
import {
  credentialTarget,
  ONESPAN_PRINCIPAL,
  oneSpanSecretFrom,
  storeOneSpanCredential,
} from '../lib/salesforce/oneSpanCredential';
import { defaultOrgNotice, requireTargetOrgName } from '../lib/salesforce/defaultOrg';
import { connectTargetOrg } from '../lib/salesforce/targetOrg';
import { mergeEnvironment, readDotenv, rejectSecretFlags } from '../lib/settings';

const argv = process.argv.slice(2);

void runCommand(wantsJson(argv), async (reporter) => {
  rejectSecretFlags(argv);
  const command = createCommand(
    'credential',
    'Store the OneSpan API key (or OAuth client id and secret) in the org’s External Credential, never printing it.',
  )
    .option(
      '-o, --target-org <alias>',
      "The org, authorised in the sf CLI (env SF_TARGET_ORG; default: sf's target-org, `sf config set target-org`).",
    )
    .addHelpText(
      'after',
      '\nEnvironment (or .env): ONESPAN_API_KEY, or ONESPAN_CLIENT_ID and ONESPAN_CLIENT_SECRET for an account on OAuth 2.0 only; SF_TARGET_ORG.',
    );
  const flags = parseFlags<{ targetOrg?: string }>(command, argv);
  const dotenv = readDotenv(process.cwd());
  const env = mergeEnvironment(process.env, dotenv);
  const secret = oneSpanSecretFrom(env);
  const named = await requireTargetOrgName('credential', { flag: flags.targetOrg, env: process.env, dotenv });
  const notice = defaultOrgNotice(named);
  if (notice) {
    reporter.warn(notice);
  }
  const targetOrg = named.aliasOrUsername;
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
