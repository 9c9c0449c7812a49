/**
 * The one error type of the tooling. Modelled on sfdx-core's SfError: a stable `code` that scripts can
 * branch on (it becomes `name` in the `--json` envelope), a message that says what is wrong, and
 * `actions` that say how to fix it. Every failure a user can see goes through this class, so the
 * renderer can show the fix and mask secrets in one place.
 */
export interface OssErrorOptions {
  /** Stable, PascalCase identifier ending in `Error`, e.g. `InvalidSettingsError`. */
  code: string;
  message: string;
  /** What the user can do about it, one step per entry. */
  actions?: string[];
  /** Process exit code; 1 unless a command documents another. */
  exitCode?: number;
  /** Machine-readable details for `--json` (never secrets). */
  data?: unknown;
  cause?: unknown;
}

export class OssError extends Error {
  public readonly code: string;
  public readonly actions: string[];
  public readonly exitCode: number;
  public readonly data?: unknown;

  public constructor(options: OssErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = options.code;
    this.code = options.code;
    this.actions = options.actions ?? [];
    this.exitCode = options.exitCode ?? 1;
    this.data = options.data;
  }

  /** Normalises anything thrown into an OssError, keeping the original as `cause`. */
  public static wrap(error: unknown): OssError {
    if (error instanceof OssError) {
      return error;
    }
    const message = error instanceof Error ? error.message : String(error);
    return new OssError({
      code: 'UnexpectedError',
      message: `Unexpected error: ${message}`,
      actions: [
        'Run the command again with OSS_DEBUG=1 to see the stack trace (on stderr), and report it if it persists.',
      ],
      cause: error,
    });
  }
}
