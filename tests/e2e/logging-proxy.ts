/**
 * A proxy on loopback for the tests, logging every request the browser sends through it. HTTPS is opened
 * (the browser ignores certificate errors for the fixtures) so each request is seen, not only each CONNECT;
 * everything is forwarded to the fixture server, as a real proxy would resolve the fixture hosts to it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage } from 'node:http';
import { createServer as createHttpsServer, request } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LoggingProxy {
  url: string;
  /** "GET https://host/path?query", one per request, in order. */
  log: string[];
  /** Proxy-Authorization headers of the CONNECTs that were let through. */
  authorizations: string[];
  close(): Promise<void>;
}

export async function startLoggingProxy(targetPort: number, credentials?: { user: string; password: string }): Promise<LoggingProxy> {
  const dir = mkdtempSync(join(tmpdir(), 'cookie-audit-proxy-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '2', '-subj', '/CN=test proxy'], { stdio: 'ignore' });
  const log: string[] = [];
  const authorizations: string[] = [];
  const expected = credentials ? `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}` : undefined;

  const forward = (req: IncomingMessage, res: import('node:http').ServerResponse) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    log.push(`${req.method} https://${host}${req.url}`);
    const upstream = request(
      { host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: req.headers, servername: host, rejectUnauthorized: false },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  };
  const opened = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, forward);
  const sockets = new Set<Socket>();
  const proxy = createHttpServer((req, res) => {
    // A plain http:// request through the proxy: logged, not served (the fixtures are https only).
    log.push(`${req.method} ${req.url}`);
    res.writeHead(502).end();
  });
  proxy.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  proxy.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const auth = req.headers['proxy-authorization'];
    if (expected !== undefined && auth !== expected) {
      socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    if (auth) authorizations.push(auth);
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length > 0) socket.unshift(head);
    opened.emit('connection', socket);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    authorizations,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        opened.close();
        proxy.close(() => resolve());
      }),
  };
}
