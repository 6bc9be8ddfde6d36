import { describe, expect, it } from 'vitest';
import { compareFindings, sortFindings } from '../../src/audit/order.js';
import { runAudit } from '../../src/audit/run.js';
import type { SiteAudit } from '../../src/audit/run.js';
import type { Finding, Rule } from '../../src/audit/types.js';
import type { SiteEvidence } from '../../src/evidence/types.js';
import { DAY, EMPTY_POLICY, cookie, phase, policy, site, storage } from './factories.js';

const manifest = policy({
  cookies: [
    { name: 'session', category: 'necessary', expiresSeconds: null },
    { name: '_ga', category: 'analytics', expires: '1 day', expiresSeconds: DAY },
    { name: 'never_set', category: 'functional' },
  ],
});

function demoSite(url = 'https://demo.test/'): SiteEvidence {
  const page = `${url}about`;
  return site(
    [
      phase('pre', { cookies: [cookie('session', { firstSeenPage: page }), cookie('_fbp', { secure: false, firstSeenPage: page })] }),
      phase('reject', { cookies: [cookie('_fbp', { secure: false }), cookie('session')] }),
      phase('accept', {
        cookies: [cookie('_ga', { lifetimeSeconds: 400 * DAY, requestedLifetimeSeconds: 730 * DAY }), cookie('session')],
        storage: [storage('ab_test')],
      }),
      phase('gpc', {}, { status: 'skipped', skipReason: 'not requested' }),
    ],
    { url },
  );
}

/** A seeded shuffle, so a failure can be reproduced. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const result = [...items];
  let state = seed;
  const random = (): number => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [result[i], result[j]] = [result[j] as T, result[i] as T];
  }
  return result;
}

function summary(findings: Finding[]): string[] {
  return findings.map((f) => `${f.phase ?? '-'} ${f.severity} ${f.ruleId} ${f.item.name}`);
}

describe('runAudit', () => {
  it('runs every rule over a site and returns complete findings in report order', () => {
    const findings = runAudit([{ site: demoSite(), policy: manifest, hasPolicy: true }]);
    expect(summary(findings)).toEqual([
      'pre error pre-consent-cookie _fbp',
      'pre error undeclared-cookie _fbp',
      'pre warning insecure-cookie _fbp',
      'reject error cookie-after-reject _fbp',
      'accept warning expiry-exceeds-declared _ga',
      'accept warning expiry-too-long _ga',
      'accept warning undeclared-storage ab_test',
      '- info declared-not-observed never_set',
    ]);
    expect(findings.every((f) => f.site === 'https://demo.test/')).toBe(true);
    expect(findings[0]).toMatchObject({ page: 'https://demo.test/about' });
    // Key order is fixed by the runner, whatever order a rule wrote them in.
    expect(Object.keys(findings[0] ?? {})).toEqual(['ruleId', 'severity', 'site', 'phase', 'page', 'item', 'message', 'evidence']);
  });

  it('skips rules that judge declarations when no manifest was given', () => {
    const findings = runAudit([{ site: demoSite(), policy: EMPTY_POLICY, hasPolicy: false }]);
    expect(new Set(findings.map((f) => f.ruleId))).toEqual(
      new Set(['pre-consent-cookie', 'cookie-after-reject', 'expiry-too-long', 'insecure-cookie']),
    );
  });

  it('applies severity overrides and turns rules off', () => {
    const findings = runAudit([{ site: demoSite(), policy: manifest, hasPolicy: true }], {
      severity: { 'insecure-cookie': 'error', 'undeclared-cookie': 'off', 'declared-not-observed': 'off' },
    });
    expect(findings.some((f) => f.ruleId === 'undeclared-cookie' || f.ruleId === 'declared-not-observed')).toBe(false);
    expect(findings.find((f) => f.ruleId === 'insecure-cookie')?.severity).toBe('error');
  });

  it('refuses a severity setting for a rule that does not exist', () => {
    expect(() => runAudit([], { severity: { 'undeclared-cookies': 'off' } })).toThrow(/Unknown rule id.*undeclared-cookies/);
  });

  it('turns a rule that throws into one error finding of that rule, and keeps running the others', () => {
    const broken: Rule = {
      meta: { id: 'broken', title: 'Broken', description: 'Always throws.', defaultSeverity: 'info', requiresPolicy: false },
      audit() {
        throw new Error('evidence has no cookies array');
      },
    };
    const quiet: Rule = {
      meta: { id: 'quiet', title: 'Quiet', description: 'One finding.', defaultSeverity: 'info', requiresPolicy: false },
      audit: () => [{ ruleId: 'quiet', item: { type: 'declaration', name: 'x' }, message: 'Fine.' }],
    };
    expect(runAudit([{ site: demoSite(), policy: manifest, hasPolicy: true }], {}, [broken, quiet])).toEqual([
      {
        ruleId: 'broken',
        severity: 'error',
        site: 'https://demo.test/',
        item: { type: 'rule', name: 'broken' },
        message: 'Rule broken failed: evidence has no cookies array',
      },
      { ruleId: 'quiet', severity: 'info', site: 'https://demo.test/', item: { type: 'declaration', name: 'x' }, message: 'Fine.' },
    ]);
  });

  it('keeps a severity a rule chose for a finding, unless the user overrode it', () => {
    const choosy: Rule = {
      meta: { id: 'choosy', title: 'Choosy', description: 'Picks.', defaultSeverity: 'info', requiresPolicy: false },
      audit: () => [{ ruleId: 'choosy', severity: 'warning', item: { type: 'declaration', name: 'x' }, message: 'm' }],
    };
    const input = [{ site: demoSite(), policy: manifest, hasPolicy: true }];
    expect(runAudit(input, {}, [choosy])[0]?.severity).toBe('warning');
    expect(runAudit(input, { severity: { choosy: 'error' } }, [choosy])[0]?.severity).toBe('error');
  });

  it('gives byte-identical output for the same evidence in any order', () => {
    const sites: SiteAudit[] = [
      { site: demoSite('https://b.test/'), policy: manifest, hasPolicy: true },
      { site: demoSite('https://a.test/'), policy: manifest, hasPolicy: true },
    ];
    const expected = JSON.stringify(runAudit(sites));
    for (const seed of [1, 2, 3, 4, 5]) {
      const reordered = shuffled(sites, seed).map((s) => ({
        ...s,
        site: {
          ...s.site,
          phases: shuffled(s.site.phases, seed).map((p) => ({ ...p, cookies: shuffled(p.cookies, seed + 1) })),
        },
      }));
      expect(JSON.stringify(runAudit(reordered))).toBe(expected);
    }
  });
});

describe('compareFindings', () => {
  const base: Finding = {
    ruleId: 'r',
    severity: 'warning',
    site: 'https://a.test/',
    phase: 'pre',
    item: { type: 'cookie', name: 'n', domain: 'a.test' },
    message: 'm',
  };
  const variants: Finding[] = [
    { ...base, site: 'https://b.test/' },
    { ...base, phase: 'gpc' },
    { ...base, phase: 'accept' },
    { ...base, phase: 'reject' },
    (({ phase: _phase, ...rest }) => rest)(base),
    { ...base, severity: 'error' },
    { ...base, severity: 'info' },
    { ...base, ruleId: 'a-rule' },
    { ...base, item: { type: 'storage', name: 'n', domain: 'https://a.test', storageType: 'localStorage' } },
    { ...base, item: { type: 'cookie', name: 'a', domain: 'a.test' } },
    { ...base, item: { type: 'cookie', name: 'n' } },
    { ...base, item: { type: 'cookie', name: 'n', domain: 'z.test' } },
    { ...base, page: 'https://a.test/x' },
    { ...base, page: 'https://a.test/a' },
    { ...base, evidence: { x: 1 } },
    { ...base, evidence: { x: 2 } },
    base,
  ];

  it('orders by site, phase (no phase last), severity, rule, item type, name, domain and page', () => {
    const order = sortFindings(variants).map((f) => JSON.stringify(f));
    const position = (f: Finding): number => order.indexOf(JSON.stringify(f));
    const [otherSite, gpc, accept, reject, noPhase, error, info, aRule, storageItem, nameA, noDomain, domainZ, pageX, pageA] = variants as [
      Finding, Finding, Finding, Finding, Finding, Finding, Finding, Finding, Finding, Finding, Finding, Finding, Finding, Finding,
    ];
    expect(position(otherSite)).toBe(variants.length - 1);
    expect(position(reject)).toBeLessThan(position(accept));
    expect(position(accept)).toBeLessThan(position(gpc));
    expect(position(gpc)).toBeLessThan(position(noPhase));
    expect(position(error)).toBeLessThan(position(base));
    expect(position(base)).toBeLessThan(position(info));
    expect(position(aRule)).toBeLessThan(position(base));
    expect(position(base)).toBeLessThan(position(storageItem));
    expect(position(nameA)).toBeLessThan(position(base));
    expect(position(noDomain)).toBeLessThan(position(base));
    expect(position(base)).toBeLessThan(position(domainZ));
    expect(position(base)).toBeLessThan(position(pageA));
    expect(position(pageA)).toBeLessThan(position(pageX));
  });

  it('sorts shuffled findings to byte-identical JSON', () => {
    const expected = JSON.stringify(sortFindings(variants));
    for (const seed of [7, 11, 13, 17, 19, 23]) {
      expect(JSON.stringify(sortFindings(shuffled(variants, seed)))).toBe(expected);
    }
  });

  it('is a consistent comparator: antisymmetric, and zero only for equal findings', () => {
    for (const a of variants) {
      for (const b of variants) {
        expect(Math.sign(compareFindings(a, b)) + Math.sign(compareFindings(b, a))).toBe(0);
        if (compareFindings(a, b) === 0) expect(JSON.stringify(a)).toBe(JSON.stringify(b));
      }
    }
  });

  it('leaves its input untouched', () => {
    const input = [...variants];
    sortFindings(input);
    expect(input).toEqual(variants);
  });
});
