import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/audit/registry.js';
import { findingFingerprint } from '../../src/report/baseline.js';
import { sarifReporter, toSarif } from '../../src/report/sarif.js';
import { evidence, finding, fullFindings, fullSite, manifestFinding, report, site } from './factory.js';
import { validateSarif } from './sarif-schema.js';

const BASE = '/work/site';

type Log = ReturnType<typeof toSarif>;
const run = (log: Log) => log.runs[0]!;

describe('SARIF report', () => {
  const full = report({ sites: [fullSite()], findings: fullFindings() });
  const log = toSarif(full, BASE);

  it('is valid SARIF 2.1.0, as written to report.sarif', () => {
    expect(validateSarif(log)).toEqual([]);
    expect(validateSarif(JSON.parse(sarifReporter.render(full, { color: false })))).toEqual([]);
    expect(validateSarif(toSarif(report({ sites: [] }), BASE))).toEqual([]);
    // The check can fail: a result without a message is not SARIF.
    const broken = JSON.parse(JSON.stringify(log)) as { runs: { results: Record<string, unknown>[] }[] };
    delete broken.runs[0]!.results[0]!['message'];
    expect(validateSarif(broken)).not.toEqual([]);
  });

  it('describes every rule with its title and help text, and gives each result its rule index', () => {
    const { rules } = run(log).tool.driver;
    expect(rules.slice(0, RULES.length).map((r) => r.id)).toEqual(RULES.map((r) => r.meta.id));
    const preConsent = rules.find((r) => r.id === 'pre-consent-cookie');
    expect(preConsent).toMatchObject({
      name: 'PreConsentCookie',
      shortDescription: { text: 'Only exempt cookies are set before consent' },
      defaultConfiguration: { level: 'error', enabled: true },
    });
    expect(preConsent?.help.text).toContain('Load the code that sets it only after consent');
    // A rule id the registry does not know (the factory's) still gets a descriptor.
    for (const result of run(log).results) expect(rules[result.ruleIndex]?.id).toBe(result.ruleId);
  });

  it('has one result per finding, with level, message and a stable fingerprint', () => {
    const { results } = run(log);
    expect(results).toHaveLength(full.findings.length);
    expect(results.map((r) => r.level)).toEqual(full.findings.map((f) => ({ error: 'error', warning: 'warning', info: 'note' })[f.severity]));
    expect(results[0]?.message.text).toContain(full.findings[0]!.message);
    expect(results[0]?.message.text).toContain('cookie _ga (.demo.test)');
    expect(results[0]?.partialFingerprints['cookieAuditFinding/v1']).toBe(findingFingerprint(full.findings[0]!));
  });

  it('points at the matched manifest line, else the top of the manifest, relative to the checkout', () => {
    const located = run(log).results.map((r) => r.locations[0]?.physicalLocation);
    // _ga matched cookies[0] at line 12; the other findings have no declaration location.
    expect(located[0]).toEqual({ artifactLocation: { uri: 'cookie-policy.yml', uriBaseId: 'SRCROOT' }, region: { startLine: 12 } });
    expect(located[1]).toEqual({ artifactLocation: { uri: 'cookie-policy.yml', uriBaseId: 'SRCROOT' }, region: { startLine: 1 } });
    expect(run(log).originalUriBaseIds.SRCROOT.uri).toBe('file:///work/site/');
  });

  it('encodes paths as URIs and keeps files outside the checkout absolute', () => {
    const spaced = toSarif(report({ sites: [site({ policyFile: 'policies/my policy#1.yml' })], findings: [finding()] }), BASE);
    expect(run(spaced).results[0]?.locations[0]?.physicalLocation.artifactLocation).toEqual({ uri: 'policies/my%20policy%231.yml', uriBaseId: 'SRCROOT' });
    const outside = toSarif(report({ sites: [site({ policyFile: '/etc/policy.yml' })], findings: [finding()] }), BASE);
    expect(run(outside).results[0]?.locations[0]?.physicalLocation.artifactLocation).toEqual({ uri: 'file:///etc/policy.yml' });
  });

  it('without a manifest, points at the page the item was seen on', () => {
    const bare = toSarif(report({ sites: [site({ policyFile: null, evidence: evidence() })], findings: [finding(), manifestFinding()] }), BASE);
    expect(run(bare).results.map((r) => r.locations[0]?.physicalLocation.artifactLocation.uri)).toEqual(['https://demo.test/', 'https://demo.test/']);
    expect(validateSarif(bare)).toEqual([]);
  });

  it('marks baseline state', () => {
    const withBaseline = toSarif(report({ findings: [finding(), finding({ phase: 'reject' })], baseline: { file: 'old.json', findings: [finding()] } }), BASE);
    expect(run(withBaseline).results.map((r) => r.baselineState)).toEqual(['unchanged', 'new']);
    expect(validateSarif(withBaseline)).toEqual([]);
  });

  it('keeps control and bidi characters from the site out of messages', () => {
    const hostile = toSarif(report({ findings: [finding({ message: 'evil\u001b[31m\u202ename\nnext' })] }), BASE);
    expect(run(hostile).results[0]?.message.text).toMatch(/^evil\[31mname next/);
  });
});
