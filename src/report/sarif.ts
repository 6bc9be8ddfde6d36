/**
 * report.sarif: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. One result per finding,
 * located at the manifest entry the item matched (its file and line), or at the top of the manifest
 * when it matched none: the manifest is the file in the repository a developer changes, or the place
 * the missing declaration belongs. Without a manifest the result points at the scanned URL.
 *
 * Paths are relative to the working directory (uriBaseId SRCROOT), which in CI is the checkout, so code
 * scanning can show the line. Strings from the site are JSON-escaped by JSON.stringify and cleaned of
 * control and bidi characters, which viewers would otherwise render.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULES } from '../audit/registry.js';
import { RULE_DEFAULTS } from '../audit/rule-defaults.js';
import type { Severity } from '../audit/types.js';
import { findingFingerprint } from './baseline.js';
import { clean } from './console.js';
import { itemLabel } from './labels.js';
import type { AuditReport, ReportFinding, Reporter, SiteReport } from './types.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

type Level = 'error' | 'warning' | 'note';
const LEVEL: Record<Severity, Level> = { error: 'error', warning: 'warning', info: 'note' };

export const sarifReporter: Reporter = {
  name: 'sarif',
  fileName: 'report.sarif',
  render: (report) => JSON.stringify(toSarif(report, process.cwd()), null, 2) + '\n',
};

interface RuleDescriptor {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  defaultConfiguration: { level: Level; enabled: boolean };
  properties: { tags: string[] };
}

interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

/** The SARIF log as an object; `baseDir` is the folder relative paths are taken from (SRCROOT). */
export function toSarif(report: AuditReport, baseDir: string) {
  const rules = ruleDescriptors(report);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const sites = new Map(report.sites.map((site) => [site.evidence.url, site]));
  const results = report.findings.map((finding) =>
    result(finding, ruleIndex.get(finding.ruleId) ?? 0, sites.get(finding.site), baseDir),
  );
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0' as const,
    runs: [
      {
        tool: {
          driver: {
            name: 'cookie-audit',
            version: report.tool.version,
            semanticVersion: report.tool.version,
            rules,
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(baseDir.endsWith(path.sep) ? baseDir : baseDir + path.sep).href } },
        invocations: [
          {
            executionSuccessful: report.summary.exitCode !== 3,
            exitCode: report.summary.exitCode,
          },
        ],
        results,
      },
    ],
  };
}

/** Every registered rule (stable indexes), then any other rule id a finding names. */
function ruleDescriptors(report: AuditReport): RuleDescriptor[] {
  const descriptors = RULES.map(({ meta }) => {
    const defaults = RULE_DEFAULTS.find((d) => d.id === meta.id);
    const severity = defaults?.severity ?? meta.defaultSeverity;
    return descriptor(meta.id, meta.title, meta.description, severity, defaults?.enabled ?? true);
  });
  const known = new Set(descriptors.map((d) => d.id));
  for (const finding of report.findings) {
    if (known.has(finding.ruleId)) continue;
    known.add(finding.ruleId);
    descriptors.push(descriptor(finding.ruleId, finding.ruleId, finding.ruleId, finding.severity, true));
  }
  return descriptors;
}

function descriptor(id: string, title: string, description: string, severity: Severity, enabled: boolean): RuleDescriptor {
  return {
    id,
    // SARIF wants an identifier-like name: "pre-consent-cookie" → "PreConsentCookie".
    name: id.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_m, _sep: string, c: string) => c.toUpperCase()),
    shortDescription: { text: title },
    fullDescription: { text: description },
    help: {
      text: `${title}. ${description}`,
      markdown: `**${title}** (\`${id}\`, default severity ${severity})\n\n${description}`,
    },
    defaultConfiguration: { level: LEVEL[severity], enabled },
    properties: { tags: ['privacy', 'cookies'] },
  };
}

function result(finding: ReportFinding, ruleIndex: number, site: SiteReport | undefined, baseDir: string) {
  const where = [finding.phase ? `phase ${finding.phase}` : 'manifest', finding.page ? `page ${finding.page}` : ''].filter(Boolean).join(', ');
  const text = clean(`${finding.message} [${itemLabel(finding.item)}; ${where}; site ${finding.site}]`);
  const properties: Record<string, unknown> = {
    site: clean(finding.site),
    item: finding.item,
    ...(finding.phase && { phase: finding.phase }),
    ...(finding.page !== undefined && { page: finding.page }),
    ...(finding.evidence && { evidence: finding.evidence }),
  };
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: LEVEL[finding.severity] ?? 'warning',
    message: { text },
    locations: [{ physicalLocation: physicalLocation(finding, site, baseDir) }],
    partialFingerprints: { 'cookieAuditFinding/v1': findingFingerprint(finding) },
    ...(finding.baseline && { baselineState: finding.baseline === 'known' ? ('unchanged' as const) : ('new' as const) }),
    properties,
  };
}

/** The matched declaration's line; else line 1 of the site's manifest; else the scanned URL itself. */
function physicalLocation(finding: ReportFinding, site: SiteReport | undefined, baseDir: string) {
  const declared = finding.declaration?.location;
  if (declared) return { artifactLocation: fileLocation(declared.file, baseDir), region: { startLine: Math.max(1, declared.line) } };
  const manifest = site?.policyFile ?? undefined;
  if (manifest) return { artifactLocation: fileLocation(manifest, baseDir), region: { startLine: 1 } };
  return { artifactLocation: { uri: finding.page ?? finding.site } };
}

/** A file inside baseDir as a relative URI under SRCROOT; anything else as an absolute URI. */
function fileLocation(file: string, baseDir: string): ArtifactLocation {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(file)) return { uri: file };
  const absolute = path.resolve(baseDir, file);
  const relative = path.relative(baseDir, absolute);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return { uri: pathToFileURL(absolute).href };
  return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' };
}
