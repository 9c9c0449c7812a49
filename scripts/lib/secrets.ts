/**
 * The values that must never leave memory: the consumer secret, the OneSpan API key, access tokens and
 * the base64 callback key. Whoever learns a secret registers it here; the renderer masks every
 * registered value (and its base64 and URL-encoded forms) in everything it prints, including error
 * messages and stacks that came from libraries we do not control.
 */
const MASK = '****';
/** Shorter strings are too likely to occur by chance in ordinary text to be masked safely. */
const MIN_SECRET_LENGTH = 6;

export class SecretRegistry {
  private readonly values = new Set<string>();

  public add(value: string | undefined | null): void {
    if (!value || value.length < MIN_SECRET_LENGTH) {
      return;
    }
    for (const form of [value, encodeURIComponent(value), Buffer.from(value, 'utf8').toString('base64')]) {
      this.values.add(form);
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

/** The process-wide registry the renderer consults. */
export const secrets = new SecretRegistry();

/** Shows that a value exists without revealing it, e.g. for a dry-run request. */
export function describeSecret(value: string | undefined): string {
  return value ? `${MASK} (${value.length} characters)` : '(not set)';
}
