/**
 * A loopback mirror for `db update`: serves CSV files over HTTP and HTTPS (a self-signed certificate
 * the child trusts through NODE_EXTRA_CA_CERTS), with ETag and Last-Modified, and a CONNECT proxy that
 * counts the tunnels it opened, for HTTPS_PROXY.
 */
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, type AddressInfo } from 'node:net';
import selfsigned from 'selfsigned';

export interface MirrorFile {
  body: string;
  status?: number;
  etag?: string;
  lastModified?: string;
}

export interface CsvMirror {
  http: string;
  https: string;
  proxy: string;
  /** The certificate (PEM) to trust for `https`. */
  cert: string;
  /** "host:port" of every tunnel the proxy opened. */
  tunnels: string[];
  close(): Promise<void>;
}

export async function startCsvMirror(files: Record<string, MirrorFile>): Promise<CsvMirror> {
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const file = files[new URL(req.url ?? '/', 'http://x').pathname];
    if (file === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(file.status ?? 200, {
      'content-type': 'text/plain; charset=utf-8',
      ...(file.etag === undefined ? {} : { etag: file.etag }),
      ...(file.lastModified === undefined ? {} : { 'last-modified': file.lastModified }),
    });
    res.end(file.body);
  };
  const now = Date.now();
  const pems = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - 24 * 3600 * 1000),
    notAfterDate: new Date(now + 24 * 3600 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] },
    ],
  });
  const http = createHttpServer(handler);
  const https = createHttpsServer({ key: pems.private, cert: pems.cert }, handler);
  const tunnels: string[] = [];
  const open = new Set<{ destroy(): void }>();
  const proxy = createHttpServer((_req, res) => res.writeHead(405).end());
  proxy.on('connect', (req: IncomingMessage, socket, head) => {
    const target = req.url ?? '';
    tunnels.push(target);
    const [host, port] = target.split(':');
    open.add(socket);
    const upstream = connect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    open.add(upstream);
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  const listen = (server: ReturnType<typeof createHttpServer>) =>
    new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
  const [h, s, p] = [await listen(http), await listen(https as unknown as ReturnType<typeof createHttpServer>), await listen(proxy)];
  const close = (server: { close(cb: () => void): void; closeAllConnections?: () => void }) =>
    new Promise<void>((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    });
  return {
    http: `http://127.0.0.1:${h}`,
    https: `https://127.0.0.1:${s}`,
    proxy: `http://127.0.0.1:${p}`,
    cert: pems.cert,
    tunnels,
    close: async () => {
      for (const socket of open) socket.destroy();
      await Promise.all([close(http), close(https), close(proxy)]);
    },
  };
}
