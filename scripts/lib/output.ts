/**
 * The one renderer. Human mode prints steps with ticks on stderr-free stdout, as the sf CLI does;
 * `--json` mode prints exactly one document on stdout in the sf CLI envelope:
 * `{"status":0,"result":{...},"warnings":[]}`, or on failure sf's SfCommandError shape (`name`, `message`,
 * `exitCode`, `context`, `actions`, `data`, `warnings`, `code`, `status`, `commandName`) without its
 * `stack` and `cause`, which could carry what a library saw. Everything written passes through the
 * secret registry, whatever produced it. The stack trace is shown only with OSS_DEBUG set, on stderr.
 */
import { constants } from 'node:os';
import { basename } from 'node:path';
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

/** sf's SfCommandError.toJson(), less `stack`, `cause` and `result`. */
export interface ErrorEnvelope {
  name: string;
  message: string;
  exitCode: number;
  /** sf sets it to the command too (SfCommandError's `context ?? commandName`). */
  context: string;
  actions: string[];
  data?: unknown;
  warnings: string[];
  /** The error's name, as sf's `code` is for the errors it creates itself (e.g. NoDefaultEnvError). */
  code: string;
  status: number;
  /** The npm script that ran, e.g. `archive`. */
  commandName: string;
}

/** OSS_DEBUG=1 (or true): stack traces on stderr. Unlike DEBUG, it changes nothing in @salesforce/core. */
export function debugEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return /^(1|true|yes)$/i.test(env.OSS_DEBUG ?? '');
}

export class Reporter {
  private readonly warnings: string[] = [];
  private running?: string;

  public constructor(
    public readonly json: boolean,
    private readonly writer: Writer = processWriter,
    private readonly commandName = 'command',
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
        name: error.code,
        message: error.message,
        exitCode: error.exitCode,
        context: this.commandName,
        actions: error.actions,
        ...(error.data === undefined ? {} : { data: error.data }),
        warnings: this.warnings,
        code: error.code,
        status: error.exitCode,
        commandName: this.commandName,
      };
      this.writer.out(secrets.mask(`${JSON.stringify(envelope, null, 2)}\n`));
    } else {
      const lines = [`Error (${error.code}): ${error.message}`];
      if (error.actions.length > 0) {
        lines.push('', 'Try this:', ...error.actions.map((action) => `  - ${action}`));
      }
      this.writer.err(secrets.mask(`${lines.join('\n')}\n`));
    }
    if (debugEnabled()) {
      // stderr in both modes: under --json, stdout carries the one document and nothing else.
      this.writer.err(secrets.mask(`${stackOf(error)}\n`));
    }
  }
}

/** The stack of the error and of its causes, the library's own included (where the bug usually is). */
function stackOf(error: Error): string {
  const parts: string[] = [];
  let current: unknown = error;
  while (current instanceof Error && parts.length < 5) {
    parts.push(current.stack ?? `${current.name}: ${current.message}`);
    current = current.cause;
  }
  return parts.join('\nCaused by: ');
}

/** `archive` for scripts/commands/archive.ts as tsx runs it and for the launcher's bundle archive.cjs. */
export function commandNameOf(entryFile: string | undefined): string {
  return basename(entryFile ?? 'command').replace(/\.[^.]*$/, '');
}

/** The signals a user or CI sends to stop a command; each ends it promptly with InterruptedError. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export interface SignalSource {
  once(signal: NodeJS.Signals, listener: () => void): unknown;
  removeListener(signal: NodeJS.Signals, listener: () => void): unknown;
}

export interface RunOptions {
  /** The npm script (e.g. `archive`): the error envelope's `commandName` and `context`; default: the entry file's name. */
  commandName?: string;
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
    commandName = commandNameOf(process.argv[1]),
    writer,
    signals = process,
    exit = (code: number) => process.exit(code),
  } = 'out' in options ? { writer: options } : options;
  const reporter = new Reporter(json, writer, commandName);
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
