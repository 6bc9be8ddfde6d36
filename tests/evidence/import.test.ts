/**
 * Evidence from records made elsewhere, on hand-built records: a HAR as Chrome, Firefox or Playwright export
 * it, and the Website Evidence Collector's inspection.json with its fields as WEC writes them.
 */
import { describe, expect, it } from 'vitest';
import type { HarEntry } from '../../src/evidence/har.js';
import { evidenceFromHar, ImportError } from '../../src/evidence/import/har.js';
import { evidenceFromWec } from '../../src/evidence/import/wec.js';
import { valueHash } from '../../src/evidence/redact.js';

const T0 = '2026-03-01T10:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();

function entry(url: string, seconds: number, options: { cookie?: string; setCookie?: string[]; html?: boolean; resourceType?: string } = {}): HarEntry {
  return {
    startedDateTime: at(seconds),
    ...(options.resourceType ? { _resourceType: options.resourceType } : {}),
    request: {
      method: 'GET',
      url,
      headers: [...(options.html ? [{ name: 'Upgrade-Insecure-Requests', value: '1' }] : []), ...(options.cookie ? [{ name: 'Cookie', value: options.cookie }] : [])],
      cookies: [],
    },
    response: {
      status: 200,
      headers: (options.setCookie ?? []).map((value) => ({ name: 'Set-Cookie', value })),
      cookies: [],
      content: { size: 0, mimeType: options.html ? 'text/html; charset=utf-8' : 'application/javascript' },
    },
  };
}

const har = (entries: HarEntry[]) => ({ log: { version: '1.2', creator: { name: 'Firefox', version: '140.0' }, entries } });

const visit = har([
  entry('https://shop.test/', 0, { html: true, setCookie: ['sid=abc123; Path=/; Secure; HttpOnly; SameSite=Strict', 'old=; Max-Age=0'] }),
  entry('https://shop.test/app.js', 1, { cookie: 'sid=abc123' }),
  entry('https://www.google-analytics.com/g/collect?v=2&gcs=G100', 2, { setCookie: ['_tp=x1; Domain=google-analytics.com; Max-Age=63072000; Secure; SameSite=None'] }),
  entry('https://shop.test/product?id=7', 3, { html: true, cookie: 'sid=abc123; _ga=GA1.1.99.1700' }),
]);

describe('a HAR', () => {
  const site = evidenceFromHar(visit, { file: 'visit.har', phase: 'pre', includeValues: false });
  const phase = site.phases[0]!;
  const byName = Object.fromEntries(phase.cookies.map((c) => [c.name, c]));

  it('gives the site, its pages and every request (query stripped, consent-mode kept)', () => {
    expect(site).toMatchObject({ url: 'https://shop.test/', siteDomain: 'shop.test', https: true, imported: { format: 'har', file: 'visit.har', creator: 'Firefox 140.0' } });
    expect(phase.pages.map((p) => p.url)).toEqual(['https://shop.test/', 'https://shop.test/product']);
    expect(phase.requests.map((r) => `${r.url} ${r.resourceType} ${r.party}`)).toEqual([
      'https://shop.test/ document first',
      'https://shop.test/app.js other first',
      'https://shop.test/product document first',
      'https://www.google-analytics.com/g/collect other third',
    ]);
    expect(phase.requests.find((r) => r.url.includes('collect'))?.consentMode?.gcs).toBe('G100');
  });

  it('reads a Set-Cookie cookie with every attribute and who set it; a deletion is no cookie', () => {
    expect(byName['sid']).toMatchObject({ domain: 'shop.test', path: '/', secure: true, httpOnly: true, sameSite: 'Strict', expires: null, setBy: { kind: 'header', url: 'https://shop.test/' }, valueHash: valueHash('abc123') });
    expect(byName['sid']?.value).toBeUndefined();
    expect(byName['sid']?.unknown).toBeUndefined();
    expect(byName['_tp']).toMatchObject({ domain: '.google-analytics.com', party: 'third', lifetimeSeconds: 400 * 86400, requestedLifetimeSeconds: 63072000 });
    expect(byName['old']).toBeUndefined();
  });

  it('takes a cookie seen only in a Cookie header as sent, and leaves its setter, lifetime and flags unstated', () => {
    expect(byName['_ga']).toMatchObject({ domain: 'shop.test', firstSeenPage: 'https://shop.test/product', unknown: ['lifetime', 'flags', 'domain'] });
    expect(byName['_ga']?.setBy).toBeUndefined();
    expect(site.imported?.cannotKnow.join('\n')).toMatch(/Who wrote _ga/);
  });

  it('keeps cookie-audit\'s own hashes as they are (an --evidence HAR), and values only when asked', () => {
    const hashed = evidenceFromHar(har([entry('https://shop.test/', 0, { html: true, setCookie: ['sid=sha256:0123456789abcdef; Path=/'] })]), { file: 'x.har', phase: 'pre', includeValues: true });
    expect(hashed.phases[0]!.cookies[0]).toMatchObject({ valueHash: 'sha256:0123456789abcdef', unknown: ['size'] });
    expect(hashed.phases[0]!.cookies[0]?.value).toBeUndefined();
    expect(evidenceFromHar(visit, { file: 'v', phase: 'pre', includeValues: true }).phases[0]!.cookies.find((c) => c.name === 'sid')?.value).toBe('abc123');
  });

  it('of a reject visit says the moment of the answer is not in it', () => {
    const reject = evidenceFromHar(visit, { file: 'v', phase: 'reject', includeValues: false });
    expect(reject.phases[0]?.phase).toBe('reject');
    expect(reject.imported?.cannotKnow[0]).toMatch(/^When the visitor answered the banner: the whole record is taken as the reject phase/);
    expect(site.imported?.cannotKnow.join('\n')).not.toMatch(/When the visitor answered/);
  });

  it('does not count a cookie that later requests of its page no longer carry (written and removed at once), but keeps one that outlived its page', () => {
    const probe = har([
      entry('https://shop.test/', 0, { html: true }),
      // A request that left while a script's domain probe existed for an instant carries it.
      entry('https://shop.test/app.js', 1, { cookie: 'sid=abc; _probe=1' }),
      entry('https://shop.test/api/cart', 2, { cookie: 'sid=abc; _ga=GA1.1.5' }),
      entry('https://shop.test/about', 3, { html: true, cookie: 'sid=abc; _ga=GA1.1.5; _old=1' }),
      entry('https://shop.test/about.css', 3, { cookie: 'sid=abc; _ga=GA1.1.5; _old=1; _flash=1' }),
      // The next page's own request shows the jar at the end of the last: _flash was gone by then.
      entry('https://shop.test/contact', 4, { html: true, cookie: 'sid=abc; _ga=GA1.1.5; _old=1' }),
      entry('https://shop.test/contact.css', 4, { cookie: 'sid=abc; _ga=GA1.1.5' }),
      // A request to another folder (a cookie with its own path) or origin says nothing of the cookie.
      entry('https://shop.test/a/b', 5, { cookie: 'sid=abc; _ga=GA1.1.5; _deep=1' }),
      entry('https://shop.test/x', 6, { cookie: 'sid=abc; _ga=GA1.1.5' }),
      entry('https://cdn.shop.test/x', 7, { cookie: 'sid=abc' }),
    ]);
    const read = evidenceFromHar(probe, { file: 'p.har', phase: 'pre', includeValues: false });
    expect(read.phases[0]!.cookies.map((c) => `${c.name} ${c.domain}`).sort()).toEqual(['_deep shop.test', '_ga shop.test', '_old shop.test', 'sid cdn.shop.test', 'sid shop.test']);
    expect(read.imported?.cannotKnow.join('\n')).toMatch(/_flash, _probe: sent by some requests and no longer by later ones of the same page, so removed again/);
  });

  it('tells a cookie written during the page (its folder is the page\'s) from one with a Path of its own', () => {
    const read = evidenceFromHar(
      har([
        entry('https://shop.test/', 0, { html: true, cookie: 'sid=abc' }),
        entry('https://shop.test/js/a.js', 1, { cookie: 'sid=abc; _js=1' }),
        // Sent with the second script only: written while the page ran, so no Path of its own.
        entry('https://shop.test/js/b.js', 1, { cookie: 'sid=abc; _js=1; _probe=1' }),
        entry('https://shop.test/api/cart', 2, { cookie: 'sid=abc' }),
      ]),
      { file: 'p.har', phase: 'pre', includeValues: false },
    );
    // _js (Path=/js: there from the first script on) is not sent to /api either, and that says nothing of it.
    expect(read.phases[0]!.cookies.map((c) => c.name).sort()).toEqual(['_js', 'sid']);
  });

  it('refuses what is not a HAR, naming the file', () => {
    expect(() => evidenceFromHar({ hello: 1 }, { file: 'notes.json', phase: 'pre', includeValues: false })).toThrow(ImportError);
    expect(() => evidenceFromHar({ hello: 1 }, { file: 'notes.json', phase: 'pre', includeValues: false })).toThrow(/notes\.json: not a HAR/);
  });
});

describe('Website Evidence Collector output', () => {
  const inspection = {
    uri_ins: 'https://shop.test/',
    start_time: T0,
    script: { version: { npm: '1.1.0' } },
    browsing_history: ['https://shop.test/'],
    cookies: [
      { name: '_ga', value: 'GA1.1.5', domain: 'shop.test', path: '/', expires: Date.parse(T0) / 1000 + 730 * 86400, size: 10, httpOnly: false, secure: false, session: false, sameSite: 'Lax', firstPartyStorage: true, log: { type: 'Cookie.JS', stack: [{ fileName: 'https://www.googletagmanager.com/gtag/js?id=G-1', lineNumber: 3 }], location: 'https://shop.test/' } },
      { name: 'sid', value: 'abc', domain: 'shop.test', path: '/', expires: -1, size: 6, httpOnly: true, secure: true, session: true, firstPartyStorage: true, log: { type: 'Cookie.HTTP', stack: [{ fileName: 'https://shop.test/', source: 'set in Set-Cookie HTTP response header for https://shop.test/' }], location: 'https://shop.test/' } },
    ],
    localStorage: { 'https://shop.test': { ab_bucket: { value: { v: 2 }, firstPartyStorage: true } } },
  };
  const site = evidenceFromWec(inspection, undefined, { file: 'out/', inspectionFile: 'out/inspection.json', phase: 'pre', includeValues: false });
  const phase = site.phases[0]!;

  it('reads cookies as WEC stored them, with WEC\'s record of who set each', () => {
    expect(phase.cookies.map((c) => `${c.name} ${c.lifetimeSeconds} ${c.setBy?.kind} ${c.setBy?.url}`)).toEqual([
      `_ga ${730 * 86400} script https://www.googletagmanager.com/gtag/js`,
      'sid null header https://shop.test/',
    ]);
    expect(phase.cookies[1]).toMatchObject({ httpOnly: true, secure: true, valueHash: valueHash('abc') });
  });

  it('reads localStorage, and says what WEC does not record', () => {
    expect(phase.storage).toMatchObject([{ type: 'localStorage', key: 'ab_bucket', origin: 'https://shop.test', party: 'first', valueHash: valueHash('{"v":2}') }]);
    expect(site.imported).toMatchObject({ format: 'wec', creator: 'website-evidence-collector 1.1.0' });
    expect(site.imported?.cannotKnow.join('\n')).toMatch(/sessionStorage and IndexedDB/);
    expect(site.imported?.cannotKnow.join('\n')).toMatch(/no requests\.har/);
  });
});
