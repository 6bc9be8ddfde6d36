/** Progress on stderr: live lines on a terminal, one line per site elsewhere and in CI. */
import { describe, expect, it } from 'vitest';
import { createProgress, fleetStatus, inCi, siteSummary, timeLeft, type ProgressStream } from '../../src/cli/progress.js';
import type { PhaseEvidence, SiteEvidence } from '../../src/evidence/types.js';

function stream(isTTY: boolean): ProgressStream & { text: string } {
  const s = { text: '', isTTY, columns: 200, write: (t: string) => ((s.text += t), true) };
  return s;
}

const phase = (name: PhaseEvidence['phase'], pages: number, cookies: string[]): PhaseEvidence => ({
  phase: name,
  status: 'completed',
  pages: Array.from({ length: pages }, (_, i) => ({ url: `https://shop.test/${i}`, ok: true })),
  cookies: cookies.map((n) => ({ name: n, domain: 'shop.test', path: '/', expires: null, lifetimeSeconds: null, httpOnly: true, secure: true, sameSite: 'Lax', party: 'first', size: 9, valueHash: 'x', firstSeenPage: 'https://shop.test/0' })),
  storage: [],
  requests: [],
  errors: [],
});

const site: SiteEvidence = {
  url: 'https://shop.test/',
  startPages: ['https://shop.test/'],
  siteDomain: 'shop.test',
  https: true,
  status: 'ok',
  phases: [phase('pre', 12, ['a', 'b']), phase('reject', 12, ['a', 'b', 'c']), { ...phase('accept', 0, []), status: 'skipped' }],
};

describe('progress', () => {
  it('prints only one line per site when stderr is not a terminal', () => {
    const out = stream(false);
    let now = 0;
    const progress = createProgress({ stream: out, env: {}, now: () => now });
    progress.onEvent({ type: 'site-start', site: site.url });
    progress.onEvent({ type: 'phase-progress', site: site.url, phase: 'pre', pagesDone: 3, pagesTotal: 12, cookies: 2 });
    now = 4200;
    progress.onEvent({ type: 'site-done', site: site.url, evidence: site });
    progress.stop();
    expect(progress.live).toBe(false);
    expect(out.text).toBe('https://shop.test/: done, 12 pages, 2 phases (pre, reject, accept skipped), 3 cookies, 0 storage entries, 4.2s\n');
  });

  it('is quiet in CI even on a terminal', () => {
    expect(inCi({ CI: 'true' })).toBe(true);
    expect(inCi({ CI: '0' })).toBe(false);
    expect(inCi({})).toBe(false);
    expect(createProgress({ stream: stream(true), env: { CI: 'true' } }).live).toBe(false);
  });

  it('on a terminal redraws a line per site and phase with pages, cookies and elapsed time', async () => {
    const out = stream(true);
    let now = 0;
    const progress = createProgress({ stream: out, env: {}, now: () => now, redrawMs: 0 });
    progress.onEvent({ type: 'site-start', site: site.url });
    progress.onEvent({ type: 'phase-progress', site: site.url, phase: 'pre', pagesDone: 3, pagesTotal: 12, cookies: 2 });
    now = 1500;
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(out.text).toContain('https://shop.test/ · pre · 3/12 pages · 2 cookies · 1.5s\n');
    progress.onEvent({ type: 'phase-progress', site: site.url, phase: 'reject', pagesDone: 1, pagesTotal: 12, cookies: 1 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    // The live line is erased in place (cursor up one line, clear below) and both phases drawn.
    expect(out.text).toContain('\u001b[1F\u001b[Jhttps://shop.test/ · pre · 3/12 pages · 2 cookies · 1.5s\nhttps://shop.test/ · reject · 1/12 pages · 1 cookie · 1.5s\n');
    now = 3000;
    progress.onEvent({ type: 'site-done', site: site.url, evidence: site });
    progress.stop();
    // A finished site's live lines give way to its lasting summary.
    expect(out.text).toContain('\u001b[2F\u001b[Jhttps://shop.test/: done');
    expect(out.text.endsWith('https://shop.test/: done, 12 pages, 2 phases (pre, reject, accept skipped), 3 cookies, 0 storage entries, 3.0s\n')).toBe(true);
  });

  it('for a list of sites, says after each site how many are done, the pace per hour and the time left', () => {
    const out = stream(false);
    let now = 0;
    const progress = createProgress({ stream: out, env: {}, now: () => now });
    progress.onEvent({ type: 'scan-start', sites: 40 });
    const other = { ...site, url: 'https://b.test/' };
    progress.onEvent({ type: 'site-start', site: site.url });
    progress.onEvent({ type: 'site-start', site: other.url });
    now = 9000;
    progress.onEvent({ type: 'site-done', site: site.url, evidence: site });
    now = 12_000;
    progress.onEvent({ type: 'site-done', site: other.url, evidence: other });
    progress.stop();
    const lines = out.text.trimEnd().split('\n');
    // 2 sites in 12 s: 600 an hour, 38 left take 3.8 minutes.
    expect(lines[0]).toBe('https://shop.test/: done, 12 pages, 2 phases (pre, reject, accept skipped), 3 cookies, 0 storage entries, 9.0s · 1/40 sites, 400 sites/h, about 6 min left');
    expect(lines[1]).toMatch(/^https:\/\/b\.test\/: done, .* · 2\/40 sites, 600 sites\/h, about 4 min left$/);
  });

  it('on a terminal keeps the pace of a list of sites on top of the live lines', async () => {
    const out = stream(true);
    let now = 0;
    const progress = createProgress({ stream: out, env: {}, now: () => now, redrawMs: 0 });
    progress.onEvent({ type: 'scan-start', sites: 3 });
    progress.onEvent({ type: 'site-start', site: site.url });
    now = 2000;
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(out.text).toContain('0/3 sites, 0 sites/h, time left unknown\nhttps://shop.test/ · starting · 2.0s\n');
    progress.stop();
  });

  it('words the time left as a person reads it', () => {
    expect(timeLeft(42_000)).toBe('42 s');
    expect(timeLeft(7 * 60_000)).toBe('7 min');
    expect(timeLeft(125 * 60_000)).toBe('2 h 05 min');
    expect(fleetStatus(40, 40, 60_000)).toBe('40/40 sites, 2400 sites/h, all done');
  });

  it('keeps control characters out of the terminal', () => {
    expect(siteSummary({ ...site, url: 'https://shop.test/\u001b[2J' }, 0)).not.toContain('\u001b');
  });
});
