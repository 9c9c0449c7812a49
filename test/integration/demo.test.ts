/** `npm run demo` from a clean checkout: exits 0 within 30 s even on a busy machine and shows the callbacks arriving and the files stored. */
import { runCli } from '../helpers/runCli';

it('registers, verifies and shows PACKAGE_CREATE stored in the org, without printing a secret', async () => {
  const run = await runCli('scripts/commands/demo.ts', [], {
    secrets: [],
    // The demo's credentials are random per run; these are their shapes (consumer secret: 64 hex
    // characters; API key and callback key: long base64; tokens: "00D...!...").
    secretPatterns: [
      { label: 'a consumer secret', pattern: /\b[0-9A-F]{64}\b/ },
      { label: 'a long base64 value (API key or callback key)', pattern: /[A-Za-z0-9+/]{60,}={0,2}/ },
      { label: 'an access token', pattern: /00D[A-Za-z0-9]{12}![A-Za-z0-9]{20,}/ },
    ],
  });
  expect(run.exitCode).toBe(0);
  // Generous for a shared, busy machine: the demo prints its own time, and now also runs Step 5.4 (archive).
  expect(run.durationMs).toBeLessThan(30_000);
  expect(run.stdout).toMatch(
    /✔ Registered[\s\S]*✔ Verified[\s\S]*✔ Matches these settings[\s\S]*✔ Created DRAFT package[\s\S]*✔ PACKAGE_CREATE arrived in OSS_Callback_Event__c[\s\S]*✔ Deleted the package/,
  );
  expect(run.stdout).toMatch(/PACKAGE_CREATE\s+\S+=?\s+Received/);
  // Step 5.4: PACKAGE_COMPLETE arrives and the signed documents and the evidence summary land as Files.
  expect(run.stdout).toMatch(
    /✔ PACKAGE_COMPLETE arrived in OSS_Callback_Event__c[\s\S]*in a real org the Apex handler OssDocumentArchiver/i,
  );
  expect(run.stdout).toMatch(
    /Callback demo - MSA \(signed\)\s+stored\s+412 B\s+068\w+\s+library 058\w+, event a0O\w+, record 001\w+/,
  );
  expect(run.stdout).toMatch(/Callback demo - Evidence Summary\s+stored/);
  expect(run.stdout).toContain('3 stored, 0 already stored, 1 skipped');
  // Where the in-org pages are, since the emulated org has none to show.
  expect(run.stdout).toMatch(/In a real org: App Launcher → OneSpan Sign Callbacks → Callback Health tab/);
  expect(run.stdout).toMatch(/Replay and Archive documents again[\s\S]*docs\/operations\.md/);
  expect(run.stderr).toMatch(/\[2\/4\] Callback demo - MSA \(signed\): stored, 412 B, ContentVersion 068\w+/);
});
