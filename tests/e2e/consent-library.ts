/**
 * One spec per real consent library (the autoconsent way: a factory, one short file per platform).
 * Each scans the library's compliant and broken fixture sites once, in parallel, with the real CLI and
 * a manifest that names no selector, then checks what a user would: the platform named in report.json,
 * both phases operated with screenshots, the gated cookies only after accept, and exactly the expected
 * findings.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureServer } from '../../fixtures/server.js';
import { pngSize } from '../crawl/png.js';
import { brief, manifest, phaseOf, scanFixture, withFixtures, type ScanResult } from './harness.js';

export interface ConsentLibrarySpec {
  /** The npm package, as users know it. */
  library: string;
  /** The autoconsent rule that recognises it (report.json names it as the platform). */
  platform: string;
  /** File under fixtures/manifests/. */
  manifest: string;
  /** `<name>-compliant.test` and `<name>-broken.test`. */
  name: string;
  /** Cookies the banner holds back: set after accept, never before a choice or after reject. */
  gated: string[];
  /** Findings of the compliant site (no errors), as `brief()` strings in report order. */
  compliantFindings: string[];
  /** Findings of the broken site, as `brief()` strings in report order. */
  brokenFindings: string[];
  /** What reopens the compliant site's choices after consent (the library's revisit control): its text. */
  reopen: string;
}

/** The banner rules (and no-reject-option): the compliant sites must produce none of them. */
const BANNER_RULES = ['reject-harder-than-accept', 'preticked-consent', 'reject-less-prominent', 'ambiguous-consent-label', 'no-withdraw-option', 'banner-without-policy-link', 'no-reject-option'];

function cookieNames(result: ScanResult, phase: 'pre' | 'reject' | 'accept'): string[] {
  return phaseOf(result.report, phase).cookies.map((c) => c.name);
}

export function describeConsentLibrary(spec: ConsentLibrarySpec): void {
  describe(`${spec.library} (autoconsent: ${spec.platform})`, () => {
    let server: FixtureServer;
    let compliant: ScanResult;
    let broken: ScanResult;
    beforeAll(async () => {
      server = await withFixtures();
      const policy = ['--policy', manifest(spec.manifest)];
      [compliant, broken] = await Promise.all([
        scanFixture(server, [`https://${spec.name}-compliant.test/`], policy),
        scanFixture(server, [`https://${spec.name}-broken.test/`], policy),
      ]);
    }, 120_000);
    afterAll(() => server.close());

    it('the compliant site: the tool finds the banner itself, and reports no error', () => {
      expect(compliant.report.findings.map(brief)).toEqual(spec.compliantFindings);
      expect(compliant.report.summary.bySeverity.error).toBe(0);
      expect(compliant.code).toBe(0);
    });

    it(`names ${spec.platform} as the platform, and operates its banner in reject and accept only`, () => {
      for (const result of [compliant, broken]) {
        expect(phaseOf(result.report, 'pre').consent).toBeUndefined();
        for (const action of ['reject', 'accept'] as const) {
          const consent = phaseOf(result.report, action).consent;
          expect(consent).toMatchObject({ action, method: 'autoconsent', platform: spec.platform, succeeded: true, bannerShownAfterConsent: false });
          expect(consent?.tried?.join('\n')).toContain(`recognised ${spec.platform}`);
        }
        expect(phaseOf(result.report, 'reject').consent?.selfTest).not.toBe(false);
      }
    });

    it('accept sets the gated cookies; before any choice and after reject none of them', () => {
      expect(cookieNames(compliant, 'accept')).toEqual(expect.arrayContaining(spec.gated));
      for (const phase of ['pre', 'reject'] as const) {
        expect(cookieNames(compliant, phase).filter((name) => spec.gated.includes(name))).toEqual([]);
      }
    });

    it('the compliant banner refuses on its first layer, links its policy, and can be reopened after consent: no banner finding', () => {
      expect(compliant.report.findings.filter((f) => BANNER_RULES.includes(f.ruleId)).map(brief)).toEqual([]);
      const banner = phaseOf(compliant.report, 'reject').consent?.banner;
      expect(banner?.controls.filter((c) => c.role === 'reject').length).toBeGreaterThan(0);
      expect(banner?.policyLinks.length).toBeGreaterThan(0);
      for (const action of ['reject', 'accept'] as const) expect(phaseOf(compliant.report, action).consent?.reopen).toMatchObject({ text: spec.reopen });
    });

    it('writes a screenshot of the page before and after each click, and one of the banner outlined, beside report.json', () => {
      for (const action of ['reject', 'accept'] as const) {
        const shots = phaseOf(compliant.report, action).consent?.screenshots;
        const name = `${spec.name}-compliant.test-${action}`;
        expect(shots).toEqual({ before: `${name}-before.png`, outlined: `${name}-outlined.png`, after: `${name}-after.png` });
        for (const file of [shots?.before, shots?.outlined, shots?.after]) {
          const path = join(compliant.out, file ?? 'missing');
          expect(existsSync(path), file).toBe(true);
          // The viewport the phase browses with.
          expect(pngSize(readFileSync(path))).toEqual({ width: 1280, height: 800 });
        }
      }
    });

    it('the broken site: exactly the expected findings', () => {
      expect(broken.report.findings.map(brief)).toEqual(spec.brokenFindings);
      expect(broken.code).toBe(1);
    });
  });
}
