/**
 * A crawl's phases side by side: the pre phase discovers the pages, and the reject and accept phases visit
 * its list while it is still being built (src/crawl/feed.ts), through scanSite in real Chromium.
 *
 * The site's /gate page answers nobody until two visits of it are under way at once: it can only load if
 * another phase visits it while the pre phase does. Were the consent phases to wait for the pre phase's end,
 * the pre phase's visit of /gate would never be answered (a timeout), and nobody else's either.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../../src/browser/find.js';
import { launchBrowser, type LaunchedBrowser } from '../../src/browser/launch.js';
import { parseResolve } from '../../src/browser/resolve.js';
import { DEFAULT_DISCOVERY } from '../../src/crawl/discover.js';
import { scanSite } from '../../src/crawl/scan.js';
import type { Phase, SiteEvidence } from '../../src/evidence/types.js';
import { emptyPolicy } from '../../src/policy/load.js';

const PAGES: Record<string, string> = {
  '/': '<a href="/one">one</a> <a href="/gate">gate</a>',
  '/one': '<a href="/two">two</a>',
  '/two': '<p>two</p>',
};

let server: Server;
let launched: LaunchedBrowser;
/** /gate visits waiting for a second one. */
const held: ServerResponse[] = [];
/** For each answer of /gate: how many visits of it had come by then. */
const gateAnswers: number[] = [];
let gateVisits = 0;
let evidence: SiteEvidence;

function answerGate(response: ServerResponse): void {
  gateAnswers.push(gateVisits);
  response.writeHead(200, { 'content-type': 'text/html', 'set-cookie': 'gate=open; Path=/' }).end('<p>gate</p>');
}

beforeAll(async () => {
  server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://gate.test').pathname;
    if (path === '/gate') {
      gateVisits += 1;
      if (gateVisits < 2) {
        held.push(response);
        response.on('close', () => held.splice(held.indexOf(response), 1));
        return;
      }
      for (const waiting of held.splice(0)) answerGate(waiting);
      answerGate(response);
      return;
    }
    const body = PAGES[path];
    if (body === undefined) response.writeHead(404).end();
    else response.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>${path}</title>${body}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  launched = await launchBrowser({ executablePath: findBrowser().executablePath, mappings: [parseResolve(`gate.test=127.0.0.1:${port}`)] });
  evidence = await scanSite(
    launched.browser,
    { url: 'http://gate.test/', pages: ['http://gate.test/'], policy: emptyPolicy() },
    {
      phases: ['pre', 'reject', 'accept'],
      concurrency: 3,
      discovery: { ...DEFAULT_DISCOVERY, sitemaps: false },
      // Long enough that a pre phase left alone would show as a timeout, not a flake.
      timeoutMs: 60_000,
      idleMs: 500,
      includeValues: false,
      ignoreHttpsErrors: false,
      pageConcurrency: 2,
      userAgent: launched.userAgent,
    },
  );
}, 180_000);

afterAll(async () => {
  for (const waiting of held.splice(0)) waiting.destroy();
  await launched?.close();
  await new Promise((resolve) => server?.close(resolve));
});

const phase = (name: Phase) => evidence.phases.find((p) => p.phase === name)!;

describe('the consent phases of a crawl follow the pre phase while it discovers', () => {
  it('visits the pre phase list in every phase, in its order, with no error', () => {
    const pre = phase('pre').pages.map((p) => p.url);
    expect(pre).toEqual(['http://gate.test/', 'http://gate.test/one', 'http://gate.test/gate', 'http://gate.test/two']);
    for (const name of ['pre', 'reject', 'accept'] as const) {
      expect(phase(name).pages.map((p) => p.url)).toEqual(pre);
      expect(phase(name).pages.every((p) => p.ok && p.status === 200)).toBe(true);
      expect(phase(name).errors).toEqual([]);
    }
  });

  it('visits a page of the first level while the pre phase is still on it', () => {
    // The first visit of /gate was answered when the second came: two phases were on it at once.
    expect(gateAnswers.slice(0, 2)).toEqual([2, 2]);
    expect(gateVisits).toBe(3);
    for (const name of ['pre', 'reject', 'accept'] as const) expect(phase(name).cookies.map((c) => c.name)).toContain('gate');
  });
});
