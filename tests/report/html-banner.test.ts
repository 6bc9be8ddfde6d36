import { describe, expect, it } from 'vitest';
import { runAudit } from '../../src/audit/run.js';
import type { ConsentAttempt } from '../../src/evidence/types.js';
import { htmlReporter } from '../../src/report/html/index.js';
import { buildHtmlModel } from '../../src/report/html/model.js';
import { EMPTY_POLICY, banner, click, consent, control, toggle } from '../audit/factories.js';
import { cookie, evidence, finding, phase, report, site, storage } from './factory.js';

const PAYLOAD = '</script><img src=x onerror=alert(1)>';

describe('HTML model: the matrix of items against phases', () => {
  const sid = cookie({ name: 'sid', domain: 'demo.test', httpOnly: true });
  const ga = cookie({ name: '_ga' });
  const model = buildHtmlModel(
    report({
      sites: [
        site({
          declared: [{ kind: 'cookie', index: 0, name: 'sid', category: 'necessary', observed: true }],
          evidence: evidence({
            phases: [
              phase({ phase: 'pre', cookies: [ga, sid], storage: [storage()] }),
              phase({ phase: 'reject', cookies: [ga, sid] }),
              phase({ phase: 'accept', cookies: [sid, cookie({ name: 'sid', domain: 'demo.test', path: '/shop' })] }),
              phase({ phase: 'gpc', status: 'skipped', skipReason: 'not asked', pages: [] }),
            ],
          }),
        }),
      ],
      findings: [
        finding({ ruleId: 'pre-consent-cookie', evidence: { category: 'analytics', categorySource: 'database' } }),
        finding({ ruleId: 'cookie-after-reject', phase: 'reject', evidence: { category: 'analytics', categorySource: 'database' } }),
        finding({ ruleId: 'undeclared-storage', severity: 'warning', item: { type: 'storage', name: 'tracker_id', domain: 'https://demo.test', storageType: 'localStorage' } }),
      ],
    }),
    undefined,
  );
  const matrix = model.sites[0]!.matrix;

  it('has a column per phase of the site, in phase order, with its status', () => {
    expect(matrix.phases).toEqual([
      { phase: 'pre', status: 'completed' },
      { phase: 'reject', status: 'completed' },
      { phase: 'accept', status: 'completed' },
      { phase: 'gpc', status: 'skipped' },
    ]);
  });

  it('has a row per cookie (name, domain, path) and storage entry, cookies first, each cell the category that phase showed', () => {
    const rows = matrix.rows.map((r) => [r.kind, r.name, r.where, r.cells.map((c) => (c === null ? null : `${c.tone}:${c.findings.length}`))]);
    expect(rows).toEqual([
      ['cookie', '_ga', '.demo.test', ['analytics:1', 'analytics:1', null, null]],
      ['cookie', 'sid', 'demo.test', ['necessary:0', 'necessary:0', 'necessary:0', null]],
      ['cookie', 'sid', 'demo.test/shop', [null, null, 'necessary:0', null]],
      ['localStorage', 'tracker_id', 'https://demo.test', ['unknown:1', null, null, null]],
    ]);
  });

  it('links each flagged cell to its finding\u2019s row in the findings table', () => {
    const [pre, reject] = matrix.rows[0]!.cells;
    const byId = new Map(model.findings.map((f) => [f.id, f]));
    expect(byId.get(pre!.findings[0]!.id)).toMatchObject({ ruleId: 'pre-consent-cookie', phase: 'pre' });
    expect(byId.get(reject!.findings[0]!.id)).toMatchObject({ ruleId: 'cookie-after-reject', phase: 'reject' });
    expect(model.findings.map((f) => f.id)).toEqual(['finding-1', 'finding-2', 'finding-3']);
  });

  it('colours a category it does not know as unknown, keeping the text', () => {
    const odd = { ...cookie({ name: 'odd' }), classification: { category: 'tracking<script>', source: 'database' } };
    const built = buildHtmlModel(report({ sites: [site({ evidence: evidence({ phases: [phase({ phase: 'pre', cookies: [odd as never] })] }) })] }), undefined);
    expect(built.sites[0]!.matrix.rows[0]!.cells[0]).toEqual({ category: 'tracking<script>', tone: 'unknown', findings: [] });
  });
});

describe('HTML model: the consent banner', () => {
  const twoLayer = banner({
    controls: [
      control('accept', 'OK'),
      control('settings', PAYLOAD, { element: 'link', color: 'rgba(0, 0, 0, 0.4)', background: 'red; background-image: url(https://evil.test/x)', contrast: 2.4, fontSizePx: 12 }),
    ],
    policyLinks: [],
    toggles: [toggle('Analytics', { category: 'analytics', checked: true }), toggle('Necessary', { category: 'necessary', checked: true, disabled: true })],
    text: 'Our logo.png and cookies',
  });
  const reject = consent('reject', {
    banner: twoLayer,
    clicks: [click('settings', PAYLOAD), click('toggle', 'Analytics', { layer: 'second' }), click('save', 'Save', { layer: 'second' })],
    screenshots: { before: 'reject-before.png' },
  });
  const accept = consent('accept', { banner: twoLayer, clicks: [click('accept', 'OK')], reopen: null, screenshots: { before: 'accept-before.png', after: 'accept-after.png' } });
  const evidenceOf = (attempts: { reject?: ConsentAttempt; accept?: ConsentAttempt }) =>
    evidence({
      phases: [
        phase({ phase: 'pre' }),
        ...(attempts.reject ? [phase({ phase: 'reject', consent: attempts.reject })] : []),
        ...(attempts.accept ? [phase({ phase: 'accept', consent: attempts.accept })] : []),
      ],
    });
  const siteEvidence = evidenceOf({ reject, accept });
  const findings = runAudit([{ site: siteEvidence, policy: EMPTY_POLICY, hasPolicy: false }]);
  const model = buildHtmlModel(report({ sites: [site({ evidence: siteEvidence, policyFile: null })], findings }), undefined);
  const shown = model.sites[0]!.banner!;

  it('shows the first-layer controls with their measurements, painting only colours it could read', () => {
    expect(shown.phase).toBe('reject');
    expect(shown.controls).toEqual([
      { role: 'accept', text: 'OK', element: 'button', size: '120 × 40 px', font: '16 px, weight 400', color: 'rgb(255, 255, 255)', colorSwatch: 'rgb(255, 255, 255)', background: 'rgb(13, 110, 253)', backgroundSwatch: 'rgb(13, 110, 253)', contrast: '4.5:1' },
      {
        role: 'settings',
        text: PAYLOAD,
        element: 'link',
        size: '120 × 40 px',
        font: '12 px, weight 400',
        color: 'rgba(0, 0, 0, 0.4)',
        colorSwatch: 'rgba(0, 0, 0, 0.4)',
        background: 'red; background-image: url(https://evil.test/x)',
        backgroundSwatch: '',
        contrast: '2.4:1',
      },
    ]);
  });

  it('shows the clicks each answer took, the toggles as they were with the finding about them, and what came after', () => {
    expect(shown.accept).toEqual({ clicks: [{ role: 'accept', text: 'OK', layer: 'first' }], none: '' });
    expect(shown.reject.clicks.map((c) => `${c.role}/${c.layer}`)).toEqual(['settings/first', 'toggle/second', 'save/second']);
    expect(shown.toggles?.map((t) => [t.label, t.category, t.state, t.finding?.ruleId ?? null])).toEqual([
      ['Analytics', 'analytics', 'on', 'preticked-consent'],
      ['Necessary', 'necessary', 'on (locked)', null],
    ]);
    expect(shown.policyLinks).toEqual([]);
    expect(shown.reopen).toBe('nothing found that reopens the choices');
    expect(shown.screenshotPhases).toEqual(['reject', 'accept']);
    expect(shown.findings.map((f) => f.ruleId).sort()).toEqual([
      'ambiguous-consent-label',
      'banner-without-policy-link',
      'no-withdraw-option',
      'preticked-consent',
      'reject-harder-than-accept',
      'reject-less-prominent',
    ]);
    const ids = new Set(model.findings.map((f) => f.id));
    for (const link of shown.findings) expect(ids.has(link.id)).toBe(true);
  });

  it('says why an answer shows no clicks: no refusal offered, not recorded, not run', () => {
    const impossible = consent('reject', { banner: twoLayer, refusal: 'impossible', clicks: [] });
    const autoconsent = consent('accept', { banner: twoLayer, method: 'autoconsent', clicks: undefined, reopen: { text: 'Cookie settings', selector: 'footer a' } });
    const built = buildHtmlModel(report({ sites: [site({ evidence: evidenceOf({ reject: impossible, accept: autoconsent }) })] }), undefined).sites[0]!.banner!;
    expect(built.reject.none).toBe('no refusal offered: the banner has no control that refuses');
    expect(built.accept.none).toBe('clicks not recorded (autoconsent)');
    expect(built.reopen).toBe('"Cookie settings" (footer a)');
    const acceptOnly = buildHtmlModel(report({ sites: [site({ evidence: evidenceOf({ accept: autoconsent }) })] }), undefined).sites[0]!.banner!;
    expect([acceptOnly.phase, acceptOnly.reject.none]).toEqual(['accept', 'not run']);
  });

  it('is absent when no phase recorded a banner, and banner text is never taken for a screenshot', () => {
    const plain: ConsentAttempt = { action: 'reject', method: 'selector', selector: '#reject', succeeded: true, note: 'Clicked' };
    expect(buildHtmlModel(report({ sites: [site({ evidence: evidenceOf({ reject: plain }) })] }), undefined).sites[0]!.banner).toBeNull();
    const phases = model.sites[0]!.phases;
    expect(phases.find((p) => p.phase === 'reject')?.consent?.screenshots.map((s) => s.file)).toEqual(['reject-before.png']);
    expect(phases.find((p) => p.phase === 'accept')?.consent?.screenshots.map((s) => s.file)).toEqual(['accept-before.png', 'accept-after.png']);
  });

  it('keeps banner text inside the data element of report.html', () => {
    const html = htmlReporter.render(report({ sites: [site({ evidence: siteEvidence })], findings }), { color: false });
    const withoutData = html.replace(/<script type="application\/json" id="cookie-audit-data">[^]*?<\/script>/, '');
    expect(withoutData).not.toContain('onerror');
    expect(withoutData).not.toContain('evil.test');
    expect(html.match(/<script/g)).toHaveLength(2);
  });
});
