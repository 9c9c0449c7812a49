/**
 * `npm run archive -- --package <id> --target-org <alias>`: stores a completed transaction's signed
 * documents and evidence summary as Salesforce Files, as the Apex handler does on PACKAGE_COMPLETE,
 * from outside Salesforce: for transactions completed before the handler was deployed, and for
 * documents above the size Apex attempts. Exit 0 when every file is stored or was already stored.
 */
import { archivePackage } from '../lib/archive/run';
import { renderArchive } from '../lib/archive/report';
import { createCommand, parseFlags, wantsJson } from '../lib/cli';
import { runCommand } from '../lib/output';
import { createError } from '../lib/messages';
import { archiveMessages } from '../lib/messages/archive';
import { createServices } from '../lib/registration';
import { defaultOrgNotice, requireTargetOrgName } from '../lib/salesforce/defaultOrg';
import { readDotenv, rejectSecretFlags, resolveSettingsDraft } from '../lib/settings';

interface ArchiveFlags {
  package?: string;
  targetOrg?: string;
  onespanUrl?: string;
  onespanEnv?: string;
  timeout?: string;
  dryRun: boolean;
}

const argv = process.argv.slice(2);

void runCommand(wantsJson(argv), async (reporter) => {
  rejectSecretFlags(argv);
  const command = createCommand(
    'archive',
    'Store a completed OneSpan transaction’s signed documents and evidence summary as Salesforce Files.',
  )
    .option(
      '--package <packageId>',
      'The OneSpan transaction (package) id, e.g. Package_Id__c of its PACKAGE_COMPLETE event.',
    )
    .option(
      '-o, --target-org <alias>',
      "The org, authorised in the sf CLI (env SF_TARGET_ORG; default: sf's target-org, `sf config set target-org`).",
    )
    .option(
      '--onespan-url <url>',
      'OneSpan API base, e.g. https://sandbox.esignlive.com/api (env ONESPAN_API_URL). The key is read from ONESPAN_API_KEY only (or ONESPAN_CLIENT_ID + ONESPAN_CLIENT_SECRET for OAuth 2.0).',
    )
    .option('--onespan-env <region>', 'OneSpan environment instead of --onespan-url.')
    .option('--timeout <ms>', 'HTTP timeout per request (OneSpan and Salesforce) in milliseconds.')
    .option('--dry-run', 'Read everything and list what would be stored; download and store nothing.', false)
    .addHelpText(
      'after',
      '\nEnvironment (or .env): ONESPAN_API_URL, ONESPAN_API_KEY (or ONESPAN_CLIENT_ID and ONESPAN_CLIENT_SECRET for an account on OAuth 2.0 only), SF_TARGET_ORG.',
    );
  const flags = parseFlags<ArchiveFlags>(command, argv);
  const packageId = flags.package?.trim();
  if (!packageId) {
    throw createError(archiveMessages.packageMissing);
  }
  const dotenv = readDotenv(process.cwd());
  const org = await requireTargetOrgName('archive', { flag: flags.targetOrg, env: process.env, dotenv });
  const notice = defaultOrgNotice(org);
  if (notice) {
    reporter.warn(notice);
  }
  const targetOrg = org.aliasOrUsername;
  // The OneSpan settings (URL, key) are validated as every command validates them; with a target org the
  // Salesforce consumer key and secret are not required, and archive does not use them.
  const draft = resolveSettingsDraft({ flags: { ...flags, targetOrg }, env: process.env, dotenv });
  const services = createServices(draft);
  const result = await archivePackage(
    { packageId, targetOrg, dryRun: flags.dryRun },
    { onespan: services.onespan, connectTargetOrg: services.connectTargetOrg },
    reporter,
  );
  renderArchive(reporter, result);
  return { result };
});
