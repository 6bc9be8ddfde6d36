/** How a scan behaves around the audit itself: unreachable sites, skipped phases, secrets, GPC. */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureServer } from '../../fixtures/server.js';
import { manifest, phaseOf, scanFixture, tempOut, withFixtures } from './harness.js';

let server: FixtureServer;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
beforeAll(async () => {
  server = await withFixtures();
});
afterAll(() => server.close());

describe('a scan of several sites where one is unreachable', () => {
  it('says so in one line, exits 3, and still writes the reports of the other site', async () => {
    // A loopback port that was just free: nothing listens there, so the connection is refused at once.
    const port = await freePort();
    const dead = `https://127.0.0.1:${port}/`;
    const result = await scanFixture(server, [dead, 'https://pos.till-works.test/'], ['--policy', manifest('pos.yaml')]);
    expect(result.code).toBe(3);
    const line = result.stderr.split('\n').find((l) => l.startsWith('cookie-audit: could not scan'));
    expect(line).toBe(`cookie-audit: could not scan ${dead}: net::ERR_CONNECTION_REFUSED`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.report.sites.map((s) => [s.evidence.url, s.evidence.status])).toEqual([
      [dead, 'unreachable'],
      ['https://pos.till-works.test/', 'ok'],
    ]);
    expect(result.report.summary.unreachableSites).toBe(1);
    expect(result.report.findings.filter((f) => f.site === 'https://pos.till-works.test/').map((f) => f.ruleId)).toEqual(['expiry-exceeds-declared']);
  });
});

describe('a manifest without consent selectors, on a site whose own banner no consent platform rule knows', () => {
  it('finds the banner by its words and operates it in reject and accept, says what it clicked, and invents no finding', async () => {
    const file = join(tempOut(), 'no-consent.yaml');
    writeFileSync(
      file,
      readFileSync(manifest('demo-shop.yaml'), 'utf8').replace(/^\s*(accept|reject):.*$/gm, ''),
    );
    const result = await scanFixture(server, ['https://demo-shop.test/compliant/'], ['--policy', file]);
    for (const phase of ['reject', 'accept'] as const) {
      const evidence = phaseOf(result.report, phase);
      expect(evidence.status).toBe('completed');
      expect(evidence.consent).toMatchObject({ action: phase, method: 'heuristic', platform: null, succeeded: true, bannerSeen: true });
      expect(evidence.consent?.tried?.join('\n')).toMatch(/manifest: no consent\.(reject|accept) selector/);
      expect(evidence.consent?.clicks?.map((c) => c.text)).toEqual([phase === 'reject' ? 'Reject all' : 'Accept all']);
      expect(evidence.consent?.screenshots).toMatchObject({ before: expect.any(String), after: expect.any(String) });
    }
    expect(phaseOf(result.report, 'pre').bannerSearch).toMatchObject({ seen: true, platform: null });
    // The compliant shop sets only necessary cookies until accepted; its banner is as easy to refuse as to accept.
    expect(result.report.findings.filter((f) => f.phase === 'reject' || f.phase === 'accept')).toEqual([]);
    expect(result.report.summary.incomplete).toEqual([]);
  });
});

describe('cookie values are secrets', () => {
  it('appear in no report by default, only as hashes; --include-values writes them and says so', async () => {
    const withValues = await scanFixture(server, ['https://pos.till-works.test/'], ['--policy', manifest('pos.yaml'), '--include-values']);
    expect(withValues.stderr).toContain('--include-values is on');
    const values = withValues.report.sites
      .flatMap((s) => s.evidence.phases.flatMap((p) => [...p.cookies, ...p.storage]))
      .map((item) => item.value)
      .filter((v): v is string => typeof v === 'string' && v.length >= 6);
    expect(values.length).toBeGreaterThan(5);

    const redacted = await scanFixture(server, ['https://pos.till-works.test/'], ['--policy', manifest('pos.yaml')]);
    const everything = [redacted.reportText, redacted.junitText, redacted.stdout, redacted.stderr].join('\n');
    for (const value of values) expect(everything).not.toContain(value);
    const auth = phaseOf(redacted.report, 'pre').cookies.find((c) => c.name === 'auth_token');
    expect(auth?.valueHash).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(auth).not.toHaveProperty('value');
  }, 150_000);
});

describe('the gpc phase', () => {
  it('sends Sec-GPC: 1 with every request and does not touch the banner', async () => {
    const before = server.requests.length;
    const result = await scanFixture(server, ['https://pos.till-works.test/'], ['--policy', manifest('pos.yaml'), '--phases', 'gpc']);
    const gpc = phaseOf(result.report, 'gpc');
    expect(gpc.status).toBe('completed');
    expect(gpc.consent).toBeUndefined();
    const requests = server.requests.slice(before).filter((r) => r.host === 'pos.till-works.test');
    expect(requests.length).toBeGreaterThan(0);
    for (const request of requests) expect(request.headers['sec-gpc']).toBe('1');
  });
});
