#!/usr/bin/env node
// The hostile sites of `npm run bench -- --fleet --hostile`, in a process of their own (plain HTTP on
// loopback). Site k of the hostile list (http://www.hostile-NNNN.hostile-bench.test/) misbehaves in the k-th way of
// KINDS, in turn. Prints one JSON line ({ resolve, kinds }) once listening; stops on SIGTERM.
//
//   node bench/hostile-serve.mjs
import { createServer } from 'node:http';

export const KINDS = [
  'endless-redirects', // 302 to a new URL, for ever
  'never-finishes', // headers and the start of the page, then nothing, never closed
  'page-50mb', // a 50 MB page
  'growing-dom', // a DOM that grows without end (a thousand elements every 10 ms)
  'renderer-crash', // script that allocates until the renderer runs out of memory and dies
  'answers-after-60s', // nothing at all for 60 s, then a page
  'cookie-flood', // 3 000 Set-Cookie headers
];

const kindOf = (host) => {
  const match = /^www\.hostile-(\d+)\.hostile-bench\.test/.exec(host ?? '');
  return match ? KINDS[(Number(match[1]) - 1) % KINDS.length] : undefined;
};

const page = (body, head = '') => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>hostile</title><link rel="icon" href="data:,">${head}</head><body>${body}</body></html>`;

const server = createServer((req, res) => {
  const kind = kindOf(req.headers.host);
  if (req.url !== '/' && !req.url.startsWith('/r/')) {
    res.writeHead(404).end();
    return;
  }
  switch (kind) {
    case 'endless-redirects': {
      const n = Number(req.url.split('/r/')[1] ?? 0) + 1;
      res.writeHead(302, { location: `/r/${n}` }).end();
      return;
    }
    case 'never-finishes':
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<!doctype html><html><head><title>loading</title></head><body><p>Loading');
      return; // never ended; the socket is closed by the browser
    case 'page-50mb': {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<!doctype html><html><head><title>big</title></head><body>');
      const chunk = `<p>${'x'.repeat(1019)}</p>\n`.repeat(64); // 64 kB
      let sent = 0;
      const more = () => {
        while (sent < 50 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        res.end('</body></html>');
      };
      res.on('close', () => (sent = Infinity));
      more();
      return;
    }
    case 'growing-dom':
      res.writeHead(200, { 'content-type': 'text/html' }).end(
        page('<h1>growing</h1>', "<script>setInterval(() => { const f = document.createDocumentFragment(); for (let i = 0; i < 1000; i++) { const d = document.createElement('div'); d.textContent = 'row ' + i; f.appendChild(d); } document.body.appendChild(f); }, 10);</script>"),
      );
      return;
    case 'renderer-crash':
      res.writeHead(200, { 'content-type': 'text/html' }).end(
        page('<h1>crash</h1>', "<script>setTimeout(() => { const keep = []; for (;;) keep.push(new Array(1e6).fill(Math.random())); }, 50);</script>"),
      );
      return;
    case 'answers-after-60s': {
      const timer = setTimeout(() => res.writeHead(200, { 'content-type': 'text/html' }).end(page('<h1>late</h1>')), 60_000);
      res.on('close', () => clearTimeout(timer));
      return;
    }
    case 'cookie-flood':
      res.writeHead(200, {
        'content-type': 'text/html',
        'set-cookie': Array.from({ length: 3000 }, (_, i) => `flood_${i}=${i}; Path=/; Max-Age=3600`),
      }).end(page('<h1>flood</h1>'));
      return;
    default:
      res.writeHead(404).end();
  }
});
server.maxHeadersCount = 0;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  process.stdout.write(`${JSON.stringify({ resolve: [`*.hostile-bench.test=127.0.0.1:${port}`], kinds: KINDS })}\n`);
});
process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
