/**
 * `npm run emulator`: starts the Salesforce and OneSpan Sign emulators on 127.0.0.1 and prints the
 * settings that point the tooling at them, as `export` lines to paste into another shell, the sf CLI
 * logins of an administrator and of the Run As user, and how to complete a transaction by hand. The
 * printed client secret, API key and access tokens are random values of this emulator run, valid
 * nowhere else; that is why, unlike real secrets, they may be shown. Runs until Ctrl-C, then closes both.
 */
import { Command, InvalidArgumentError } from 'commander';
import { startEmulators } from '../emulator';
import { formatMessage } from '../lib/messages';
import { EMULATOR_ALIASES, emulatorText } from '../lib/messages/emulator';

interface EmulatorFlags {
  namespace?: string;
  portSalesforce: number;
  portOnespan: number;
  onespanAuth: 'apiKey' | 'oauth';
}

function authMode(value: string): 'apiKey' | 'oauth' {
  if (value !== 'apiKey' && value !== 'oauth')
    throw new InvalidArgumentError(
      'apiKey (the account takes its API key) or oauth (OAuth 2.0 client credentials only).',
    );
  return value;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('a port is a whole number from 0 to 65535 (0 picks a free one).');
  return n;
}

function namespace(value: string): string {
  if (!/^[A-Za-z][A-Za-z0-9]{0,14}$/.test(value))
    throw new InvalidArgumentError('a namespace prefix is 1-15 letters and digits, starting with a letter.');
  return value;
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

async function main(): Promise<void> {
  const flags = new Command('emulator')
    .description('Run local emulators of a Salesforce org and a OneSpan Sign account (loopback only) until Ctrl-C.')
    .option('--namespace <ns>', 'namespace prefix of OssCallbackResource in the emulated org', namespace)
    .option('--port-salesforce <port>', 'port of the Salesforce My Domain listener (0 = any free port)', port, 0)
    .option('--port-onespan <port>', 'port of the OneSpan Sign listener (0 = any free port)', port, 0)
    .option(
      '--onespan-auth <mode>',
      "the OneSpan account's API authentication: apiKey, or oauth (OAuth 2.0 client credentials; API keys refused)",
      authMode,
      'apiKey',
    )
    .allowExcessArguments(false)
    .parse(process.argv)
    .opts<EmulatorFlags>();

  const emulators = await startEmulators({
    salesforce: { port: flags.portSalesforce, namespacePrefix: flags.namespace ?? null },
    onespan: { port: flags.portOnespan, auth: flags.onespanAuth },
  });
  const { salesforce, onespan } = emulators;
  const callbackPath = `/services/apexrest/${flags.namespace ? `${flags.namespace}/` : ''}OSS/callback`;

  console.log(emulatorText.running);
  const rows: [string, string][] = [
    ['Salesforce org (My Domain)', salesforce.url],
    ['login.salesforce.com stand-in', salesforce.genericLoginUrl],
    ['Run As user', salesforce.demo.runAsUsername],
    ['Callback URL', `${salesforce.url}${callbackPath}`],
    ['OneSpan Sign API', onespan.apiUrl],
  ];
  for (const [label, value] of rows) console.log(`  ${label.padEnd(31)}${value}`);
  console.log('');
  console.log(emulatorText.pasteSettings);
  console.log(`export SF_INSTANCE_URL=${shellQuote(salesforce.url)}`);
  console.log(`export SF_CLIENT_ID=${shellQuote(salesforce.demo.clientId)}`);
  console.log(`export SF_CLIENT_SECRET=${shellQuote(salesforce.demo.clientSecret)}`);
  console.log(`export ONESPAN_API_URL=${shellQuote(onespan.apiUrl)}`);
  if (flags.onespanAuth === 'oauth') {
    console.log(`export ONESPAN_CLIENT_ID=${shellQuote(onespan.oauth.clientId)}`);
    console.log(`export ONESPAN_CLIENT_SECRET=${shellQuote(onespan.oauth.clientSecret)}`);
  } else {
    console.log(`export ONESPAN_API_KEY=${shellQuote(onespan.apiKey)}`);
  }
  console.log('');
  // Access tokens of this run's emulated users, valid only against this emulator, like the values above.
  const login = (token: string, alias: string) =>
    formatMessage(emulatorText.loginLine, [shellQuote(token), salesforce.url, alias]);
  console.log(formatMessage(emulatorText.login.join('\n'), [EMULATOR_ALIASES.admin]));
  console.log(login(salesforce.issueAccessToken(), EMULATOR_ALIASES.admin));
  console.log(emulatorText.loginRunAs);
  console.log(login(salesforce.issueAccessToken(salesforce.demo.runAsUserId), EMULATOR_ALIASES.runAs));
  console.log('');
  console.log(emulatorText.transaction.join('\n'));
  console.log(
    flags.onespanAuth === 'oauth'
      ? formatMessage(emulatorText.createLineOAuth, [onespan.url])
      : emulatorText.createLine,
  );
  console.log(emulatorText.completeLine);
  console.log('');
  console.log(emulatorText.notServed.join('\n'));

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`\n${signal}: stopping the emulators.`);
    emulators.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`Could not stop cleanly: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`emulator: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
