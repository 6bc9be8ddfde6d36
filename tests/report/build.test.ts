import { describe, expect, it } from 'vitest';
import type { Finding, Severity } from '../../src/audit/types.js';
import { compareFindings, reachesThreshold } from '../../src/report/order.js';
import { SITE, cookie, evidence, finding, manifestFinding, pageError, phase, report, site, storage } from './factory.js';

describe('exit code', () => {
  const withSeverity = (severity: Severity): Finding[] => [finding({ severity })];

  it.each([
    // [failOn, findings' severity, expected]
    ['error', 'error', 1],
    ['error', 'warning', 0],
    ['warning', 'warning', 1],
    ['warning', 'error', 1],
    ['warning', 'info', 0],
    ['info', 'info', 1],
    ['never', 'error', 0],
  ] as const)('fail-on %s with a %s finding exits %i', (failOn, severity, exitCode) => {
    expect(report({ failOn, findings: withSeverity(severity) }).summary.exitCode).toBe(exitCode);
  });

  it('is 0 with no findings', () => {
    expect(report({ failOn: 'info' }).summary.exitCode).toBe(0);
  });

  it('is 3 when a site is unreachable, even with failing findings and fail-on never', () => {
    const unreachable = site({ evidence: evidence({ url: 'https://down.test/', status: 'unreachable', phases: [] }) });
    for (const failOn of ['error', 'never'] as const) {
      const built = report({ failOn, sites: [site(), unreachable], findings: withSeverity('error') });
      expect(built.summary.exitCode).toBe(3);
      expect(built.summary.unreachableSites).toBe(1);
    }
  });

  it('an error status, a download or a redirect to file: is a hole at a start page only, whichever start page', () => {
    const other = `${SITE}legal`;
    const crawled = `${SITE}found-by-a-link`;
    const errors = [
      pageError({ url: other, kind: 'http-status', message: 'HTTP 404 Not Found' }),
      pageError({ url: crawled, kind: 'http-status', message: 'HTTP 500 Internal Server Error' }),
      pageError({ url: crawled, kind: 'not-a-page', message: 'the URL starts a file download; there is no page to audit' }),
      pageError({ url: `${SITE}to-file`, kind: 'not-a-page', message: 'the URL redirects to an address no web page may open' }),
    ];
    const built = report({ sites: [site({ evidence: evidence({ startPages: [SITE, other, `${SITE}to-file`], phases: [phase({ phase: 'pre', errors })] }) })] });
    expect(built.summary.incomplete).toEqual([`${other}: HTTP 404 Not Found`, `${SITE}to-file: the URL redirects to an address no web page may open`]);
    expect(built.summary.exitCode).toBe(3);
    const crawledOnly = report({ sites: [site({ evidence: evidence({ phases: [phase({ phase: 'pre', errors: errors.slice(1, 3) })] }) })] });
    expect(crawledOnly.summary).toMatchObject({ incomplete: [], exitCode: 0 });
  });

  it('threshold: error > warning > info, never never reached', () => {
    expect(reachesThreshold('error', 'warning')).toBe(true);
    expect(reachesThreshold('info', 'warning')).toBe(false);
    expect(reachesThreshold('error', 'never')).toBe(false);
  });
});

describe('summary', () => {
  it('counts findings by severity and by phase; every requested phase is listed, manifest findings under none', () => {
    const built = report({
      phases: ['pre', 'reject', 'accept'],
      findings: [
        finding(),
        finding({ severity: 'warning', item: { type: 'cookie', name: 'b' } }),
        finding({ phase: 'reject', severity: 'info' }),
        finding({ phase: 'gpc' }),
        manifestFinding(),
      ],
    });
    expect(built.summary.bySeverity).toEqual({ error: 2, warning: 2, info: 1 });
    expect(built.summary.byPhase).toEqual({ pre: 2, reject: 1, accept: 0, gpc: 1, none: 1 });
    expect(Object.keys(built.summary.byPhase)).toEqual(['pre', 'reject', 'accept', 'gpc', 'none']);
    expect(built.summary).toMatchObject({ sites: 1, unreachableSites: 0, findings: 5, failOn: 'error', exitCode: 1 });
  });

  it('lists options.phases in consent order, once each', () => {
    expect(report({ phases: ['gpc', 'pre', 'accept', 'pre'] }).options.phases).toEqual(['pre', 'accept', 'gpc']);
  });
});

describe('ordering and redaction', () => {
  it('sorts findings by site, phase (manifest last), severity, ruleId, item', () => {
    const findings = [
      manifestFinding(),
      finding({ ruleId: 'b', severity: 'info' }),
      finding({ ruleId: 'b', item: { type: 'cookie', name: 'z' } }),
      finding({ ruleId: 'b', item: { type: 'cookie', name: 'a' } }),
      finding({ ruleId: 'a', phase: 'accept' }),
      finding({ ruleId: 'a', site: 'https://a.test/' }),
      finding({ ruleId: 'a', phase: 'reject' }),
    ];
    const order = report({ findings }).findings.map((f) => `${f.site} ${f.phase ?? '-'} ${f.severity} ${f.ruleId} ${f.item.name}`);
    expect(order).toEqual([
      'https://a.test/ pre error a _ga',
      'https://demo.test/ pre error b a',
      'https://demo.test/ pre error b z',
      'https://demo.test/ pre info b _ga',
      'https://demo.test/ reject error a _ga',
      'https://demo.test/ accept error a _ga',
      'https://demo.test/ - warning declared-not-observed tracker_id',
    ]);
  });

  it('comparator is a total order: sorting any permutation gives the same result', () => {
    const findings = [finding(), finding({ page: 'https://demo.test/b' }), finding({ message: 'other' }), manifestFinding()];
    const sorted = [...findings].sort(compareFindings);
    expect([...findings].reverse().sort(compareFindings)).toEqual(sorted);
  });

  it('drops cookie and storage values unless includeValues, and sorts evidence', () => {
    const input = site({
      evidence: evidence({
        phases: [
          phase({ phase: 'reject' }),
          phase({
            phase: 'pre',
            cookies: [cookie({ name: 'z', value: 'secret' }), cookie({ name: 'a', value: 'secret' })],
            storage: [storage({ key: 'k', value: 'secret' })],
          }),
        ],
      }),
    });
    const redacted = report({ sites: [input] });
    const pre = redacted.sites[0]?.evidence.phases[0];
    expect(redacted.sites[0]?.evidence.phases.map((p) => p.phase)).toEqual(['pre', 'reject']);
    expect(pre?.cookies.map((c) => c.name)).toEqual(['a', 'z']);
    expect(JSON.stringify(redacted)).not.toContain('secret');
    expect(pre?.cookies[0]).not.toHaveProperty('value');

    const withValues = report({ sites: [input], includeValues: true });
    expect(withValues.sites[0]?.evidence.phases[0]?.cookies[0]?.value).toBe('secret');
    // The input is not changed: each stage returns a new value.
    expect(input.evidence.phases[1]?.cookies[0]?.value).toBe('secret');
    expect(input.evidence.phases[0]?.phase).toBe('reject');
  });
});
