/**
 * Runs the rules over each site's evidence and returns every finding, complete and in report order.
 * Like Lighthouse's audit runner, a rule that throws does not stop the scan: it becomes one error
 * finding of that rule, and the other rules still run.
 */
import type { SiteEvidence } from '../evidence/types.js';
import type { Knowledge } from '../knowledge/types.js';
import type { PolicyManifest } from '../policy/types.js';
import { sortFindings } from './order.js';
import { RULES } from './registry.js';
import { RULE_DEFAULTS } from './rule-defaults.js';
import type { Finding, FindingItem, Rule, RuleResult, Severity } from './types.js';

export interface SiteAudit {
  site: SiteEvidence;
  /** The site's manifest; an empty one (beforeConsent ['necessary']) when the user gave none. */
  policy: PolicyManifest;
  /** False when `policy` is the empty stand-in: rules that judge declarations are then skipped. */
  hasPolicy: boolean;
  /** The databases (src/knowledge/); without them every undeclared item is unknown. */
  knowledge?: Knowledge;
}

export interface AuditOptions {
  /** Per rule id: a severity replacing the default (and enabling the rule), or 'off'. */
  severity?: Record<string, Severity | 'off'>;
}

/**
 * How a rule runs: a user's severity replaces every finding's; without one, a severity the rule chose
 * for a finding stands, else the default from rules/rule-defaults.json.
 */
interface RuleSetting {
  override?: Severity;
  defaultSeverity: Severity;
}

function settingFor(rule: Rule, options: AuditOptions): RuleSetting | 'off' {
  const override = options.severity?.[rule.meta.id];
  if (override === 'off') return 'off';
  const defaults = RULE_DEFAULTS.find((d) => d.id === rule.meta.id);
  // A rule missing from the defaults file (only possible for rules passed in by a caller) runs with its meta.
  const defaultSeverity = defaults?.severity ?? rule.meta.defaultSeverity;
  if (override !== undefined) return { override, defaultSeverity };
  if (defaults !== undefined && !defaults.enabled) return 'off';
  return { defaultSeverity };
}

function assertKnownRuleIds(rules: readonly Rule[], options: AuditOptions): void {
  const known = new Set(rules.map((r) => r.meta.id));
  const unknown = Object.keys(options.severity ?? {}).filter((id) => !known.has(id));
  if (unknown.length > 0) {
    // A misspelt rule id would otherwise silently change nothing.
    throw new Error(`Unknown rule id in severity settings: ${unknown.join(', ')} (known: ${[...known].join(', ')})`);
  }
}

// Fixed key order, so JSON output does not depend on how a rule happened to build its objects.
function normalizeItem(item: FindingItem): FindingItem {
  return {
    type: item.type,
    name: item.name,
    ...(item.domain === undefined ? {} : { domain: item.domain }),
    ...(item.storageType === undefined ? {} : { storageType: item.storageType }),
  };
}

function toFinding(rule: Rule, result: RuleResult, siteUrl: string, setting: RuleSetting): Finding {
  return {
    ruleId: rule.meta.id,
    severity: setting.override ?? result.severity ?? setting.defaultSeverity,
    site: siteUrl,
    ...(result.phase === undefined ? {} : { phase: result.phase }),
    ...(result.page === undefined ? {} : { page: result.page }),
    item: normalizeItem(result.item),
    message: result.message,
    ...(result.declaration === undefined ? {} : { declaration: result.declaration }),
    ...(result.evidence === undefined ? {} : { evidence: result.evidence }),
  };
}

function failureFinding(rule: Rule, siteUrl: string, error: unknown): Finding {
  const reason = error instanceof Error ? error.message : String(error);
  return {
    ruleId: rule.meta.id,
    severity: 'error',
    site: siteUrl,
    item: { type: 'rule', name: rule.meta.id },
    message: `Rule ${rule.meta.id} failed: ${reason}`,
  };
}

/**
 * Every enabled rule over every site; `rules` defaults to the registry (tests pass their own).
 * Throws only for a caller error: a severity setting naming a rule that does not exist.
 */
export function runAudit(
  sites: readonly SiteAudit[],
  options: AuditOptions = {},
  rules: readonly Rule[] = RULES,
): Finding[] {
  assertKnownRuleIds(rules, options);
  const findings: Finding[] = [];
  for (const { site, policy, hasPolicy, knowledge } of sites) {
    for (const rule of rules) {
      const setting = settingFor(rule, options);
      if (setting === 'off' || (rule.meta.requiresPolicy && !hasPolicy)) continue;
      let results: RuleResult[];
      try {
        results = rule.audit(knowledge === undefined ? { site, policy } : { site, policy, knowledge });
      } catch (error) {
        findings.push(failureFinding(rule, site.url, error));
        continue;
      }
      findings.push(...results.map((result) => toFinding(rule, result, site.url, setting)));
    }
  }
  return sortFindings(findings);
}
