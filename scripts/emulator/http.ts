/**
 * Loopback HTTP plumbing shared by both emulators: listen on 127.0.0.1 only, read bodies, answer,
 * log every request, apply injected faults, and close without waiting for hung connections.
 *
 * Nothing here knows Salesforce or OneSpan; each server passes its own error-body shape to the
 * fault injector so that a faulted answer still looks like the service it imitates.
 */
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { FaultRules, type FaultBodies } from './faults';

export interface RequestLogEntry {
  method: string;
  /** Path without the query string: query strings could carry values that must not be logged. */
  path: string;
  at: number;
}

export interface IncomingRequest {
  method: string;
  url: URL;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The bytes as received: a multipart upload is binary and must not be decoded as UTF-8. */
  rawBody: Buffer;
}

export interface OutgoingResponse {
  status: number;
  headers?: Record<string, string>;
  /** Text, or bytes for a PDF or zip download. */
  body?: string | Buffer;
}

export type RouteHandler = (request: IncomingRequest) => Promise<OutgoingResponse> | OutgoingResponse;

export interface LoopbackServer {
  url: string;
  port: number;
  faults: FaultRules;
  requests(): RequestLogEntry[];
  close(): Promise<void>;
}

/** Large enough for Apex REST (6 MB synchronous limit) and OneSpan package JSON; bigger bodies are refused. */
const MAX_BODY_BYTES = 6 * 1024 * 1024;
/**
 * A multipart sObject insert may carry up to 2 GB for ContentVersion (REST API Developer Guide, "Insert or
 * Update Blob Data"); the emulator holds what it receives in memory, so it stops at 200 MB, far above
 * what any test or the benchmark sends.
 */
const MAX_MULTIPART_BYTES = 200 * 1024 * 1024;

export function json(status: number, body: unknown, headers: Record<string, string> = {}): OutgoingResponse {
  return {
    status,
    headers: { 'Content-Type': 'application/json;charset=UTF-8', ...headers },
    body: JSON.stringify(body),
  };
}

export async function startLoopbackServer(
  handler: RouteHandler,
  options: { port?: number; faultBodies: FaultBodies },
): Promise<LoopbackServer> {
  const log: RequestLogEntry[] = [];
  const sockets = new Set<Socket>();
  const faults = new FaultRules(options.faultBodies);

  const server = http.createServer((req, res) => {
    // Not `new URL(req.url, base)`: that reads the sf CLI's "//services/data" as a host name.
    const url = new URL(`http://127.0.0.1${(req.url ?? '/').startsWith('/') ? '' : '/'}${req.url ?? ''}`);
    const method = (req.method ?? 'GET').toUpperCase();
    log.push({ method, path: url.pathname, at: Date.now() });
    void serve(req, res, method, url);
  });

  async function serve(req: http.IncomingMessage, res: http.ServerResponse, method: string, url: URL): Promise<void> {
    try {
      const fault = faults.take(method, url.pathname);
      if (fault.latencyMs > 0) await delay(fault.latencyMs);
      if (fault.rule?.kind === 'timeout') return; // hold the socket open until close()
      if (fault.rule?.kind === 'reset') {
        req.socket.destroy();
        return;
      }
      const isMultipart = /^multipart\//i.test(req.headers['content-type'] ?? '');
      const rawBody = await readBody(req, isMultipart ? MAX_MULTIPART_BYTES : MAX_BODY_BYTES);
      const body = rawBody.toString('utf8');
      const response =
        faults.respond(fault.rule) ?? (await handler({ method, url, headers: req.headers, body, rawBody }));
      if (fault.rule?.kind === 'trickle') {
        await writeSlowly(res, response, fault.rule.chunks ?? 10, fault.rule.ms ?? 100);
      } else if (fault.rule?.kind === 'stall') {
        writeHalf(res, response);
      } else {
        write(res, fault.rule?.kind === 'truncatedJson' ? truncate(response) : response);
      }
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        write(res, { status: 413, headers: { 'Content-Type': 'text/plain' }, body: 'Request Entity Too Large' });
        return;
      }
      // An emulator bug must be visible to the test that hit it, not swallowed as a hang.
      write(res, {
        status: 500,
        headers: { 'Content-Type': 'text/plain' },
        body: `emulator failure: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    faults,
    requests: () => log.map((entry) => ({ ...entry })),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

class BodyTooLargeError extends Error {}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLargeError());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function write(res: http.ServerResponse, response: OutgoingResponse): void {
  if (res.destroyed) return;
  const body = response.body ?? '';
  res.writeHead(response.status, { ...response.headers, 'Content-Length': String(Buffer.byteLength(body)) });
  res.end(body);
}

/** The answer with its full Content-Length, its body in `chunks` pieces `ms` apart. */
async function writeSlowly(res: http.ServerResponse, response: OutgoingResponse, chunks: number, ms: number) {
  const body = Buffer.from(response.body ?? '');
  res.writeHead(response.status, { ...response.headers, 'Content-Length': String(body.length) });
  const size = Math.ceil(body.length / Math.max(1, chunks));
  for (let start = 0; start < body.length; start += size) {
    if (res.destroyed) return;
    res.write(body.subarray(start, start + size));
    await delay(ms);
  }
  res.end();
}

/** The answer's head and half its body; the rest never comes (the socket stays open until close()). */
function writeHalf(res: http.ServerResponse, response: OutgoingResponse): void {
  const body = Buffer.from(response.body ?? '');
  res.writeHead(response.status, { ...response.headers, 'Content-Length': String(body.length) });
  res.write(body.subarray(0, Math.floor(body.length / 2)));
}

/**
 * A complete HTTP message whose JSON body stops half-way (as a proxy that cut the upstream reply
 * would deliver it): the client sees a well-formed response it cannot parse.
 */
function truncate(response: OutgoingResponse): OutgoingResponse {
  const body = response.body ?? '';
  const half = Math.max(1, Math.floor(body.length / 2));
  return { ...response, body: typeof body === 'string' ? body.slice(0, half) : body.subarray(0, half) };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
