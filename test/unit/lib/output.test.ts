import { OssError } from '../../../scripts/lib/errors';
import { commandNameOf, Reporter, runCommand } from '../../../scripts/lib/output';
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

  it("renders an OssError as sf's error envelope: exit code, code, command name, context and actions", async () => {
    const sink = captureWriter();
    const code = await runCommand(
      true,
      async (reporter) => {
        reporter.warn('careful');
        throw new OssError({ code: 'ThingError', message: 'bad thing', actions: ['fix it'], exitCode: 3 });
      },
      { writer: sink, commandName: 'archive' },
    );
    expect(code).toBe(3);
    // Exactly the keys of sf's SfCommandError.toJson() but stack, cause and result.
    expect(JSON.parse(sink.stdout)).toEqual({
      name: 'ThingError',
      message: 'bad thing',
      exitCode: 3,
      context: 'archive',
      actions: ['fix it'],
      warnings: ['careful'],
      code: 'ThingError',
      status: 3,
      commandName: 'archive',
    });
  });

  it('names the command after its entry file, as tsx runs it and as the launcher bundles it', () => {
    expect(commandNameOf('/repo/scripts/commands/archive.ts')).toBe('archive');
    expect(commandNameOf('/repo/node_modules/.cache/oss-cli/ci-registration.cjs')).toBe('ci-registration');
  });

  describe('OSS_DEBUG', () => {
    const saved = process.env.OSS_DEBUG;
    afterEach(() => {
      if (saved === undefined) delete process.env.OSS_DEBUG;
      else process.env.OSS_DEBUG = saved;
    });
    const fail = async () => {
      throw new Error('library broke');
    };

    it('adds the stack trace on stderr and leaves stdout one JSON document under --json', async () => {
      process.env.OSS_DEBUG = '1';
      const sink = captureWriter();
      await runCommand(true, fail, sink);
      expect(JSON.parse(sink.stdout)).toMatchObject({ name: 'UnexpectedError' });
      expect(sink.stderr).toMatch(/Error: library broke\n\s+at /);
    });

    it('prints no stack without it, and the fix names OSS_DEBUG, not DEBUG', async () => {
      delete process.env.OSS_DEBUG;
      const sink = captureWriter();
      await runCommand(false, fail, sink);
      expect(sink.stderr).not.toMatch(/\n\s+at /);
      expect(sink.stderr).toContain('OSS_DEBUG=1');
      expect(sink.stderr).not.toContain('DEBUG=oss');
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
