/**
 * Who wrote what, when scripts write several items at once (src/evidence/setters.ts sends the writes of one
 * task in one call): each item still names its own script, and a page that calls the recorder's binding
 * itself with anything else spoils nothing. Through runPhase in real Chromium, on a site of its own.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../../src/browser/find.js';
import { launchBrowser, type LaunchedBrowser } from '../../src/browser/launch.js';
import { parseResolve } from '../../src/browser/resolve.js';
import { runPhase } from '../../src/crawl/phase.js';
import type { PhaseEvidence } from '../../src/evidence/types.js';
import { emptyPolicy } from '../../src/policy/load.js';

const SITE = 'http://writes.test';
const FILES: Record<string, [string, string]> = {
  '/': ['text/html', '<!doctype html><title>writes</title><script src="/a.js"></script><script src="/b.js"></script><iframe src="/frame"></iframe><iframe src="/gone"></iframe>'],
  // One task, three items, then a later task with one more.
  '/a.js': [
    'text/javascript',
    `document.cookie = 'a_pref=1; max-age=3600; path=/';
     localStorage.setItem('a_local', '1');
     sessionStorage.setItem('a_session', '1');
     setTimeout(() => { document.cookie = 'a_later=1; max-age=60; path=/'; }, 0);`,
  ],
  // The page calls the recorder's binding itself, with junk, around a write of its own.
  '/b.js': [
    'text/javascript',
    `for (const name of Object.keys(window)) {
       if (name.startsWith('__cookieAudit') && typeof window[name] === 'function') {
         for (const junk of ['x', 42, null, [null, 7, { api: 'document.cookie' }, { api: 'nothing' }], [{ api: 'document.cookie', text: 'forged=1', url: 'https://elsewhere.test/f.js', host: 'writes.test' }]]) {
           try { window[name](junk).catch(() => {}); } catch (e) {}
         }
       }
     }
     document.cookie = 'b_id=2; max-age=7200; path=/';`,
  ],
  '/frame': ['text/html', '<!doctype html><script src="/c.js"></script>'],
  '/c.js': ['text/javascript', `localStorage.setItem('c_local', '3'); document.cookie = 'c_frame=3; max-age=60; path=/';`],
  // A frame that writes and removes itself in the same task (a sync frame done with its work).
  '/gone': ['text/html', '<!doctype html><script src="/d.js"></script>'],
  '/d.js': ['text/javascript', `document.cookie = 'd_gone=4; max-age=60; path=/'; localStorage.setItem('d_local', '4'); window.frameElement.remove();`],
};

let server: Server;
let launched: LaunchedBrowser;
let evidence: PhaseEvidence;

beforeAll(async () => {
  server = createServer((request, response) => {
    const file = FILES[new URL(request.url ?? '/', SITE).pathname];
    if (!file) response.writeHead(404).end();
    else response.writeHead(200, { 'content-type': file[0] }).end(file[1]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  launched = await launchBrowser({ executablePath: findBrowser().executablePath, mappings: [parseResolve(`writes.test=127.0.0.1:${port}`)] });
  evidence = await runPhase(
    launched.browser,
    'pre',
    { siteDomain: 'writes.test', pages: [`${SITE}/`], policy: emptyPolicy() },
    { timeoutMs: 30_000, idleMs: 500, includeValues: false, ignoreHttpsErrors: false, userAgent: launched.userAgent },
  );
}, 60_000);

afterAll(async () => {
  await launched?.close();
  await new Promise((resolve) => server?.close(resolve));
});

describe('script writes made together', () => {
  it('names the script of every cookie, whichever writes came in the same task', () => {
    const by = Object.fromEntries(evidence.cookies.map((c) => [c.name, c.setBy?.url]));
    expect(by).toMatchObject({ a_pref: `${SITE}/a.js`, a_later: `${SITE}/a.js`, b_id: `${SITE}/b.js`, c_frame: `${SITE}/c.js`, d_gone: `${SITE}/d.js` });
    for (const cookie of evidence.cookies) expect(cookie.setBy?.kind).toBe('script');
  });

  it('names the script of every storage entry, in the page and in its frames, one that removed itself included', () => {
    const by = Object.fromEntries(evidence.storage.map((s) => [`${s.type} ${s.key}`, s.setBy?.url]));
    expect(by).toEqual({
      'localStorage a_local': `${SITE}/a.js`,
      'sessionStorage a_session': `${SITE}/a.js`,
      'localStorage c_local': `${SITE}/c.js`,
      'localStorage d_local': `${SITE}/d.js`,
    });
  });

  it('takes no harm from a page calling the binding itself', () => {
    expect(evidence.errors).toEqual([]);
    expect(evidence.cookies.map((c) => c.name).sort()).toEqual(['a_later', 'a_pref', 'b_id', 'c_frame', 'd_gone']);
  });
});
