import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import defaultsJson from '../../rules/rule-defaults.json' with { type: 'json' };
import { RULES } from '../../src/audit/registry.js';
import { RULE_DEFAULTS, parseRuleDefaults } from '../../src/audit/rule-defaults.js';
import type { Rule } from '../../src/audit/types.js';

const rulesDir = fileURLToPath(new URL('../../src/audit/rules/', import.meta.url));
const ruleFiles = readdirSync(rulesDir).filter((f) => f.endsWith('.ts')).sort();

describe('the rule registry', () => {
  it('lists exactly the rules in rules/rule-defaults.json, in the same order', () => {
    expect(RULES.map((r) => r.meta.id)).toEqual(RULE_DEFAULTS.map((d) => d.id));
  });

  it('has unique rule ids', () => {
    const ids = RULES.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('lists every module in src/audit/rules, and each module exports the rule its file is named after', async () => {
    expect(ruleFiles.map((f) => f.replace(/\.ts$/, ''))).toEqual(RULES.map((r) => r.meta.id).sort());
    for (const file of ruleFiles) {
      const module = (await import(`../../src/audit/rules/${file}`)) as { rule: Rule };
      expect(module.rule.meta.id).toBe(file.replace(/\.ts$/, ''));
      expect(RULES).toContain(module.rule);
    }
  });

  it('agrees with each rule\'s meta on the default severity, and enables every rule by default', () => {
    for (const rule of RULES) {
      expect(RULE_DEFAULTS.find((d) => d.id === rule.meta.id)).toEqual({
        id: rule.meta.id,
        severity: rule.meta.defaultSeverity,
        enabled: true,
      });
    }
  });

  it('gives every rule a title and a description', () => {
    for (const { meta } of RULES) {
      expect(meta.title.length).toBeGreaterThan(0);
      expect(meta.description.length).toBeGreaterThan(40);
    }
  });
});

describe('parseRuleDefaults', () => {
  it('accepts the shipped file', () => {
    expect(parseRuleDefaults(defaultsJson)).toHaveLength(RULES.length);
  });

  it('rejects a misspelt severity or a missing enabled flag', () => {
    expect(() => parseRuleDefaults({ rules: [{ id: 'x', severity: 'eror', enabled: true }] })).toThrow(/severity must be one of/);
    expect(() => parseRuleDefaults({ rules: [{ id: 'x', severity: 'error' }] })).toThrow(/enabled/);
    expect(() => parseRuleDefaults({})).toThrow(/"rules" must be an array/);
  });
});
