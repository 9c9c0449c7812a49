/**
 * The values that must never leave memory: the consumer secret, the OneSpan API key, access tokens and
 * the base64 callback key. Whoever learns a secret registers it here; the renderer masks every
 * registered value (and its base64 and URL-encoded forms) in everything it prints, including error
 * messages and stacks that came from libraries we do not control. In a GitHub Actions job the runner
 * is told too (`::add-mask::`), because it masks only the secrets it was given, and a consumer secret
 * read from the org or a token issued at run time could otherwise reach the log through another tool.
 */
const MASK = '****';
/** Shorter strings are too likely to occur by chance in ordinary text to be masked safely. */
const MIN_SECRET_LENGTH = 6;

/** Receives each form of a newly registered secret, e.g. to tell the CI runner to mask it. */
export type SecretAnnouncer = (form: string) => void;

/**
 * The workflow command that makes the GitHub runner mask `value` in the job log, escaped as the actions
 * toolkit escapes command data (`%`, CR, LF), so the runner masks exactly this value.
 */
export function addMaskCommand(value: string): string {
  const data = value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  return `::add-mask::${data}\n`;
}

/**
 * In a GitHub Actions job (`GITHUB_ACTIONS=true`), writes each form to stderr as `::add-mask::`.
 * stderr, not stdout: the runner reads workflow commands from both streams (actions/runner
 * ScriptHandler.cs hands stdout and stderr to the same command manager), and stdout must stay one
 * JSON document under --json. The runner removes the command line from the log.
 */
export function githubActionsAnnouncer(
  env: NodeJS.ProcessEnv = process.env,
  write: (text: string) => void = (text) => process.stderr.write(text),
): SecretAnnouncer | undefined {
  return env.GITHUB_ACTIONS === 'true' ? (form) => write(addMaskCommand(form)) : undefined;
}

export class SecretRegistry {
  private readonly values = new Set<string>();

  public constructor(private readonly announce?: SecretAnnouncer) {}

  public add(value: string | undefined | null): void {
    if (!value || value.length < MIN_SECRET_LENGTH) {
      return;
    }
    for (const form of [value, encodeURIComponent(value), Buffer.from(value, 'utf8').toString('base64')]) {
      if (!this.values.has(form)) {
        this.values.add(form);
        this.announce?.(form);
      }
    }
  }

  /** Replaces every registered secret in `text`; longest first so a secret inside another is fully hidden. */
  public mask(text: string): string {
    let masked = text;
    for (const value of [...this.values].sort((a, b) => b.length - a.length)) {
      masked = masked.split(value).join(MASK);
    }
    return masked;
  }

  public clear(): void {
    this.values.clear();
  }
}

/** The process-wide registry the renderer consults (and, in GitHub Actions, the runner's masking). */
export const secrets = new SecretRegistry(githubActionsAnnouncer());

/** Shows that a value exists without revealing it, e.g. for a dry-run request. */
export function describeSecret(value: string | undefined): string {
  return value ? `${MASK} (${value.length} characters)` : '(not set)';
}
