/**
 * What `npm run emulator` prints after its listeners are up: the settings to paste, the sf CLI logins
 * (an administrator, and the Run As user OneSpan's token acts as), how to play the signer who completes a
 * transaction, and what the emulators do not serve. docs/try-it-by-hand.md walks through the same lines.
 */

/** The sf CLI aliases the printed logins create; docs/try-it-by-hand.md uses the same names. */
export const EMULATOR_ALIASES = { admin: 'emu', runAs: 'emu-run-as' } as const;

export const emulatorText = {
  running: 'Emulators running on 127.0.0.1 (Ctrl-C to stop).',
  pasteSettings: '# 1. Paste into another shell. Emulator-only demo values: random for this run, valid nowhere else.',
  login: [
    '# 2. Log the sf CLI in to the emulated org (tokens of this run; the sf CLI warns about http):',
    '#    as the administrator, for --target-org %s (register, credential, doctor, smoke, archive, reconcile)',
  ],
  loginRunAs:
    '#    and as the Run As user, to see what OneSpan’s token may do (Setup reads such as credential or doctor’s key checks are refused)',
  loginLine: 'SF_ACCESS_TOKEN=%s npx sf org login access-token --instance-url %s --alias %s --no-prompt',
  transaction: [
    '# 3. A transaction by hand: create one as a sender would over the API ("data": {"origin": "OSS"} routes its',
    '#    events to the Salesforce callback), then be the signer who completes it: OneSpan sends PACKAGE_COMPLETE.',
  ],
  createLine:
    'PACKAGE_ID=$(curl -s -H "Authorization: Basic $ONESPAN_API_KEY" -H \'Content-Type: application/json\' -d \'{"name":"Tried by hand","data":{"origin":"OSS"}}\' "$ONESPAN_API_URL/packages" | node -pe \'JSON.parse(require("fs").readFileSync(0)).id\')',
  createLineOAuth:
    'PACKAGE_ID=$(curl -s -H "Authorization: Bearer $(curl -s -u "$ONESPAN_CLIENT_ID:$ONESPAN_CLIENT_SECRET" -d grant_type=client_credentials %s/oauth2/token | node -pe \'JSON.parse(require("fs").readFileSync(0)).access_token\')" -H \'Content-Type: application/json\' -d \'{"name":"Tried by hand","data":{"origin":"OSS"}}\' "$ONESPAN_API_URL/packages" | node -pe \'JSON.parse(require("fs").readFileSync(0)).id\')',
  completeLine: 'curl -s -X POST "${ONESPAN_API_URL%/api}/emulator/packages/$PACKAGE_ID/complete"',
  notServed: [
    '# Not served here: npm run deploy and every sf command on the Metadata API (project deploy/retrieve) or the',
    '# Tooling API (apex run test), so also coverage-gate’s input. The emulated org already holds the deployed project.',
    '# Walkthrough: docs/try-it-by-hand.md',
  ],
} as const;
