/**
 * junit.xml for CI dashboards: one <testsuite> per site × phase, one <testcase> per observed cookie or
 * storage entry, one suite per site for the manifest's entries. A finding fails the testcase of the item
 * it concerns, so a CI view lists "cookie _ga (.demo.test)" as failing with the rule's message.
 * Counts are derived from the built cases, so they cannot disagree with what is written.
 */
import type { Finding, FindingItem } from '../audit/types.js';
import type { CookieObservation, PageError, Phase, PhaseEvidence, StorageObservation } from '../evidence/types.js';
import type { DeclarationRef } from '../policy/types.js';
import { compareFindings, phaseRank } from './order.js';
import type { AuditReport, DeclaredEntry, Reporter, SiteReport } from './types.js';
import { serialize, type XmlElement, type XmlNode } from './xml.js';

export const junitReporter: Reporter = {
  name: 'junit',
  fileName: 'junit.xml',
  render: (report) => serialize(toXml(buildSuites(report))),
};

/** What a finding is matched on; `declaration` entries also match on their manifest index. */
interface CaseItem extends FindingItem {
  declaration?: Pick<DeclarationRef, 'kind' | 'index'>;
}

interface Case {
  name: string;
  classname: string;
  item?: CaseItem;
  /** error and warning findings: each fails the case. */
  failures: Finding[];
  /** info findings: reported, but the case passes. */
  notes: Finding[];
  skipped?: string;
  error?: { message: string; body: string };
}

interface Suite {
  name: string;
  cases: Case[];
  systemOut: string[];
  systemErr: string[];
}

function buildSuites(report: AuditReport): Suite[] {
  const suites: Suite[] = [];
  const sites = new Map(report.sites.map((site) => [site.evidence.url, site]));
  const urls = [...new Set([...sites.keys(), ...report.findings.map((f) => f.site)])];
  for (const url of urls) {
    suites.push(...siteSuites(url, sites.get(url), report.findings.filter((f) => f.site === url)));
  }
  return suites;
}

function siteSuites(url: string, site: SiteReport | undefined, findings: Finding[]): Suite[] {
  const suites: Suite[] = [];
  if (site?.evidence.status === 'unreachable') {
    const unreachable = newCase('site reachable', 'site');
    unreachable.error = { message: 'No page of the site could be loaded in any phase', body: url };
    suites.push({ name: `${url} · site`, cases: [unreachable], systemOut: [], systemErr: [] });
  }

  const phases = new Set<Phase>([
    ...(site?.evidence.phases.map((p) => p.phase) ?? []),
    ...findings.flatMap((f) => (f.phase ? [f.phase] : [])),
  ]);
  for (const phase of [...phases].sort((a, b) => phaseRank(a) - phaseRank(b))) {
    const evidence = site?.evidence.phases.find((p) => p.phase === phase);
    const suite = phaseSuite(`${url} · ${phase}`, phase, evidence);
    attach(suite, findings.filter((f) => f.phase === phase), phase);
    suites.push(suite);
  }

  const manifestFindings = findings.filter((f) => f.phase === undefined);
  const hasManifest = site !== undefined && (site.policyFile !== null || site.declared.length > 0);
  if (hasManifest || manifestFindings.length > 0) {
    const suite: Suite = {
      name: `${url} · manifest`,
      cases: (site?.declared ?? []).map(declaredCase),
      systemOut: site?.policyFile ? [`policy: ${site.policyFile}`] : [],
      systemErr: [],
    };
    attach(suite, manifestFindings, 'manifest');
    suites.push(suite);
  }
  return suites;
}

function phaseSuite(name: string, phase: Phase, evidence: PhaseEvidence | undefined): Suite {
  const suite: Suite = { name, cases: [], systemOut: [], systemErr: [] };
  if (!evidence) return suite;
  if (evidence.status === 'skipped') {
    const skipped = newCase(`phase ${phase}`, phase);
    skipped.skipped = evidence.skipReason ?? 'Phase not run';
    suite.cases.push(skipped);
  } else if (evidence.status === 'failed') {
    const failed = newCase(`phase ${phase}`, phase);
    failed.error = {
      message: `No page of the ${phase} phase could be loaded`,
      body: evidence.errors.map(pageErrorText).join('\n'),
    };
    suite.cases.push(failed);
  } else {
    suite.systemErr.push(...evidence.errors.map(pageErrorText));
  }
  // A failed phase may still have captured something before it gave up; list whatever was observed.
  suite.cases.push(...cookieCases(evidence.cookies, phase), ...evidence.storage.map((s) => storageCase(s, phase)));
  if (evidence.consent) {
    const { action, method, selector, succeeded, note } = evidence.consent;
    const how = selector === undefined ? method : `${method} ${selector}`;
    suite.systemOut.push(`consent ${action} via ${how}: ${succeeded ? 'succeeded' : 'did not succeed'} — ${note}`);
  }
  return suite;
}

function cookieCases(cookies: CookieObservation[], phase: Phase): Case[] {
  // Two cookies differing only by path would share a name; only then is the path added to tell them apart.
  const seen = new Map<string, number>();
  for (const cookie of cookies) seen.set(cookieLabel(cookie), (seen.get(cookieLabel(cookie)) ?? 0) + 1);
  return cookies.map((cookie) => {
    const label = cookieLabel(cookie);
    const name = (seen.get(label) ?? 0) > 1 ? `cookie ${cookie.name} (${cookie.domain}${cookie.path})` : label;
    const testcase = newCase(name, phase);
    testcase.item = { type: 'cookie', name: cookie.name, domain: cookie.domain };
    return testcase;
  });
}

function cookieLabel(cookie: CookieObservation): string {
  return `cookie ${cookie.name} (${cookie.domain})`;
}

function storageCase(entry: StorageObservation, phase: Phase): Case {
  const testcase = newCase(`${entry.type} ${entry.key} (${entry.origin})`, phase);
  testcase.item = { type: 'storage', name: entry.key, domain: entry.origin, storageType: entry.type };
  return testcase;
}

function declaredCase(entry: DeclaredEntry): Case {
  const name = entry.kind === 'storage' ? entry.key : entry.name;
  const kind = entry.kind === 'thirdParty' ? 'third party' : entry.kind;
  const testcase = newCase(`declared ${kind} ${name} (${entry.category})`, 'manifest');
  testcase.item = { type: 'declaration', name, declaration: { kind: entry.kind, index: entry.index } };
  return testcase;
}

/** Puts each finding on the testcase of its item, or on a testcase of its own when no item matches. */
function attach(suite: Suite, findings: Finding[], classname: string): void {
  for (const finding of [...findings].sort(compareFindings)) {
    let testcase = suite.cases.find((candidate) => candidate.item && concerns(finding, candidate.item));
    if (!testcase) {
      testcase = newCase(`${finding.ruleId}: ${itemLabel(finding.item)}`, classname);
      suite.cases.push(testcase);
    }
    (finding.severity === 'info' ? testcase.notes : testcase.failures).push(finding);
  }
}

/** Same item type and name; domain and storage type only when the finding states them. */
function concerns(finding: Finding, item: CaseItem): boolean {
  if (item.declaration && finding.declaration) {
    return item.declaration.kind === finding.declaration.kind && item.declaration.index === finding.declaration.index;
  }
  const wanted = finding.item;
  return (
    wanted.type === item.type &&
    wanted.name === item.name &&
    (wanted.domain === undefined || wanted.domain === item.domain) &&
    (wanted.storageType === undefined || wanted.storageType === item.storageType)
  );
}

function itemLabel(item: FindingItem): string {
  const kind = item.type === 'storage' ? (item.storageType ?? 'storage') : item.type;
  return item.domain === undefined ? `${kind} ${item.name}` : `${kind} ${item.name} (${item.domain})`;
}

function newCase(name: string, classname: string): Case {
  return { name, classname, failures: [], notes: [] };
}

function pageErrorText(error: PageError): string {
  return `${error.kind} ${error.url}: ${error.message}`;
}

/** The failure body: everything a reader needs to act without opening report.json. */
function findingText(finding: Finding): string {
  const lines = [`[${finding.severity}] ${finding.ruleId}: ${finding.message}`];
  if (finding.page !== undefined) lines.push(`page: ${finding.page}`);
  if (finding.declaration) lines.push(`declaration: ${declarationText(finding.declaration)}`);
  if (finding.evidence) {
    const facts = Object.entries(finding.evidence).map(([key, value]) => `${key}=${JSON.stringify(value)}`);
    lines.push(`evidence: ${facts.join(', ')}`);
  }
  return lines.join('\n');
}

function declarationText(ref: DeclarationRef): string {
  const name = ref.kind === 'storage' ? ref.key : ref.name;
  const where = ref.location ? ` at ${ref.location.file}:${ref.location.line}` : '';
  return `${ref.kind} #${ref.index} ${JSON.stringify(name)} (${ref.category})${where}`;
}

function caseElement(testcase: Case): XmlElement {
  const children: XmlNode[] = [];
  if (testcase.skipped !== undefined) {
    children.push({ name: 'skipped', attributes: { message: testcase.skipped } });
  }
  if (testcase.error) {
    children.push({ name: 'error', attributes: { message: testcase.error.message }, children: textNodes(testcase.error.body) });
  }
  const [first, ...more] = testcase.failures;
  if (first) {
    // One <failure> per testcase (the JUnit schema allows no more); its body lists every finding.
    const message = more.length > 0 ? `${first.message} (+${more.length} more)` : first.message;
    const type = [...new Set(testcase.failures.map((f) => f.ruleId))].join(' ');
    children.push({
      name: 'failure',
      attributes: { message, type },
      children: textNodes(testcase.failures.map(findingText).join('\n\n')),
    });
  }
  if (testcase.notes.length > 0) {
    children.push({ name: 'system-out', children: textNodes(testcase.notes.map(findingText).join('\n\n')) });
  }
  return { name: 'testcase', attributes: { name: testcase.name, classname: testcase.classname }, children };
}

function textNodes(text: string): XmlNode[] {
  return text === '' ? [] : [{ text }];
}

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

function countCases(cases: Case[]): Counts {
  return {
    tests: cases.length,
    failures: cases.filter((c) => c.failures.length > 0).length,
    errors: cases.filter((c) => c.error !== undefined).length,
    skipped: cases.filter((c) => c.skipped !== undefined).length,
  };
}

function toXml(suites: Suite[]): XmlElement {
  const total = countCases(suites.flatMap((suite) => suite.cases));
  return {
    name: 'testsuites',
    attributes: { name: 'cookie-audit', ...total },
    children: suites.map((suite) => {
      const children: XmlNode[] = suite.cases.map(caseElement);
      if (suite.systemOut.length > 0) children.push({ name: 'system-out', children: textNodes(suite.systemOut.join('\n')) });
      if (suite.systemErr.length > 0) children.push({ name: 'system-err', children: textNodes(suite.systemErr.join('\n')) });
      return { name: 'testsuite', attributes: { name: suite.name, ...countCases(suite.cases) }, children };
    }),
  };
}
