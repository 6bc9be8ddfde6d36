import { describe, expect, it } from 'vitest';
import { clean, consoleReporter } from '../../src/report/console.js';
import type { AuditReport } from '../../src/report/types.js';
import {
  cookie,
  evidence,
  finding,
  fullFindings,
  fullSite,
  manifestFinding,
  pageError,
  phase,
  report,
  SITE,
  site,
} from './factory.js';

const render = (built: AuditReport, color = false) => consoleReporter.render(built, { color });
const lastLine = (text: string) => text.trimEnd().split('\n').at(-1);

describe('console reporter', () => {
  const full = report({ sites: [fullSite()], findings: fullFindings(), phases: ['pre', 'reject', 'accept', 'gpc'] });

  it('groups by site, then phase in consent order with manifest findings last, then severity', () => {
    const lines = render(full).split('\n');
    const index = (needle: string) => lines.findIndex((line) => line.includes(needle));
    const order = [
      SITE,
      '  pre: 2 cookies, 2 storage entries on 2 pages, 1 page error',
      '✖ error    cookie-before-consent',
      '▲ warning  insecure-cookie',
      'ℹ info     undeclared-storage',
      '  reject: 0 cookies, 0 storage entries on 1 page',
      'consent reject via #reject: succeeded — Clicked #reject.',
      '  accept: skipped — The manifest has no accept selector.',
      '  gpc: failed — no page could be loaded (1 page error)',
      '! timeout https://demo.test/broken: Timed out after 30s',
      '  manifest: 3 declared entries, 1 not observed',
      '▲ warning  declared-not-observed',
    ].map(index);
    expect(order).not.toContain(-1);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('puts severity, ruleId, message and page on one line per finding', () => {
    expect(render(full)).toContain(
      '    ✖ error    cookie-before-consent  Analytics cookie "_ga" was set before consent. · https://demo.test/ · declared analytics at cookie-policy.yml:12\n',
    );
  });

  it('emits no escape codes when color is false, and colours when it is true', () => {
    expect(render(full, false)).not.toMatch(/\u001b/);
    expect(render(full, true)).toMatch(/\u001b\[31m/);
  });

  it('lists sites in report order, each with its own findings', () => {
    const other = 'https://other.test/';
    const text = render(
      report({
        sites: [site(), site({ evidence: evidence({ url: other }) })],
        findings: [finding({ site: other, message: 'other site finding' }), finding({ message: 'demo finding' })],
      }),
    );
    expect(text.indexOf(SITE)).toBeLessThan(text.indexOf('demo finding'));
    expect(text.indexOf('demo finding')).toBeLessThan(text.indexOf(other));
    expect(text.indexOf(other)).toBeLessThan(text.indexOf('other site finding'));
  });

  it('still shows findings whose site has no evidence', () => {
    expect(render(report({ findings: [finding({ site: 'https://ghost.test/', message: 'ghost' })] }))).toMatch(
      /https:\/\/ghost\.test\/ · no evidence\n[\s\S]*ghost/,
    );
  });

  describe('summary line', () => {
    it.each([
      [
        'failing',
        { findings: fullFindings() },
        '✖ 1 error, 2 warnings, 1 info across 1 site (3 phases) — failing on error',
      ],
      ['clean', {}, '✔ No findings at or above error across 1 site (3 phases)'],
      [
        'findings below the threshold',
        { findings: [finding({ severity: 'warning' }), finding({ severity: 'info' })] },
        '✔ No findings at or above error (1 warning, 1 info below it) across 1 site (3 phases)',
      ],
      [
        'fail-on never',
        { failOn: 'never' as const, findings: [finding()] },
        '✔ 1 error across 1 site (3 phases) — not failing (--fail-on never)',
      ],
      ['fail-on never, clean', { failOn: 'never' as const }, '✔ No findings across 1 site (3 phases)'],
      [
        'an unreachable site',
        {
          sites: [site(), site({ evidence: evidence({ url: 'https://down.test/', status: 'unreachable' }) })],
          findings: [finding(), finding({ severity: 'info' })],
          phases: ['pre' as const],
        },
        '✖ 1 of 2 sites unreachable; 1 error, 1 info across 2 sites (1 phase)',
      ],
    ])('%s', (_name, overrides, expected) => {
      expect(lastLine(render(report(overrides)))).toBe(expected);
    });
  });

  it('strips control characters and bidi overrides from every site-supplied string', () => {
    const hostile = 'a\u0001b\u001b[2J\u001b]0;pwned\u0007c\u009b31md\u202Ee\nf\u007f';
    const text = render(
      report({
        sites: [
          site({
            policyFile: `policy${hostile}.yml`,
            evidence: evidence({
              url: `https://x.test/${hostile}`,
              phases: [
                phase({ phase: 'pre', cookies: [cookie({ name: hostile })], errors: [pageError({ url: hostile, message: hostile })] }),
                phase({
                  phase: 'reject',
                  consent: { action: 'reject', method: 'selector', selector: hostile, succeeded: false, note: hostile },
                }),
                phase({ phase: 'accept', status: 'skipped', skipReason: hostile }),
              ],
            }),
          }),
        ],
        findings: [
          finding({ site: `https://x.test/${hostile}`, ruleId: hostile, message: hostile, page: hostile }),
          manifestFinding({
            site: `https://x.test/${hostile}`,
            message: hostile,
            declaration: { kind: 'cookie', index: 0, name: hostile, category: 'analytics', location: { file: hostile, line: 1 } },
          }),
        ],
      }),
    );
    // Only our own line breaks remain; no C0/C1/DEL control character or bidi override is printed.
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(text).toContain('ab[2J]0;pwnedc31mde f');
    for (const line of text.split('\n')) expect(line).not.toMatch(/^f/);
  });

  it('clean() keeps printable text, emoji and words apart', () => {
    expect(clean('🍪 naïve «cookie»')).toBe('🍪 naïve «cookie»');
    expect(clean('two\nlines\tand\rtabs')).toBe('two lines and tabs');
    expect(clean('\u001b[31mred\u001b[0m')).toBe('[31mred[0m');
  });
});
