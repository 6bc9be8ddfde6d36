/**
 * rules/rule-defaults.json, checked once at load: it is data a person edits, and a typo in a
 * severity must fail loudly rather than silently turn a rule's findings into something else.
 */
import defaultsJson from '../../rules/rule-defaults.json' with { type: 'json' };
import { SEVERITIES } from './types.js';
import type { Severity } from './types.js';

export interface RuleDefault {
  id: string;
  severity: Severity;
  enabled: boolean;
}

function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

export function parseRuleDefaults(json: unknown): RuleDefault[] {
  const rules = (json as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(rules)) throw new Error('rule-defaults.json: "rules" must be an array');
  return rules.map((entry: unknown, i): RuleDefault => {
    const { id, severity, enabled } = (entry ?? {}) as Record<string, unknown>;
    if (typeof id !== 'string' || id === '') throw new Error(`rule-defaults.json: rules[${i}].id must be a non-empty string`);
    if (!isSeverity(severity)) throw new Error(`rule-defaults.json: rules[${i}].severity must be one of ${SEVERITIES.join(', ')}`);
    if (typeof enabled !== 'boolean') throw new Error(`rule-defaults.json: rules[${i}].enabled must be true or false`);
    return { id, severity, enabled };
  });
}

export const RULE_DEFAULTS: readonly RuleDefault[] = parseRuleDefaults(defaultsJson);
