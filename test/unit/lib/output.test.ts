import { OssError } from '../../../scripts/lib/errors';
import { Reporter, runCommand } from '../../../scripts/lib/output';
import { secrets } from '../../../scripts/lib/secrets';
import { captureWriter } from '../../helpers/captureWriter';

afterEach(() => secrets.clear());

describe('runCommand', () => {
  it('prints the sf CLI success envelope with warnings in JSON mode', async () => {
    const sink = captureWriter();
    const code = await runCommand(
      true,
      async (reporter) => {
        reporter.step('hidden step').pass();
        reporter.warn('careful');
        return { result: { registered: true } };
      },
      sink,
    );
    expect(code).toBe(0);
    expect(JSON.parse(sink.stdout)).toEqual({ status: 0, result: { registered: true }, warnings: ['careful'] });
    expect(sink.stderr).toBe('');
  });

  it('renders an OssError as the error envelope with its exit code and actions', async () => {
    const sink = captureWriter();
    const code = await runCommand(
      true,
      async () => {
        throw new OssError({ code: 'ThingError', message: 'bad thing', actions: ['fix it'], exitCode: 3 });
      },
      sink,
    );
    expect(code).toBe(3);
    expect(JSON.parse(sink.stdout)).toMatchObject({
      status: 3,
      name: 'ThingError',
      message: 'bad thing',
      actions: ['fix it'],
    });
  });

  it('shows the fix in human mode and masks secrets even in errors thrown by libraries', async () => {
    const sink = captureWriter();
    secrets.add('TopSecretValue42');
    const code = await runCommand(
      false,
      async () => {
        throw new Error('library said TopSecretValue42 is wrong');
      },
      sink,
    );
    expect(code).toBe(1);
    expect(sink.stderr).toContain('Error (UnexpectedError): Unexpected error: library said **** is wrong');
    expect(sink.stderr).toContain('Try this:');
    expect(sink.stderr).not.toContain('TopSecretValue42');
  });
});

describe('Reporter', () => {
  it('prints steps with ticks and aligned tables in human mode', () => {
    const sink = captureWriter();
    const reporter = new Reporter(false, sink);
    reporter.step('Get a token').pass('ok');
    reporter.step('Probe').fail();
    reporter.table(
      ['check', 'result'],
      [
        ['token', 'pass'],
        ['a longer check', 'fail'],
      ],
    );
    expect(sink.stdout).toContain('✔ Get a token ... ok\n');
    expect(sink.stdout).toContain('✖ Probe\n');
    expect(sink.stdout).toContain('token           pass\n');
    expect(sink.stdout).toContain('a longer check  fail\n');
  });

  it('prints nothing but the envelope in JSON mode', () => {
    const sink = captureWriter();
    const reporter = new Reporter(true, sink);
    reporter.step('x').pass();
    reporter.log('y');
    reporter.table(['a'], [['b']]);
    expect(sink.stdout).toBe('');
  });
});
