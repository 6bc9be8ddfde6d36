/**
 * Pages behind a login: Ledgerly's app (/app/ …) redirects to its sign-in page without the session cookie.
 * Signed in through --storage-state or the manifest's login block, the audit covers the app and finds the
 * analytics cookie only its settings page sets; the session cookie's value and the password appear in no
 * report and no output.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureServer } from '../../fixtures/server.js';
import { manifest, phaseOf, runCli, scanFixture, tempOut, withFixtures, type ScanResult } from './harness.js';

const APP = 'https://app.ledgerly.test/app/';
const SESSION = 'lg-sess-9c2e71b4d05a';
const CREDENTIALS = { LEDGERLY_USER: 'ada@ledgerly.test', LEDGERLY_PASSWORD: 'correct-horse-battery-staple' };

let server: FixtureServer;
beforeAll(async () => {
  server = await withFixtures();
});
afterAll(() => server.close());

/** Every file the run wrote into --out (whatever formats exist), and everything it printed. */
function everything(result: ScanResult): string {
  const files = readdirSync(result.out, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'latin1'));
  expect(files.length).toBeGreaterThanOrEqual(2);
  return [...files, result.stdout, result.stderr].join('\n');
}

function expectSignedInAudit(result: ScanResult): void {
  for (const phase of ['pre', 'reject', 'accept'] as const) {
    const evidence = phaseOf(result.report, phase);
    expect(evidence.pages.map((p) => [p.url, p.finalUrl])).toEqual([
      [APP, APP],
      [`${APP}reports.html`, `${APP}reports.html`],
      [`${APP}settings.html`, `${APP}settings.html`],
    ]);
    expect(evidence.cookies.map((c) => c.name)).toContain('ledgerly_session');
  }
  const uid = phaseOf(result.report, 'pre').cookies.find((c) => c.name === '_insight_uid');
  expect(uid).toMatchObject({ firstSeenPage: `${APP}settings.html`, setBy: { kind: 'script', url: 'https://cdn.insightful.test/insight.js' } });
  expect(result.report.findings.filter((f) => f.item.name === '_insight_uid').map((f) => `${f.ruleId} ${f.phase}`)).toEqual([
    'pre-consent-cookie pre',
    'undeclared-cookie pre',
    'cookie-after-reject reject',
  ]);
  // The crawl never signs itself out: the app's "Sign out" link is not followed.
  expect(server.requests.some((r) => r.host === 'app.ledgerly.test' && r.path.startsWith('/logout'))).toBe(false);
  const text = everything(result);
  expect(text).not.toContain(SESSION);
  expect(text).not.toContain(CREDENTIALS.LEDGERLY_PASSWORD);
}

describe('without signing in', () => {
  it('only sees the sign-in page', async () => {
    const result = await scanFixture(server, [APP], ['--phases', 'pre']);
    expect(phaseOf(result.report, 'pre').pages[0]).toMatchObject({ url: APP, finalUrl: 'https://app.ledgerly.test/login.html' });
    expect(phaseOf(result.report, 'pre').cookies.map((c) => c.name)).not.toContain('_insight_uid');
  });
});

describe('signed in with --storage-state', () => {
  it('audits the app pages, and no report holds the session cookie value', async () => {
    const state = join(tempOut(), 'state.json');
    writeFileSync(
      state,
      JSON.stringify({
        cookies: [{ name: 'ledgerly_session', value: SESSION, domain: 'app.ledgerly.test', path: '/', expires: -1, httpOnly: true, secure: true, sameSite: 'Lax' }],
        origins: [],
      }),
    );
    // The same policy without its login block: the storage state alone signs the visitor in.
    const policy = join(tempOut(), 'ledgerly-no-login.yaml');
    writeFileSync(policy, readFileSync(manifest('ledgerly.yaml'), 'utf8').replace(/^login:\n(?: {2}.*\n)+/m, ''));
    const result = await scanFixture(server, [APP], ['--policy', policy, '--storage-state', state]);
    expectSignedInAudit(result);
  });
});

describe('signed in by the manifest\'s login block', () => {
  it('fills the form from the environment, audits the app pages, and no report holds the session cookie or the password', async () => {
    const result = await scanFixture(server, [APP], ['--policy', manifest('ledgerly.yaml')], CREDENTIALS);
    expect(result.code).toBe(1);
    expectSignedInAudit(result);
  });

  it('a wrong password makes the site unscannable with one line saying why, exit 3', async () => {
    const result = await scanFixture(server, [APP], ['--policy', manifest('ledgerly.yaml'), '--phases', 'pre', '--timeout', '10000'], {
      ...CREDENTIALS,
      LEDGERLY_PASSWORD: 'not-the-password',
    });
    expect(result.code).toBe(3);
    const line = result.stderr.split('\n').find((l) => l.startsWith('cookie-audit: could not scan'));
    expect(line).toBe(
      `cookie-audit: could not scan ${APP}: login at https://app.ledgerly.test/login.html did not succeed: the element "#account-menu" did not appear within 10000 ms; check the credentials in $LEDGERLY_USER, $LEDGERLY_PASSWORD and the manifest's login.success`,
    );
    expect(phaseOf(result.report, 'pre').errors.map((e) => e.kind)).toEqual(['login']);
    expect(everything(result)).not.toContain('not-the-password');
  });

  it('without the environment variables, exits 2 before starting a browser', async () => {
    const run = await runCli(['scan', APP, '--policy', manifest('ledgerly.yaml'), '--out', tempOut()], { LEDGERLY_USER: '', LEDGERLY_PASSWORD: '' });
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(
      "cookie-audit: the manifest's login needs the environment variables LEDGERLY_USER, LEDGERLY_PASSWORD; set them to the login's values (never write credentials into the manifest)",
    );
  });
});
