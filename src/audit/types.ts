/** Findings: what the audit concludes from evidence + policy. Read by report/. */
import type { Phase, StorageType } from '../evidence/types.js';
import type { SiteEvidence } from '../evidence/types.js';
import type { Knowledge } from '../knowledge/types.js';
import type { DeclarationRef, PolicyManifest } from '../policy/types.js';

export type Severity = 'error' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export interface FindingItem {
  /**
   * 'rule': the rule itself failed (name = rule id); see audit/run.ts.
   * 'request': a network request (name = URL, domain = host); 'domain': a third-party domain (name = the domain).
   * 'consent': the site's consent banner in a phase (name = the action asked of it: 'reject' or 'accept'; for
   * one toggle of its settings layer, 'toggle <label>').
   * 'signal': a consent signal the site sends to vendors in a phase (name = 'tcf' or 'consent-mode').
   */
  type: 'cookie' | 'storage' | 'declaration' | 'rule' | 'request' | 'domain' | 'consent' | 'signal';
  name: string;
  /** Cookie domain, or storage origin. */
  domain?: string;
  storageType?: StorageType;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  /** The start URL of the site this finding belongs to. */
  site: string;
  /** Absent for findings about the manifest as a whole (e.g. declared-not-observed). */
  phase?: Phase;
  /** Page on which the item was first seen. */
  page?: string;
  item: FindingItem;
  /** One sentence a person can act on. Plain text: reporters escape it. */
  message: string;
  /** The manifest entry the item was matched against, if any. */
  declaration?: DeclarationRef;
  /** Rule-specific facts, e.g. { declaredSeconds, storedSeconds, requestedSeconds }. JSON values only. */
  evidence?: Record<string, string | number | boolean | null>;
}

/** What a rule returns: a finding without the fields the runner fills in. */
export type RuleResult = Omit<Finding, 'severity' | 'site'> & { severity?: Severity };

export interface RuleMeta {
  id: string;
  title: string;
  /** What it means when the rule fires, and how to fix it. */
  description: string;
  defaultSeverity: Severity;
  /** Rules about declarations (undeclared-*, declared-not-observed, …) only run when a manifest was given. */
  requiresPolicy: boolean;
}

export interface AuditContext {
  site: SiteEvidence;
  /** The manifest; when the user gave none, an empty one (no file, beforeConsent [necessary]). */
  policy: PolicyManifest;
  /**
   * What the known-cookie and tracker databases say (src/knowledge/). Absent means nothing is known:
   * rules then judge undeclared items as unknown, as before the databases existed.
   */
  knowledge?: Knowledge;
}

/** A rule is pure: evidence + policy in, findings out. No browser, no I/O. */
export interface Rule {
  meta: RuleMeta;
  audit(context: AuditContext): RuleResult[];
}
