/**
 * A scan stays where it is sent: a site that links, redirects, refreshes, frames, pops up and lists in its
 * sitemap a local file and another site gets neither opened, and the scan writes nothing outside --out —
 * not in its working folder, its home, its temp folder or its config and cache folders.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../../fixtures/server.js';
import { readReports, runCli, type ScanResult } from './harness.js';

const HOST = 'www.escape-room.test';
const HOME_PAGE = `https://${HOST}/`;
const ELSEWHERE = 'https://elsewhere.test/';

/** Every file below `dir`, as paths relative to it. */
function filesBelow(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    if (!statSync(path).isDirectory()) out.push(relative(dir, path));
  }
  return out.sort();
}

const page = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title><link rel="icon" href="data:,"></head>
<body><h1>${title}</h1>
${body}
</body></html>
`;

let server: FixtureServer;
let canaryUrl: string;
let token: string;
const folders = { cwd: '', home: '', tmp: '', out: '' };
let result: ScanResult;

beforeAll(async () => {
  const base = mkdtempSync(join(tmpdir(), 'cookie-audit-containment-'));
  for (const name of Object.keys(folders) as (keyof typeof folders)[]) {
    folders[name] = join(base, name);
    mkdirSync(folders[name]);
  }
  // A local file with a secret in it: the site points at it in every way a page can.
  token = `canary-${Math.random().toString(36).slice(2)}`;
  const canary = join(base, 'local', 'secret.txt');
  mkdirSync(join(base, 'local'));
  writeFileSync(canary, `${token}\n`);
  canaryUrl = pathToFileURL(canary).href;

  const site = join(base, 'sites', HOST);
  mkdirSync(site, { recursive: true });
  writeFileSync(
    join(site, 'index.html'),
    page(
      'Escape room',
      `<ul>
<li><a href="${canaryUrl}">the secret, as a link</a></li>
<li><a href="/to-file">a redirect to it</a></li>
<li><a href="/refresh.html">a refresh to it</a></li>
<li><a href="${ELSEWHERE}">another site</a></li>
<li><a href="/files/floor-plan.pdf">a download</a></li>
</ul>
<iframe src="${canaryUrl}" title="framed"></iframe>
<script>
  // Storage of every kind: it belongs in the browser's profile, which is the scan's to remove.
  localStorage.setItem('room', 'escape');
  indexedDB.open('escape-db').onupgradeneeded = (event) => event.target.result.createObjectStore('keys');
  caches.open('escape-cache').then((cache) => cache.put('/cached', new Response('x')));
  document.cookie = 'room_visit=1; max-age=3600; path=/; Secure';
  window.open(${JSON.stringify(canaryUrl)});
  setTimeout(() => { location.href = ${JSON.stringify(canaryUrl)}; }, 200);
</script>`,
    ),
  );
  writeFileSync(join(site, 'refresh.html'), page('Refresh', `<meta http-equiv="refresh" content="0; url=${canaryUrl}">`));
  writeFileSync(join(site, 'deep.html'), page('Only in the sitemap', '<p>Listed by the sitemap, linked from nowhere.</p>'));
  writeFileSync(join(site, 'robots.txt'), `Sitemap: https://${HOST}/sitemap.xml\n`);
  writeFileSync(
    join(site, '_routes.json'),
    JSON.stringify({
      '/to-file': { redirect: canaryUrl },
      '/files/floor-plan.pdf': { text: '%PDF-1.4 not really', contentType: 'application/pdf', headers: { 'Content-Disposition': 'attachment; filename="floor-plan.pdf"' } },
      '/sitemap.xml': {
        contentType: 'application/xml',
        text: `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>${canaryUrl}</loc></url>
<url><loc>${ELSEWHERE}listed.html</loc></url>
<url><loc>https://${HOST}/deep.html</loc></url>
</urlset>`,
      },
    }),
  );
  server = await startFixtureServer({ sitesDir: join(base, 'sites') });
  const run = await runCli(
    ['scan', HOME_PAGE, ...server.resolve.flatMap((r) => ['--resolve', r]), '--ignore-https-errors', '--out', folders.out, '--format', 'console,json,junit,html,sarif,md'],
    // Where a program writes when nobody says where: the working folder, home, temp, XDG config and cache.
    { HOME: folders.home, TMPDIR: folders.tmp, XDG_CONFIG_HOME: join(folders.home, '.config'), XDG_CACHE_HOME: join(folders.home, '.cache'), XDG_DATA_HOME: join(folders.home, '.local', 'share') },
    folders.cwd,
  );
  result = readReports(run, folders.out);
}, 120_000);

afterAll(() => server?.close());

describe('a site pointing at local files and other sites', () => {
  it('is audited: exit 1 for its findings, every page visited on the site itself, the sitemap page included', () => {
    expect(result.code, result.stderr).toBe(1);
    expect(result.report.findings.map((f) => `${f.ruleId} ${f.phase} ${f.item.name}`)).toEqual(['pre-consent-cookie pre room_visit', 'no-consent-banner reject reject']);
    for (const phase of result.report.sites[0]!.evidence.phases) {
      const urls = phase.pages.map((p) => p.url);
      expect(urls).toContain(`https://${HOST}/deep.html`);
      expect(urls.filter((u) => !u.startsWith(`https://${HOST}/`))).toEqual([]);
      expect(phase.pages.map((p) => p.finalUrl ?? p.url).filter((u) => !u.startsWith(`https://${HOST}/`))).toEqual([]);
    }
  });

  it('never opens the local file: no page, request or report holds it, its path or its content', () => {
    for (const phase of result.report.sites[0]!.evidence.phases) {
      expect(phase.requests.filter((r) => !r.url.startsWith('https://'))).toEqual([]);
    }
    for (const file of filesBelow(folders.out)) {
      const text = readFileSync(join(folders.out, file), 'latin1');
      expect(text.includes(token), `${file} holds the local file's content`).toBe(false);
    }
    // The browser never asked the server for anything it was only pointed at from elsewhere.
    expect(server.requests.filter((r) => r.host !== HOST).map((r) => `${r.host}${r.path}`)).toEqual([]);
  });

  it('records the redirect to the file as a page with nothing to audit, which leaves no hole (not exit 3)', () => {
    for (const phase of result.report.sites[0]!.evidence.phases) {
      expect(phase.errors.map((e) => `${e.kind} ${e.url}`)).toEqual([`not-a-page https://${HOST}/to-file`]);
      expect(phase.errors[0]?.message).toMatch(/redirects to an address no web page may open.*nothing was opened/);
    }
    expect(result.report.summary.incomplete).toEqual([]);
    expect(filesBelow(folders.out).filter((f) => f.endsWith('.pdf'))).toEqual([]);
  });

  it('writes only its reports and screenshots into --out, and nothing anywhere else', () => {
    const written = filesBelow(folders.out);
    expect(written).toEqual(expect.arrayContaining(['report.json', 'junit.xml', 'report.html', 'report.sarif', 'report.md']));
    expect(written.filter((f) => !/^(report\.(json|html|sarif|md)|junit\.xml|SHA256SUMS|[a-z0-9.-]+-(reject|accept)-(before|after)\.png)$/.test(f))).toEqual([]);
    expect({ cwd: filesBelow(folders.cwd), home: filesBelow(folders.home), tmp: filesBelow(folders.tmp) }).toEqual({ cwd: [], home: [], tmp: [] });
  });
});
