import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, renderAnnotations } from '../../src/report/annotations.js';
import { finding, manifestFinding, report, site } from './factory.js';

describe('GitHub annotations', () => {
  it('escape as the Actions toolkit does', () => {
    expect(escapeData('100% done\r\nnext')).toBe('100%25 done%0D%0Anext');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
  });

  it('put each finding on its manifest line, relative to the workspace, with the severity as the command', () => {
    const text = renderAnnotations(
      report({
        sites: [site({ policyFile: '/repo/policy/cookies.yml' })],
        findings: [
          finding({ declaration: { kind: 'cookie', index: 0, name: '_ga', category: 'analytics', location: { file: '/repo/policy/cookies.yml', line: 12 } } }),
          finding({ ruleId: 'insecure-cookie', severity: 'warning', item: { type: 'cookie', name: 'sid', domain: 'demo.test' }, message: 'Add Secure.' }),
          manifestFinding({ severity: 'info' }),
        ],
      }),
      '/repo',
    );
    expect(text.split('\n')).toEqual([
      '::error file=policy/cookies.yml,line=12,title=cookie-before-consent%3A cookie _ga (.demo.test)::Analytics cookie "_ga" was set before consent. (phase pre, page https://demo.test/; site https://demo.test/)',
      '::warning file=policy/cookies.yml,line=1,title=insecure-cookie%3A cookie sid (demo.test)::Add Secure. (phase pre, page https://demo.test/; site https://demo.test/)',
      '::notice file=policy/cookies.yml,line=1,title=declared-not-observed%3A declaration tracker_id::Declared storage "tracker_id" was never observed. (manifest; site https://demo.test/)',
      '',
    ]);
  });

  it('cannot be ended early or continued on a new line by what a site names its cookies', () => {
    const text = renderAnnotations(
      report({
        sites: [site({ policyFile: null })],
        findings: [finding({ item: { type: 'cookie', name: 'x::error::pwned,file=a', domain: 'd' }, message: 'line one\n::error::injected' })],
      }),
      '/repo',
    );
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^::error title=cookie-before-consent%3A cookie x%3A%3Aerror%3A%3Apwned%2Cfile=a \(d\)::line one ::error::injected/);
  });

  it('leave known findings to the summary when a baseline is given', () => {
    const text = renderAnnotations(report({ findings: [finding(), finding({ phase: 'reject' })], baseline: { file: 'b.json', findings: [finding()] } }), '/repo');
    expect(text.trimEnd().split('\n')).toHaveLength(1);
    expect(text).toContain('phase reject');
  });
});
