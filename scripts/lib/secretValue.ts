/**
 * A secret held in memory: registered with the renderer's mask the moment it exists, and shown as
 * `****` by every string, JSON and inspect form, so a settings object or an error's `data` can be
 * logged without leaking it. Code that must send the value calls `reveal()` where it builds the request.
 */
import { inspect } from 'node:util';
import { describeSecret, secrets } from './secrets';

export class SecretValue {
  readonly #value: string;

  public constructor(value: string) {
    this.#value = value;
    secrets.add(value);
  }

  public reveal(): string {
    return this.#value;
  }

  public get length(): number {
    return this.#value.length;
  }

  /** Compares without exposing either value in a message. */
  public equals(other: SecretValue | undefined): boolean {
    return other !== undefined && other.#value === this.#value;
  }

  public toString(): string {
    return describeSecret(this.#value);
  }

  public toJSON(): string {
    return describeSecret(this.#value);
  }

  public [inspect.custom](): string {
    return `SecretValue(${describeSecret(this.#value)})`;
  }
}
