/**
 * Fault injection for the emulators: lets a test make one request (or the first N) slow, hung,
 * failed, rate-limited, garbled or reset, so that timeouts, retries and error mapping in the
 * tooling are exercised against the same wire the happy path uses.
 *
 * Matching: `method` is compared case-insensitively; `path` as a string must equal the request
 * path (query string excluded), as a RegExp it is tested against that path. Latency rules add up
 * and then let the request continue (or let the next matching rule act); the first matching rule of
 * any other kind decides the answer. `times` counts matching requests; an exhausted rule is dropped.
 *
 * Two kinds act on the body of the real answer, as a slow or broken link delivers it: `trickle` sends
 * it in `chunks` pieces `ms` apart (a large download still arriving), `stall` sends the status line,
 * the headers and half of the body, then nothing more until the emulator closes (a link that died).
 */
import type { OutgoingResponse } from './http';

export type FaultKind =
  | 'latency'
  | 'timeout'
  | 'status'
  | 'retryAfter'
  | 'malformedJson'
  | 'truncatedJson'
  | 'html'
  | 'reset'
  | 'trickle'
  | 'stall';

export interface FaultRule {
  method?: string;
  path?: RegExp | string;
  times?: number;
  kind: FaultKind;
  ms?: number;
  status?: number;
  retryAfterSeconds?: number;
  /** `trickle`: how many pieces the body is sent in (default 10). */
  chunks?: number;
}

export interface FaultInjector {
  add(rule: FaultRule): void;
  clear(): void;
}

/** How a service phrases a generic error of a given status (JSON array for Salesforce, object for OneSpan). */
export type FaultBodies = (status: number) => unknown;

interface ActiveRule {
  rule: FaultRule;
  remaining: number;
}

export interface TakenFault {
  latencyMs: number;
  rule?: FaultRule;
}

const DEFAULT_LATENCY_MS = 1000;
const DEFAULT_FAULT_STATUS = 503;
const DEFAULT_RETRY_AFTER_SECONDS = 1;

export class FaultRules implements FaultInjector {
  private rules: ActiveRule[] = [];

  public constructor(private readonly bodies: FaultBodies) {}

  public add(rule: FaultRule): void {
    if (rule.times !== undefined && (!Number.isInteger(rule.times) || rule.times < 1)) {
      throw new Error(`fault rule "times" must be a positive integer, got ${String(rule.times)}`);
    }
    this.rules.push({ rule: { ...rule }, remaining: rule.times ?? Number.POSITIVE_INFINITY });
  }

  public clear(): void {
    this.rules = [];
  }

  /** Consumes the rules that match this request and says what to do with it. */
  public take(method: string, path: string): TakenFault {
    let latencyMs = 0;
    let decisive: FaultRule | undefined;
    for (const active of this.rules) {
      if (!matches(active.rule, method, path)) continue;
      if (active.rule.kind === 'latency') {
        latencyMs += active.rule.ms ?? DEFAULT_LATENCY_MS;
        active.remaining -= 1;
      } else if (!decisive) {
        decisive = active.rule;
        active.remaining -= 1;
      }
    }
    this.rules = this.rules.filter((active) => active.remaining > 0);
    return { latencyMs, rule: decisive };
  }

  /** The canned answer for a decisive rule, or undefined when the real handler must answer. */
  public respond(rule: FaultRule | undefined): OutgoingResponse | undefined {
    switch (rule?.kind) {
      case 'status': {
        const status = rule.status ?? DEFAULT_FAULT_STATUS;
        return jsonResponse(status, this.bodies(status));
      }
      case 'retryAfter':
        return {
          ...jsonResponse(429, this.bodies(429)),
          headers: {
            'Content-Type': 'application/json;charset=UTF-8',
            'Retry-After': String(rule.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS),
          },
        };
      case 'malformedJson':
        return {
          status: rule.status ?? 200,
          headers: { 'Content-Type': 'application/json;charset=UTF-8' },
          body: '{"records": [ {"Id": "001000000000001AAA",, } ]',
        };
      case 'html':
        return {
          status: rule.status ?? DEFAULT_FAULT_STATUS,
          headers: { 'Content-Type': 'text/html;charset=UTF-8' },
          body:
            '<!DOCTYPE html><html><head><title>Service Unavailable</title></head>' +
            '<body><h1>Service Unavailable</h1><p>The server is temporarily unable to service your request.</p></body></html>',
        };
      default:
        return undefined; // latency-only, truncatedJson/trickle/stall (the real answer, delivered badly) or no fault
    }
  }
}

function matches(rule: FaultRule, method: string, path: string): boolean {
  if (rule.method && rule.method.toUpperCase() !== method) return false;
  if (rule.path === undefined) return true;
  return typeof rule.path === 'string' ? rule.path === path : rule.path.test(path);
}

function jsonResponse(status: number, body: unknown): OutgoingResponse {
  return { status, headers: { 'Content-Type': 'application/json;charset=UTF-8' }, body: JSON.stringify(body) };
}
