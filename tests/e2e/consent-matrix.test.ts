/**
 * The consent-library matrix (issue 21): every shop of tests/e2e/consent-matrix/*.ts, compliant and broken,
 * audited in one run of the real CLI (one browser, several sites at once, as a fleet would), then checked one
 * library at a time as a user would: both consent phases operated by the expected means, the gated cookies
 * only after accept, no error on the compliant shop, and exactly the broken twin's findings.
 *
 * MATRIX_ONLY=name1,name2 audits only those libraries (while developing one).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureServer } from '../../fixtures/server.js';
import type { Finding } from '../../src/audit/types.js';
import type { AuditReport } from '../../src/report/types.js';
import { brief, manifest, phaseByHost, ROOT, scanFixture, siteByHost, withFixtures, type ScanResult } from './harness.js';
import type { MatrixLibrary } from './consent-matrix/spec.js';

const folder = join(ROOT, 'tests', 'e2e', 'consent-matrix');
const only = (process.env.MATRIX_ONLY ?? '').split(',').filter((n) => n !== '');
const libraries: MatrixLibrary[] = [];
for (const file of readdirSync(folder).filter((f) => f.endsWith('.ts') && f !== 'spec.ts').sort()) {
  const spec = ((await import(join(folder, file))) as { library: MatrixLibrary }).library;
  if (only.length === 0 || only.includes(spec.name)) libraries.push(spec);
}

const siteOf = siteByHost;
const phaseOf = phaseByHost;

function findingsOf(report: AuditReport, host: string): Finding[] {
  const url = siteOf(report, host).evidence.url;
  return report.findings.filter((f) => f.site === url && f.ruleId !== 'declared-not-observed');
}

let server: FixtureServer;
let result: ScanResult;
beforeAll(async () => {
  server = await withFixtures();
  const urls = libraries.flatMap((l) => [`https://${l.name}-compliant.test/`, `https://${l.name}-broken.test/`]);
  result = await scanFixture(server, urls, ['--policy', manifest('consent-matrix.yaml'), '--max-pages', '1', '--sites-concurrency', '4']);
}, 600_000);
afterAll(() => server?.close());

it('covers at least 15 libraries of five languages or more when the whole matrix runs', () => {
  if (only.length > 0) return;
  expect(libraries.length).toBeGreaterThanOrEqual(12);
  expect(new Set(libraries.map((l) => l.language)).size).toBeGreaterThanOrEqual(5);
});

for (const lib of libraries) {
  describe(`${lib.library} (${lib.language}, ${lib.shape})`, () => {
    const compliant = `${lib.name}-compliant.test`;
    const broken = `${lib.name}-broken.test`;

    const means = (action: 'reject' | 'accept'): string[] => {
      const by = typeof lib.operatedBy === 'string' ? lib.operatedBy : lib.operatedBy[action];
      return typeof by === 'string' ? [by] : by;
    };
    it(`operates the banner in both phases (reject by ${means('reject').join(' or ')}, accept by ${means('accept').join(' or ')}), and the choice sticks`, () => {
      for (const host of [compliant, broken]) {
        for (const action of ['reject', 'accept'] as const) {
          const consent = phaseOf(result.report, host, action).consent;
          expect(consent, `${host} ${action}: ${consent?.tried?.join(' | ')}`).toMatchObject({ action, succeeded: true, bannerShownAfterConsent: false });
          expect(means(action), `${host} ${action}: operated by ${consent?.method}`).toContain(consent?.method);
        }
        expect(phaseOf(result.report, host, 'pre').consent).toBeUndefined();
      }
    });

    it('sets the gated cookies after accept only', () => {
      const names = (phase: 'pre' | 'reject' | 'accept') => phaseOf(result.report, compliant, phase).cookies.map((c) => c.name);
      expect(names('accept')).toEqual(expect.arrayContaining(lib.gated));
      for (const phase of ['pre', 'reject'] as const) expect(names(phase).filter((n) => lib.gated.includes(n))).toEqual([]);
    });

    it('the compliant shop: only the expected findings (what the library does by design), no other error', () => {
      const found = findingsOf(result.report, compliant);
      expect(found.map(brief)).toEqual(lib.compliantFindings ?? []);
      expect(found.filter((f) => f.severity === 'error' && !(lib.compliantFindings ?? []).includes(brief(f)))).toEqual([]);
    });

    it('the broken twin: exactly its findings, at least one an error', () => {
      const found = findingsOf(result.report, broken);
      expect(found.map(brief)).toEqual(lib.brokenFindings);
      expect(found.some((f) => f.severity === 'error')).toBe(true);
    });

    it('neither shop leaves the audit incomplete', () => {
      const incomplete = result.report.summary.incomplete.filter((line) => line.includes(`//${compliant}`) || line.includes(`//${broken}`));
      expect(incomplete).toEqual([]);
    });
  });
}
