import { runCli, SecretLeakError } from '../helpers/runCli';

const SECRET = 'Sup3r/Secret+Value=1';
const TOKEN = '00D000000000001!AbCdEfGhIjKlMnOpQrStUvWxYz0123456789';
/** JSON writes it as pass\"wörd\\1, which a search for the raw value would miss. */
const QUOTED_SECRET = 'pass"wörd\\1';
const options = (extra: Record<string, string> = {}) => ({
  env: { SF_CLIENT_SECRET: SECRET, ...extra },
  secrets: [
    { label: 'the consumer secret', value: SECRET },
    { label: 'a secret with quotes', value: QUOTED_SECRET },
  ],
  secretPatterns: [{ label: 'an access token', pattern: /00D000000000001![A-Za-z0-9]{20,}/ }],
});

describe('the secret-leak guard of runCli', () => {
  it('lets a run that leaks nothing pass', async () => {
    const run = await runCli('test/fixtures/leakyCommand.ts', ['none'], options());
    expect(run.stdout).toBe('nothing to see\n');
  });

  it.each([
    ['stdout', {}, 'the consumer secret in stdout'],
    ['stderr-stack', {}, 'the consumer secret in stderr'],
    ['base64', {}, 'the consumer secret in stdout'],
    ['url-encoded', {}, 'the consumer secret in stdout'],
    ['home-file', {}, 'the consumer secret in HOME/.cache-file'],
    ['json', { LEAK_VALUE: SECRET }, 'the consumer secret in stdout'],
    ['cwd-file', { LEAK_VALUE: TOKEN }, 'an access token in cwd/debug.log'],
    ['tmp-file', {}, 'the consumer secret in TMPDIR/oss-debug.json'],
    ['json-escaped', { LEAK_VALUE: QUOTED_SECRET }, 'a secret with quotes in stdout'],
  ])('fails a run that leaks via %s, naming the place but not the value', async (mode, env, where) => {
    const error = await runCli('test/fixtures/leakyCommand.ts', [mode], options(env)).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(SecretLeakError);
    expect((error as SecretLeakError).message).toContain(where);
    expect((error as SecretLeakError).message).not.toContain(SECRET);
  });

  it('ignores files placed before the run, such as a .env the test wrote', async () => {
    const run = await runCli('test/fixtures/leakyCommand.ts', ['none'], {
      ...options(),
      files: { '.env': `SF_CLIENT_SECRET=${SECRET}\n` },
    });
    expect(run.exitCode).toBe(0);
  });
});
