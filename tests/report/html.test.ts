import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConsentAttempt, CookieObservation } from '../../src/evidence/types.js';
import { htmlReporter, inlineJson } from '../../src/report/html/index.js';
import { buildHtmlModel, screenshotFiles } from '../../src/report/html/model.js';
import { lifetimeText } from '../../src/report/labels.js';
import { htmlData } from '../e2e/report-checks.js';
import { cookie, declared, evidence, finding, fullFindings, fullSite, phase, report, site, storage } from './factory.js';

const PAYLOAD = '</script><script>alert(1)</script><img src=x onerror=alert(2)>\u2028\u2029<!--';

describe('inlined report data', () => {
  it('cannot end the script element or break the script, and reads back unchanged', () => {
    const value = { name: PAYLOAD, nested: [PAYLOAD] };
    const text = inlineJson(value);
    expect(text).not.toMatch(/[<\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('HTML report', () => {
  const hostile = report({
    sites: [site({ evidence: evidence({ phases: [phase({ phase: 'pre', cookies: [cookie({ name: PAYLOAD })], storage: [storage({ key: PAYLOAD })] })] }) })],
    findings: [finding({ item: { type: 'cookie', name: PAYLOAD, domain: '.demo.test' }, message: PAYLOAD })],
  });
  const html = htmlReporter.render(hostile, { color: false });

  it('holds site text only inside the data element, escaped', () => {
    const withoutData = html.replace(/<script type="application\/json" id="cookie-audit-data">[^]*?<\/script>/, '');
    expect(withoutData).not.toContain('alert(');
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    const data = htmlData(html) as unknown as { findings: { item: string; message: string }[] };
    expect(data.findings[0]?.message).toBe(PAYLOAD);
  });

  it('allows only its own script and style, by hash, and data: images', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    const script = /<script>([^]*?)<\/script>/.exec(html)?.[1] ?? '';
    const style = /<style>([^]*?)<\/style>/.exec(html)?.[1] ?? '';
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    expect(csp.split('; ')).toEqual([
      "default-src 'none'",
      `script-src ${hash(script)}`,
      `style-src ${hash(style)}`,
      'img-src data:',
      "base-uri 'none'",
      "form-action 'none'",
    ]);
    expect(script).toMatch(/^\(function renderReport\(model, doc\)/);
  });

  it('is deterministic', () => {
    expect(htmlReporter.render(hostile, { color: false })).toBe(html);
  });
});

describe('HTML model', () => {
  it('counts findings per site and phase and lists the declarations never observed', () => {
    const model = buildHtmlModel(report({ sites: [fullSite()], findings: fullFindings() }), undefined);
    expect(model.bySeverity).toEqual({ error: 1, warning: 2, info: 1 });
    expect(model.sites[0]?.phases.map((p) => [p.phase, p.status, p.counts.error + p.counts.warning + p.counts.info])).toEqual([
      ['pre', 'completed', 3],
      ['reject', 'completed', 0],
      ['accept', 'skipped', 0],
      ['gpc', 'failed', 0],
    ]);
    expect(model.sites[0]?.notObserved).toEqual([{ kind: 'storage', name: 'tracker_id', category: 'marketing', where: '#0' }]);
    expect(model.findings[0]).toMatchObject({ ruleId: 'cookie-before-consent', phase: 'pre', item: 'cookie _ga (.demo.test)', declaration: '_ga — declared analytics at cookie-policy.yml:12' });
  });

  it('says where each cookie\u2019s category comes from', () => {
    const cookies = [
      // As the knowledge stage classifies cookies (read loosely by the report, so typed loosely here).
      { ...cookie({ name: 'classified' }), classification: { category: 'marketing', source: 'database', vendor: 'Meta' } } as unknown as CookieObservation,
      cookie({ name: 'flagged' }),
      cookie({ name: 'pattern_1', setBy: { kind: 'script', url: 'https://cdn.vendor.test/tag.js' } }),
      cookie({ name: 'stranger', setBy: { kind: 'header', url: 'https://demo.test/' } }),
    ];
    const model = buildHtmlModel(
      report({
        sites: [site({ declared: [declared({ name: 'pattern_*', category: 'functional' })], evidence: evidence({ phases: [phase({ phase: 'pre', cookies })] }) })],
        findings: [finding({ item: { type: 'cookie', name: 'flagged', domain: '.demo.test' }, evidence: { category: 'analytics', categorySource: 'tracker-list' } })],
      }),
      undefined,
    );
    const rows = model.sites[0]?.phases[0]?.cookies.map((c) => [c.name, c.category, c.categorySource, c.provider, c.findings]);
    expect(rows).toEqual([
      ['classified', 'marketing', 'database', 'Meta', 0],
      ['flagged', 'analytics', 'tracker-list', '', 1],
      ['pattern_1', 'functional', 'manifest', 'cdn.vendor.test', 0],
      ['stranger', '—', 'unknown', 'first party', 0],
    ]);
  });

  it('embeds consent screenshots from the report folder, and only from there', () => {
    const out = mkdtempSync(join(tmpdir(), 'cookie-audit-html-'));
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    writeFileSync(join(out, 'reject-before.png'), png);
    const consent = {
      action: 'reject',
      method: 'selector',
      selector: '#reject.png',
      succeeded: true,
      note: 'Clicked; see after.png',
      screenshots: { before: 'reject-before.png', after: 'missing.png', escape: '../../etc/secret.png' },
    } as ConsentAttempt;
    const model = buildHtmlModel(
      report({ sites: [site({ evidence: evidence({ phases: [phase({ phase: 'pre' }), phase({ phase: 'reject', consent })] }) })] }),
      out,
    );
    const shots = model.sites[0]?.phases[1]?.consent?.screenshots;
    expect(shots?.map((s) => [s.label, s.file, s.src.slice(0, 22)])).toEqual([
      ['before', 'reject-before.png', 'data:image/png;base64,'],
      ['after', 'missing.png', ''],
      ['escape', '../../etc/secret.png', ''],
    ]);
    expect(shots?.[0]?.src).toBe(`data:image/png;base64,${png.toString('base64')}`);
    // Without a report folder nothing is read; without screenshots there is nothing to show.
    expect(buildHtmlModel(report({ sites: [site({ evidence: evidence({ phases: [phase({ phase: 'reject', consent })] }) })] }), undefined).sites[0]?.phases[0]?.consent?.screenshots.map((s) => s.src)).toEqual(['', '', '']);
    expect(screenshotFiles({ action: 'accept', method: 'none', succeeded: false, note: 'no banner' })).toEqual([]);
  });
});

describe('lifetimes in words', () => {
  it.each([
    [null, 'session'],
    [1800, '30 min'],
    [86_400, '24 h'],
    [30 * 86_400, '30 days'],
    [365 * 86_400, '1 year'],
    [400 * 86_400, '400 days'],
    [730 * 86_400, '2 years'],
  ])('%s seconds → %s', (seconds, text) => {
    expect(lifetimeText(seconds)).toBe(text);
  });
});
