/** Progress on stderr: live lines on a terminal, one line per site elsewhere and in CI. */
import { describe, expect, it } from 'vitest';
import { createProgress, inCi, siteSummary, type ProgressStream } from '../../src/cli/progress.js';
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

  it('keeps control characters out of the terminal', () => {
    expect(siteSummary({ ...site, url: 'https://shop.test/\u001b[2J' }, 0)).not.toContain('\u001b');
  });
});
