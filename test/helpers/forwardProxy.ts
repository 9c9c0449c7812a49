/**
 * A small HTTP proxy for tests, as a corporate proxy behaves: CONNECT tunnels (what undici's proxy
 * agent opens for every origin) and absolute-form requests (`GET http://host/path`, a plain forward
 * proxy), both passed on to the target. It records each origin it was asked for, so a test can say
 * which calls went through it, and which did not.
 */
import http from 'node:http';
import net, { AddressInfo, Socket } from 'node:net';

export interface ProxyVisit {
  /** CONNECT (a tunnel) or the method of a forwarded request. */
  method: string;
  /** host:port of the target. */
  origin: string;
}

export interface ForwardProxy {
  url: string;
  visits(): ProxyVisit[];
  /** The targets' host:port it was asked for, once each. */
  origins(): string[];
  close(): Promise<void>;
}

export async function startForwardProxy(): Promise<ForwardProxy> {
  const visits: ProxyVisit[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end('absolute-form request expected');
      return;
    }
    visits.push({ method: req.method ?? 'GET', origin: target.host });
    const upstream = http.request(
      target,
      { method: req.method, headers: { ...req.headers, host: target.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connect', (req: http.IncomingMessage, client: Socket, head: Buffer) => {
    const origin = req.url ?? '';
    visits.push({ method: 'CONNECT', origin });
    const [host, port] = [origin.slice(0, origin.lastIndexOf(':')), Number(origin.slice(origin.lastIndexOf(':') + 1))];
    const upstream = net.connect(port, host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    visits: () => visits.map((visit) => ({ ...visit })),
    origins: () => [...new Set(visits.map((visit) => visit.origin))],
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
