/**
 * The one renderer. Human mode prints steps with ticks on stderr-free stdout, as the sf CLI does;
 * `--json` mode prints exactly one document on stdout in the sf CLI envelope:
 * `{"status":0,"result":{...},"warnings":[]}` or `{"status":N,"name":CODE,"message":...,"actions":[...]}`.
 * Everything written passes through the secret registry, whatever produced it.
 */
import { constants } from 'node:os';
import { OssError } from './errors';
import { createError } from './messages';
import { cliMessages } from './messages/cli';
import { secrets } from './secrets';

export interface Writer {
  out(text: string): void;
  err(text: string): void;
}

const processWriter: Writer = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

export interface StepHandle {
  /** Marks the step done; `detail` is shown after the title. */
  pass(detail?: string): void;
  /** Marks the step failed (the error itself is rendered once, at the end). */
  fail(detail?: string): void;
  /** Marks the step skipped or passed with a caveat. */
  warn(detail?: string): void;
}

export interface SuccessEnvelope<T> {
  /** 0, or the exit code of a command that reports a result and still fails (doctor, replay), as sf deploy does. */
  status: number;
  result: T;
  warnings: string[];
}

export interface ErrorEnvelope {
  status: number;
  name: string;
  message: string;
  actions: string[];
  data?: unknown;
  warnings: string[];
}

export class Reporter {
  private readonly warnings: string[] = [];
  private running?: string;

  public constructor(
    public readonly json: boolean,
    private readonly writer: Writer = processWriter,
  ) {}

  /** The title of the step that has started and not yet ended, if any (named when interrupted). */
  public get currentStep(): string | undefined {
    return this.running;
  }

  /** Starts a step; in JSON mode steps are silent. */
  public step(title: string): StepHandle {
    this.running = title;
    const line = (mark: string, detail?: string): void => {
      if (this.running === title) {
        this.running = undefined;
      }
      if (!this.json) {
        this.writer.out(secrets.mask(`${mark} ${title}${detail ? ` ... ${detail}` : ''}\n`));
      }
    };
    return {
      pass: (detail) => line('✔', detail),
      fail: (detail) => line('✖', detail),
      warn: (detail) => line('⚠', detail),
    };
  }

  /** A line of human output; suppressed in JSON mode. */
  public log(text = ''): void {
    if (!this.json) {
      this.writer.out(secrets.mask(`${text}\n`));
    }
  }

  /** Progress for long steps: stderr in human mode so stdout stays clean for pipes; silent with --json. */
  public progress(text: string): void {
    if (!this.json) {
      this.writer.err(secrets.mask(`${text}\n`));
    }
  }

  /** A warning: printed now in human mode, collected into the envelope's `warnings` in JSON mode. */
  public warn(text: string): void {
    this.warnings.push(text);
    if (!this.json) {
      this.writer.err(secrets.mask(`Warning: ${text}\n`));
    }
  }

  /** Prints rows as an aligned table (human mode only). */
  public table(headers: readonly string[], rows: readonly (readonly string[])[]): void {
    if (this.json) {
      return;
    }
    const widths = headers.map((header, column) =>
      Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
    );
    const format = (cells: readonly string[]): string =>
      cells
        .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column])))
        .join('  ')
        .trimEnd();
    this.log(format(headers));
    this.log(format(widths.map((width) => '─'.repeat(width))));
    rows.forEach((row) => this.log(format(row)));
  }

  public success<T>(result: T, status = 0): void {
    if (this.json) {
      const envelope: SuccessEnvelope<T> = { status, result, warnings: this.warnings };
      this.writer.out(secrets.mask(`${JSON.stringify(envelope, null, 2)}\n`));
    }
  }

  public failure(error: OssError): void {
    if (this.json) {
      const envelope: ErrorEnvelope = {
        status: error.exitCode,
        name: error.code,
        message: error.message,
        actions: error.actions,
        ...(error.data === undefined ? {} : { data: error.data }),
        warnings: this.warnings,
      };
      this.writer.out(secrets.mask(`${JSON.stringify(envelope, null, 2)}\n`));
      return;
    }
    const lines = [`Error (${error.code}): ${error.message}`];
    if (error.actions.length > 0) {
      lines.push('', 'Try this:', ...error.actions.map((action) => `  - ${action}`));
    }
    if (process.env.DEBUG && /\boss\b/.test(process.env.DEBUG) && error.stack) {
      lines.push('', String(error.stack));
    }
    this.writer.err(secrets.mask(`${lines.join('\n')}\n`));
  }
}

/** The signals a user or CI sends to stop a command; each ends it promptly with InterruptedError. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export interface SignalSource {
  once(signal: NodeJS.Signals, listener: () => void): unknown;
  removeListener(signal: NodeJS.Signals, listener: () => void): unknown;
}

export interface RunOptions {
  writer?: Writer;
  /** Where stop signals come from (the process; an EventEmitter in tests). */
  signals?: SignalSource;
  /**
   * Ends the process after an interrupt is rendered: requests still in flight (a held GET, a retry
   * back-off) would otherwise keep it alive until their timeout.
   */
  exit?: (code: number) => void;
}

export function interruptedError(signal: NodeJS.Signals, step: string | undefined): OssError {
  const template = createError(cliMessages.interrupted, [signal, step ? ` during "${step}"` : '']);
  return new OssError({
    code: template.code,
    message: template.message,
    actions: template.actions,
    // The shell convention 128 + signal number (130 for SIGINT), so scripts can tell a stop from a failure.
    exitCode: 128 + (constants.signals[signal] ?? 2),
    data: { signal, step },
  });
}

/** Resolves like `work`, or rejects with InterruptedError at the first stop signal. */
function untilInterrupted<T>(work: Promise<T>, reporter: Reporter, signals: SignalSource): Promise<T> {
  const listeners: [NodeJS.Signals, () => void][] = [];
  const interrupted = new Promise<never>((_resolve, reject) => {
    for (const signal of STOP_SIGNALS) {
      const listener = (): void => reject(interruptedError(signal, reporter.currentStep));
      listeners.push([signal, listener]);
      signals.once(signal, listener);
    }
  });
  const detach = (): void => listeners.forEach(([signal, listener]) => signals.removeListener(signal, listener));
  return Promise.race([work, interrupted]).finally(detach);
}

/**
 * Runs a command body with one error path: whatever it throws is rendered (masked) with its fix, and
 * the process exit code is set; nothing is half-printed. Ctrl-C (SIGINT) or SIGTERM ends the command
 * at once with InterruptedError naming the step it stopped in. Returns the exit code for tests.
 */
export async function runCommand<T>(
  json: boolean,
  body: (reporter: Reporter) => Promise<{ result: T; exitCode?: number }>,
  options: RunOptions | Writer = {},
): Promise<number> {
  const {
    writer,
    signals = process,
    exit = (code: number) => process.exit(code),
  } = 'out' in options ? { writer: options } : options;
  const reporter = new Reporter(json, writer);
  try {
    const { result, exitCode = 0 } = await untilInterrupted(body(reporter), reporter, signals);
    reporter.success(result, exitCode);
    process.exitCode = exitCode;
    return exitCode;
  } catch (thrown) {
    const error = OssError.wrap(thrown);
    reporter.failure(error);
    process.exitCode = error.exitCode;
    if (error.code === cliMessages.interrupted.code) {
      exit(error.exitCode);
    }
    return error.exitCode;
  }
}
