import { describe, expect, it } from 'vitest';
import { jsonReporter } from '../../src/report/json.js';
import { validateReport } from '../../src/report/validate.js';
import { cookie, evidence, finding, fullFindings, fullSite, phase, report, site } from './factory.js';

describe('json reporter', () => {
  it('writes the report model as indented JSON with a final newline, and it validates', () => {
    const built = report({ sites: [fullSite()], findings: fullFindings() });
    const text = jsonReporter.render(built, { color: false });
    expect(text).toBe(JSON.stringify(built, null, 2) + '\n');
    expect(validateReport(JSON.parse(text))).toEqual([]);
    expect(jsonReporter.fileName).toBe('report.json');
  });

  it('is byte-identical for the same input, whatever order findings and evidence arrived in', () => {
    const cookies = [cookie({ name: 'b' }), cookie({ name: 'a' }), cookie({ name: 'a', path: '/x' })];
    const findings = [...fullFindings(), finding({ ruleId: 'a-rule' }), finding({ phase: 'reject' })];
    const sites = (order: 'forward' | 'reverse') => {
      const list = order === 'forward' ? cookies : [...cookies].reverse();
      return [site({ evidence: evidence({ phases: [phase({ phase: 'reject' }), phase({ phase: 'pre', cookies: list })] }) })];
    };
    const first = jsonReporter.render(report({ sites: sites('forward'), findings }), { color: false });
    const again = jsonReporter.render(report({ sites: sites('forward'), findings }), { color: false });
    const shuffled = jsonReporter.render(report({ sites: sites('reverse'), findings: [...findings].reverse() }), { color: false });
    expect(again).toBe(first);
    expect(shuffled).toBe(first);
  });

  it('keeps hostile strings intact and valid JSON (control characters and lone surrogates escaped)', () => {
    const name = '<script>"&]]>\u0001\u001b[31m🍪\ud800';
    const text = jsonReporter.render(report({ findings: [finding({ message: name })] }), { color: false });
    expect(text).not.toMatch(/[\u0000-\u001f](?<!\n)/);
    expect(text).toContain('\\u0001\\u001b[31m🍪\\ud800');
    expect(JSON.parse(text).findings[0].message).toBe(name);
  });
});
