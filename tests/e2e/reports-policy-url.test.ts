/**
 * The published policy as the contract: `scan --policy-url` audits Till Works against the cookie page it
 * publishes (which forgets the `lang` cookie), and `policy extract` reads a page over the network in
 * Chromium exactly as it reads the saved file.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSitesDir, type FixtureServer } from '../../fixtures/server.js';
import { draftYaml, extractPolicy } from '../../src/policy/extract.js';
import { parsePolicy } from '../../src/policy/load.js';
import { findingsOf, manifest, runCli, scanFixture, withFixtures, type ScanResult } from './harness.js';

let server: FixtureServer;
beforeAll(async () => {
  server = await withFixtures();
});
afterAll(() => server.close());

const resolveArgs = () => server.resolve.flatMap((r) => ['--resolve', r]);

describe('scan --policy-url on Till Works', () => {
  let result: ScanResult;
  beforeAll(async () => {
    result = await scanFixture(server, ['https://pos.till-works.test/'], ['--policy-url', 'https://pos.till-works.test/legal/cookies.html']);
  }, 120_000);

  it('finds the cookie the published page does not declare, and only that one', () => {
    expect(findingsOf(result.report, 'undeclared-cookie').map((f) => [f.phase, f.item.name])).toEqual([['pre', 'lang']]);
    // Everything the page declares was matched, in every phase the banner's buttons (read from the page) reached.
    expect(result.report.sites[0]?.evidence.phases.map((p) => [p.phase, p.status])).toEqual([
      ['pre', 'completed'],
      ['reject', 'completed'],
      ['accept', 'completed'],
    ]);
    expect(result.report.sites[0]?.declared.filter((d) => !d.observed)).toEqual([]);
  });

  it('audits against the draft it saved beside the reports, so findings point at its lines', () => {
    const draft = join(result.out, 'published-policy.yaml');
    expect(result.report.sites[0]?.policyFile).toBe(draft);
    const policy = parsePolicy(readFileSync(draft, 'utf8'), draft);
    expect(policy.cookies.map((c) => c.name)).toEqual(['auth_token', 'refresh_token', 'session_id', 'cookie_consent', 'user_prefs', '_analytics', '_fbp']);
    const analytics = findingsOf(result.report, 'expiry-exceeds-declared').find((f) => f.item.name === '_analytics');
    expect(analytics?.declaration?.location).toEqual({ file: draft, line: policy.cookies.find((c) => c.name === '_analytics')?.location?.line });
    expect(result.stderr).toContain('Policy read from https://pos.till-works.test/legal/cookies.html: 7 cookie(s), 1 storage, 2 third parties');
  });

  it('refuses --policy together with --policy-url, before any browser starts', async () => {
    const run = await runCli(['scan', 'https://pos.till-works.test/', '--policy', manifest('pos.yaml'), '--policy-url', 'https://pos.till-works.test/legal/cookies.html']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('cookie-audit: --policy and --policy-url both given; audit against one: the manifest file or the published page\n');
  });
});

describe('policy extract', () => {
  it('reads a policy URL in Chromium as it reads the saved page', async () => {
    const run = await runCli(['policy', 'extract', 'https://app.orion-crm.test/cookie-policy.html', ...resolveArgs(), '--ignore-https-errors']);
    expect(run.code, run.stderr).toBe(0);
    const fromFile = extractPolicy(readFileSync(join(defaultSitesDir(), 'app.orion-crm.test', 'cookie-policy.html'), 'utf8'));
    expect(parse(run.stdout)).toEqual(JSON.parse(JSON.stringify(fromFile.manifest)));
    expect(run.stdout.split('\n')[0]).toBe('# Draft policy manifest read from https://app.orion-crm.test/cookie-policy.html');
    expect(run.stderr).toContain('Drafted 6 cookie(s), 1 storage entry, 1 third party from https://app.orion-crm.test/cookie-policy.html');
  });

  it('writes a saved page\u2019s draft to -o', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cookie-audit-extract-')), 'draft.yaml');
    const file = join(defaultSitesDir(), 'demo-shop.test', 'privacy.html');
    const run = await runCli(['policy', 'extract', file, '-o', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toBe(draftYaml(extractPolicy(readFileSync(file, 'utf8')), file));
  });

  it('names a page it cannot read, in one line', async () => {
    const missing = await runCli(['policy', 'extract', 'no-such-policy.html']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('cookie-audit: no-such-policy.html: cannot read it (ENOENT); give a policy page URL (https://…) or a saved .html file\n');
    const notFound = await runCli(['policy', 'extract', 'https://app.orion-crm.test/no-such-page.html', ...resolveArgs(), '--ignore-https-errors']);
    expect(notFound.code).toBe(2);
    expect(notFound.stderr).toBe(
      'cookie-audit: policy page https://app.orion-crm.test/no-such-page.html could not be loaded (HTTP 404); check the URL, --resolve and --ignore-https-errors\n',
    );
    expect(existsSync('no-such-policy.html')).toBe(false);
  });
});
