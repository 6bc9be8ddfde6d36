/** Hand-built evidence, findings and reports: each helper gives a valid default, a test overrides what it is about. */
import type { Finding } from '../../src/audit/types.js';
import type {
  CookieObservation,
  PageError,
  PhaseEvidence,
  SiteEvidence,
  StorageObservation,
} from '../../src/evidence/types.js';
import { buildReport, type BuildReportInput } from '../../src/report/build.js';
import type { AuditReport, DeclaredEntry, SiteReport } from '../../src/report/types.js';

export const SITE = 'https://demo.test/';

export function cookie(overrides: Partial<CookieObservation> = {}): CookieObservation {
  return {
    name: '_ga',
    domain: '.demo.test',
    path: '/',
    expires: '2026-01-01T00:00:00.000Z',
    lifetimeSeconds: 34_560_000,
    httpOnly: false,
    secure: true,
    sameSite: 'Lax',
    party: 'first',
    size: 30,
    valueHash: 'abc123',
    firstSeenPage: SITE,
    ...overrides,
  };
}

export function storage(overrides: Partial<StorageObservation> = {}): StorageObservation {
  return {
    type: 'localStorage',
    key: 'tracker_id',
    origin: 'https://demo.test',
    party: 'first',
    firstSeenPage: SITE,
    frameUrl: SITE,
    size: 12,
    ...overrides,
  };
}

export function pageError(overrides: Partial<PageError> = {}): PageError {
  return { url: `${SITE}broken`, phase: 'pre', kind: 'navigation', message: 'net::ERR_CONNECTION_REFUSED', ...overrides };
}

export function phase(overrides: Partial<PhaseEvidence> & Pick<PhaseEvidence, 'phase'>): PhaseEvidence {
  return {
    status: 'completed',
    pages: [{ url: SITE, status: 200, ok: true }],
    cookies: [],
    storage: [],
    requests: [],
    errors: [],
    ...overrides,
  };
}

export function evidence(overrides: Partial<SiteEvidence> = {}): SiteEvidence {
  return {
    url: SITE,
    startPages: [overrides.url ?? SITE],
    siteDomain: 'demo.test',
    https: true,
    status: 'ok',
    phases: [phase({ phase: 'pre' })],
    ...overrides,
  };
}

export function declared(overrides: Partial<DeclaredEntry> = {}): DeclaredEntry {
  return { kind: 'cookie', index: 0, name: '_ga', category: 'analytics', observed: true, ...overrides } as DeclaredEntry;
}

export function site(overrides: Partial<SiteReport> = {}): SiteReport {
  return { evidence: evidence(), policyFile: 'cookie-policy.yml', declared: [], ...overrides };
}

export function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'cookie-before-consent',
    severity: 'error',
    site: SITE,
    phase: 'pre',
    page: SITE,
    item: { type: 'cookie', name: '_ga', domain: '.demo.test' },
    message: 'Analytics cookie "_ga" was set before consent.',
    ...overrides,
  };
}

export function report(overrides: Partial<BuildReportInput> = {}): AuditReport {
  return buildReport({
    sites: [site()],
    findings: [],
    phases: ['pre', 'reject', 'accept'],
    includeValues: false,
    failOn: 'error',
    generatedAt: '2025-01-01T00:00:00.000Z',
    toolVersion: '0.1.0',
    ...overrides,
  });
}

/** A site with every phase state and every optional field used: the report most likely to break a format. */
export function fullSite(): SiteReport {
  return site({
    policySite: 'https://demo.test',
    declared: [
      declared(),
      { kind: 'storage', index: 0, key: 'tracker_id', category: 'marketing', observed: false },
      {
        kind: 'thirdParty',
        index: 0,
        name: 'Stripe',
        category: 'necessary',
        observed: true,
        location: { file: 'cookie-policy.yml', line: 40 },
      },
    ],
    evidence: evidence({
      phases: [
        phase({
          phase: 'pre',
          pages: [
            { url: SITE, finalUrl: SITE, status: 200, ok: true },
            { url: `${SITE}broken`, ok: false },
          ],
          cookies: [
            cookie({ setBy: { kind: 'script', url: 'https://demo.test/ga.js' }, requestedLifetimeSeconds: 63_072_000 }),
            cookie({ name: 'session', domain: 'demo.test', expires: null, lifetimeSeconds: null, httpOnly: true, requestedLifetimeSeconds: null, setBy: { kind: 'header', url: SITE } }),
          ],
          storage: [storage({ valueHash: 'def456' }), storage({ type: 'indexedDB', key: 'db', size: 0 })],
          errors: [pageError()],
        }),
        phase({
          phase: 'reject',
          consent: { action: 'reject', method: 'selector', selector: '#reject', succeeded: true, note: 'Clicked #reject.' },
        }),
        phase({ phase: 'accept', status: 'skipped', skipReason: 'The manifest has no accept selector.', pages: [] }),
        phase({ phase: 'gpc', status: 'failed', pages: [{ url: SITE, ok: false }], errors: [pageError({ phase: 'gpc', kind: 'timeout', message: 'Timed out after 30s' })] }),
      ],
    }),
  });
}

export function fullFindings(): Finding[] {
  return [
    finding({
      declaration: { kind: 'cookie', index: 0, name: '_ga', category: 'analytics', location: { file: 'cookie-policy.yml', line: 12 } },
      evidence: { declaredSeconds: 86_400, storedSeconds: 34_560_000, requestedSeconds: null, capped: true, note: 'x' },
    }),
    finding({ ruleId: 'insecure-cookie', severity: 'warning', item: { type: 'cookie', name: 'session', domain: 'demo.test' }, message: 'Cookie "session" lacks Secure.' }),
    finding({ ruleId: 'undeclared-storage', severity: 'info', item: { type: 'storage', name: 'tracker_id', domain: 'https://demo.test', storageType: 'localStorage' }, message: 'Storage "tracker_id" is not declared.' }),
    manifestFinding({ declaration: { kind: 'storage', index: 0, key: 'tracker_id', category: 'marketing' } }),
  ];
}

/** A finding about the manifest as a whole: no phase, no page. */
export function manifestFinding(overrides: Partial<Finding> = {}): Finding {
  const { phase: _phase, page: _page, ...rest } = finding({
    ruleId: 'declared-not-observed',
    severity: 'warning',
    item: { type: 'declaration', name: 'tracker_id' },
    message: 'Declared storage "tracker_id" was never observed.',
  });
  return { ...rest, ...overrides };
}
