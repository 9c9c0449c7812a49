/**
 * `npm run emulator`: starts the Salesforce and OneSpan Sign emulators on 127.0.0.1 and prints the
 * settings that point the tooling at them, as `export` lines to paste into another shell, the sf CLI
 * logins of an administrator and of the Run As user, and how to complete a transaction by hand. The
 * printed client secret, API key and access tokens are random values of this emulator run, valid
 * nowhere else; that is why, unlike real secrets, they may be shown. Runs until Ctrl-C, then closes both.
 */
import { InvalidArgumentError } from 'commander';
import { startEmulators } from '../emulator';
import { createCommand, parseFlags, wantsJson } from '../lib/cli';
import { formatMessage } from '../lib/messages';
import { EMULATOR_ALIASES, emulatorText } from '../lib/messages/emulator';
import { runCommand } from '../lib/output';

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
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n > 65535)
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

/** How often the emulator checks that whoever started it (npm, a shell) is still there. */
const PARENT_CHECK_MS = 500;

const argv = process.argv.slice(2);
const json = wantsJson(argv);
/** Under --json, stdout carries one document; everything else goes to stderr. */
const say = (text: string): void => {
  (json ? process.stderr : process.stdout).write(`${text}\n`);
};

void runCommand(json, async (reporter) => {
  const flags = parseFlags<EmulatorFlags>(
    createCommand(
      'emulator',
      'Run local emulators of a Salesforce org and a OneSpan Sign account (loopback only) until Ctrl-C.',
    )
      .option('--namespace <ns>', 'namespace prefix of OssCallbackResource in the emulated org', namespace)
      .option('--port-salesforce <port>', 'port of the Salesforce My Domain listener (0 = any free port)', port, 0)
      .option('--port-onespan <port>', 'port of the OneSpan Sign listener (0 = any free port)', port, 0)
      .option(
        '--onespan-auth <mode>',
        "the OneSpan account's API authentication: apiKey, or oauth (OAuth 2.0 client credentials; API keys refused)",
        authMode,
        'apiKey',
      ),
    argv,
  );

  const emulators = await startEmulators({
    salesforce: { port: flags.portSalesforce, namespacePrefix: flags.namespace ?? null },
    onespan: { port: flags.portOnespan, auth: flags.onespanAuth },
  });
  const { salesforce, onespan } = emulators;
  const callbackPath = `/services/apexrest/${flags.namespace ? `${flags.namespace}/` : ''}OSS/callback`;
  const exports: Record<string, string> = {
    SF_INSTANCE_URL: salesforce.url,
    SF_CLIENT_ID: salesforce.demo.clientId,
    SF_CLIENT_SECRET: salesforce.demo.clientSecret,
    ONESPAN_API_URL: onespan.apiUrl,
    ...(flags.onespanAuth === 'oauth'
      ? { ONESPAN_CLIENT_ID: onespan.oauth.clientId, ONESPAN_CLIENT_SECRET: onespan.oauth.clientSecret }
      : { ONESPAN_API_KEY: onespan.apiKey }),
  };
  reporter.log(emulatorText.running);
  const rows: [string, string][] = [
    ['Salesforce org (My Domain)', salesforce.url],
    ['login.salesforce.com stand-in', salesforce.genericLoginUrl],
    ['Run As user', salesforce.demo.runAsUsername],
    ['Callback URL', `${salesforce.url}${callbackPath}`],
    ['OneSpan Sign API', onespan.apiUrl],
  ];
  for (const [label, value] of rows) reporter.log(`  ${label.padEnd(31)}${value}`);
  reporter.log('');
  reporter.log(emulatorText.pasteSettings);
  for (const [name, value] of Object.entries(exports)) reporter.log(`export ${name}=${shellQuote(value)}`);
  reporter.log('');
  // Access tokens of this run's emulated users, valid only against this emulator, like the values above.
  const login = (token: string, alias: string) =>
    formatMessage(emulatorText.loginLine, [shellQuote(token), salesforce.url, alias]);
  const sfLogin = {
    admin: login(salesforce.issueAccessToken(), EMULATOR_ALIASES.admin),
    runAs: login(salesforce.issueAccessToken(salesforce.demo.runAsUserId), EMULATOR_ALIASES.runAs),
  };
  reporter.log(formatMessage(emulatorText.login.join('\n'), [EMULATOR_ALIASES.admin]));
  reporter.log(sfLogin.admin);
  reporter.log(emulatorText.loginRunAs);
  reporter.log(sfLogin.runAs);
  reporter.log('');
  reporter.log(emulatorText.transaction.join('\n'));
  reporter.log(
    flags.onespanAuth === 'oauth'
      ? formatMessage(emulatorText.createLineOAuth, [onespan.url])
      : emulatorText.createLine,
  );
  reporter.log(emulatorText.completeLine);
  reporter.log('');
  reporter.log(emulatorText.notServed.join('\n'));

  let closing = false;
  const shutdown = (why: string) => {
    if (closing) return;
    closing = true;
    say(`\n${why}: stopping the emulators.`);
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
  process.on('SIGHUP', () => shutdown('SIGHUP'));
  // `kill <pid>` of a background `npm run emulator` ends npm and its shell, which pass no signal on:
  // orphaned, the emulator stops by itself rather than serving on with nobody to stop it.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) shutdown(`The process that started the emulators (PID ${parent}) ended`);
  }, PARENT_CHECK_MS).unref();

  return {
    result: {
      salesforce: {
        url: salesforce.url,
        loginUrl: salesforce.genericLoginUrl,
        runAsUsername: salesforce.demo.runAsUsername,
        callbackUrl: `${salesforce.url}${callbackPath}`,
      },
      onespan: { apiUrl: onespan.apiUrl, auth: flags.onespanAuth },
      env: exports,
      sfLogin,
    },
  };
});
