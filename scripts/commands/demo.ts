/**
 * `npm run demo`: the main job end to end on the embedded emulators, with no account and no set-up.
 * It runs the very register and verify code a user runs against real services (settings built from
 * the emulators' URLs and demo credentials as if they came from the environment), then creates a
 * DRAFT package with data.origin "OSS" and waits for OneSpan's PACKAGE_CREATE callback to show up in
 * the org's event log, read through the REST API like any user's tooling would. Then the last signer
 * signs (the emulator completes the package), PACKAGE_COMPLETE arrives, and `npm run archive`'s code
 * stores the signed documents and the evidence summary as Files: in a real org the Apex handler
 * OssDocumentArchiver does that on its own; the emulated org runs no Apex.
 */
import { createCommand, parseFlags, wantsJson } from '../lib/cli';
import { startEmulators } from '../emulator';
import { OssError } from '../lib/errors';
import { runCommand } from '../lib/output';
import { archivePackage } from '../lib/archive/run';
import { renderArchive } from '../lib/archive/report';
import { createServices, register, runStep, verify } from '../lib/registration';
import { renderRegistration, renderVerification } from '../lib/registrationReport';
import { waitForCallbackEvent } from '../lib/salesforce/callbackEvents';
import { tokenQuery } from '../lib/salesforce/namespace';
import { connectWithAccessToken } from '../lib/salesforce/targetOrg';
import { getClientCredentialsToken } from '../lib/salesforce/token';
import { resolveSettings } from '../lib/settings';

const EVENT_WAIT = { timeoutMs: 8_000, intervalMs: 100 };

const argv = process.argv.slice(2);

void runCommand(wantsJson(argv), async (reporter) => {
  parseFlags(
    createCommand('demo', 'Run the whole set-up end to end on local emulators: no account, no settings.'),
    argv,
  );
  const started = Date.now();
  const emulators = await startEmulators();
  try {
    const { salesforce, onespan } = emulators;
    reporter.log(
      'OneSpan Sign → Salesforce callbacks over the Client Credentials Flow, end to end on local emulators.',
    );
    reporter.log(`  Salesforce org (My Domain)  ${salesforce.url}   Run As user ${salesforce.demo.runAsUsername}`);
    reporter.log(`  OneSpan Sign API            ${onespan.apiUrl}`);
    reporter.log(
      'Step 1 (the External Client App with the Client Credentials Flow and a Run As user) is already set up in the emulated org.',
    );
    // What an administrator configures for Step 5.4: a Files library named in OSS_Archive_Setting__mdt,
    // and the record the transaction is sent from (its Id in the transaction's data).
    const libraryName = 'Signed Documents';
    salesforce.addLibrary(libraryName);
    salesforce.setArchiveSetting({ Library_Name__c: libraryName });
    const accountId = salesforce.addRecord('Account');

    const settings = resolveSettings({
      flags: {},
      env: {
        SF_INSTANCE_URL: salesforce.url,
        SF_CLIENT_ID: salesforce.demo.clientId,
        SF_CLIENT_SECRET: salesforce.demo.clientSecret,
        ONESPAN_API_URL: onespan.apiUrl,
        ONESPAN_API_KEY: onespan.apiKey,
      },
    });
    const services = createServices(settings);

    reporter.log();
    reporter.log(
      'Steps 2–4: `npm run register` finds the callback URL, proves it works, registers it with OneSpan and reads it back.',
    );
    const registration = await register(settings, services, reporter);
    renderRegistration(reporter, registration);

    reporter.log();
    reporter.log('Step 4 again, on its own: `npm run verify` checks the registration without changing it.');
    const verification = await verify(settings, services, reporter);
    renderVerification(reporter, verification);

    reporter.log();
    reporter.log(
      'Step 5: create a transaction with "data": {"origin": "OSS"}; OneSpan calls back with PACKAGE_CREATE.',
    );
    const token = await getClientCredentialsToken(services.salesforce, {
      instanceUrl: registration.instanceUrl,
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
    });
    const query = tokenQuery(services.salesforce, token.instanceUrl, token.accessToken, 'the event log query');
    const created = await runStep(
      reporter,
      'Created DRAFT package',
      () =>
        services.onespan.createPackage({
          name: 'Callback demo',
          status: 'DRAFT',
          type: 'PACKAGE',
          data: { origin: 'OSS', salesforceRecordId: accountId },
        }),
      (pkg) => pkg.id,
    );
    const sentAt = Date.now();
    const event = await runStep(
      reporter,
      'PACKAGE_CREATE arrived in OSS_Callback_Event__c',
      async () => {
        const row = await waitForCallbackEvent(query, created.id, 'PACKAGE_CREATE', EVENT_WAIT);
        if (!row) {
          throw new OssError({
            code: 'CallbackNotReceivedError',
            message: `No PACKAGE_CREATE for package ${created.id} reached the org within ${EVENT_WAIT.timeoutMs} ms.`,
            actions: ['Run `npm run verify`, then check the callback failure e-mails OneSpan sends to the sender.'],
          });
        }
        return row;
      },
      (row) => `${row.Name} (${row.Id}) after ${Date.now() - sentAt} ms`,
    );
    reporter.table(
      ['Id', 'Name', 'Event_Name__c', 'Package_Id__c', 'Status__c', 'CreatedDate'],
      [
        [
          event.Id,
          event.Name,
          event.Event_Name__c ?? '',
          event.Package_Id__c ?? '',
          event.Status__c ?? '',
          event.CreatedDate,
        ],
      ],
    );

    reporter.log();
    reporter.log('Step 5.4: the signers sign; OneSpan calls back with PACKAGE_COMPLETE.');
    onespan.completePackage(created.id);
    const completedAt = Date.now();
    const complete = await runStep(
      reporter,
      'PACKAGE_COMPLETE arrived in OSS_Callback_Event__c',
      async () => {
        const row = await waitForCallbackEvent(query, created.id, 'PACKAGE_COMPLETE', EVENT_WAIT);
        if (!row) {
          throw new OssError({
            code: 'CallbackNotReceivedError',
            message: `No PACKAGE_COMPLETE for package ${created.id} reached the org within ${EVENT_WAIT.timeoutMs} ms.`,
            actions: ['Run `npm run verify`, then check the callback failure e-mails OneSpan sends to the sender.'],
          });
        }
        return row;
      },
      (row) => `${row.Name} (${row.Id}) after ${Date.now() - completedAt} ms`,
    );
    reporter.log(
      'In a real org the Apex handler OssDocumentArchiver now stores the files by itself (the emulated org runs no Apex);',
    );
    reporter.log(
      `here \`npm run archive -- --package ${created.id} --target-org <alias>\` does the same job from outside, over REST:`,
    );
    const archive = await archivePackage(
      { packageId: created.id, targetOrg: 'demo', dryRun: false },
      {
        onespan: services.onespan,
        connectTargetOrg: (alias) =>
          connectWithAccessToken(salesforce.url, salesforce.issueAccessToken(), alias, salesforce.apiVersion),
      },
      reporter,
    );
    renderArchive(reporter, archive);
    await runStep(
      reporter,
      'Deleted the package',
      () => services.onespan.deletePackage(created.id),
      () => created.id,
    );

    reporter.log();
    reporter.log(
      `Done in ${((Date.now() - started) / 1000).toFixed(1)} s: registered, verified, callbacks stored in the org, and the signed documents and evidence summary stored as Files.`,
    );
    reporter.log(
      'In a real org: App Launcher → OneSpan Sign Callbacks → Callback Health tab (where OneSpan sends callbacks, its key, 30 days of events);',
    );
    reporter.log(
      'each event page has Replay and Archive documents again, and the list views a Replay button (docs/operations.md, "In the org").',
    );
    return { result: { registration, verification, packageId: created.id, event, complete, archive } };
  } finally {
    await emulators.close();
  }
});
