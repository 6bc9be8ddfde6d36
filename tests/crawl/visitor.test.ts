/**
 * How the crawler presents itself to a site, read back from the page itself (whoami.test writes what
 * it sees into localStorage), through runPhase in real Chromium: a regular visitor by default, the
 * visitor the user asks for with --locale/--timezone/--user-agent, Global Privacy Control only in the gpc
 * phase, and a consent library's bot check that really hides its banner from a crawler's user agent.
 */
import { describe, expect, it } from 'vitest';
import { runPhase, type PhaseOptions } from '../../src/crawl/phase.js';
import type { Phase, PhaseEvidence } from '../../src/evidence/types.js';
import { emptyPolicy } from '../../src/policy/load.js';
import { browserOnFixtures, ONE_PAGE } from './browser-on-fixtures.js';

const env = browserOnFixtures();

const BASE: PhaseOptions = { timeoutMs: 15_000, idleMs: 2000, includeValues: true, ignoreHttpsErrors: true };

function visit(phase: Phase, url: string, siteDomain: string, options: Partial<PhaseOptions> = {}): Promise<PhaseEvidence> {
  return runPhase(
    env.launched.browser,
    phase,
    { siteDomain, pages: [url], policy: emptyPolicy(), discovery: ONE_PAGE },
    { ...BASE, userAgent: env.launched.userAgent, ...options },
  );
}

interface Visitor {
  webdriver: boolean;
  userAgent: string;
  language: string;
  timeZone: string;
  viewport: [number, number];
  globalPrivacyControl: boolean;
}

function visitorSeen(evidence: PhaseEvidence): Visitor {
  const entry = evidence.storage.find((s) => s.key === 'visitor');
  if (entry?.value === undefined) throw new Error(`whoami.test wrote nothing: ${JSON.stringify(evidence.errors)}`);
  return JSON.parse(entry.value) as Visitor;
}

describe('the visitor a site sees', () => {
  it('by default: a regular Chrome, not automation, in English, with a desktop window', async () => {
    const seen = visitorSeen(await visit('pre', 'https://whoami.test/', 'whoami.test'));
    expect(seen.webdriver).toBe(false);
    expect(seen.userAgent).toMatch(/Chrome\/\d+/);
    expect(seen.userAgent).not.toMatch(/Headless/i);
    expect(seen.language).toBe('en-US');
    expect(seen.viewport).toEqual([1280, 800]);
    expect(seen.globalPrivacyControl).toBe(false);
  });

  it('with --locale, --timezone and --user-agent: exactly that visitor, in the page and on the wire', async () => {
    const before = env.server.requests.length;
    const userAgent = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';
    const seen = visitorSeen(await visit('pre', 'https://whoami.test/', 'whoami.test', { locale: 'de-DE', timezoneId: 'Europe/Berlin', userAgent }));
    expect(seen).toMatchObject({ language: 'de-DE', timeZone: 'Europe/Berlin', userAgent, webdriver: false });
    const page = env.server.requests.slice(before).find((r) => r.host === 'whoami.test');
    expect(page?.headers['user-agent']).toBe(userAgent);
    expect(page?.headers['accept-language']).toMatch(/^de-DE/);
  });

  it('in the gpc phase: navigator.globalPrivacyControl and Sec-GPC: 1, and no banner is touched', async () => {
    const before = env.server.requests.length;
    const evidence = await visit('gpc', 'https://whoami.test/', 'whoami.test');
    expect(visitorSeen(evidence).globalPrivacyControl).toBe(true);
    expect(evidence.consent).toBeUndefined();
    const page = env.server.requests.slice(before).find((r) => r.host === 'whoami.test');
    expect(page?.headers['sec-gpc']).toBe('1');
  });
});

describe("vanilla-cookieconsent's hideFromBots, left on in the fixture", () => {
  // The negative control for the e2e test that operates this banner: a crawler's user agent really gets no banner.
  it('hides the banner from a crawler user agent, so nothing can be operated', async () => {
    const evidence = await visit('reject', 'https://cookieconsent-compliant.test/', 'cookieconsent-compliant.test', {
      userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
    });
    expect(evidence.consent).toMatchObject({ action: 'reject', method: 'none', succeeded: false });
    expect(evidence.consent?.screenshots).toBeUndefined();
  }, 30_000);
});
