/**
 * What the HTML report shows, computed in Node from the report: plain JSON the page renders as is.
 * Keeping the decisions here (categories, labels, lifetimes, counts) leaves the page script a dumb
 * renderer and lets unit tests check the content without a browser.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { RULES } from '../../audit/registry.js';
import type { Finding, Severity } from '../../audit/types.js';
import { formatCssColor, parseCssColor } from '../../consent/contrast.js';
import type { BannerControl, ConsentClick } from '../../consent/types.js';
import { PHASES } from '../../evidence/types.js';
import type { ConsentAttempt, CookieObservation, PageError, PhaseEvidence, StorageObservation } from '../../evidence/types.js';
import { matchesGlob } from '../../policy/glob.js';
import { declarationLabel, declarationName, itemLabel, lifetimeText, verdict } from '../labels.js';
import { compareFindings } from '../order.js';
import type { AuditReport, ReportFinding, SiteReport } from '../types.js';
import { htmlSignals, type HtmlSignals } from './signals.js';

export interface HtmlFinding {
  /** Element id of its row in the findings table ('' for fixed findings, which have no row to link to). */
  id: string;
  severity: Severity;
  ruleId: string;
  ruleTitle: string;
  site: string;
  phase: string;
  item: string;
  message: string;
  page: string;
  declaration: string;
  /** Rule-specific facts as [name, value] text pairs. */
  evidence: [string, string][];
  /** '' without a baseline. */
  baseline: '' | 'new' | 'known';
}

export interface HtmlCookie {
  name: string;
  /** Only with --include-values. */
  value: string;
  provider: string;
  category: string;
  categorySource: string;
  domain: string;
  path: string;
  party: string;
  lifetime: string;
  /** For sorting: stored lifetime in seconds, -1 for a session cookie. */
  lifetimeSeconds: number;
  requested: string;
  flags: string;
  setBy: string;
  firstPage: string;
  findings: number;
}

export interface HtmlStorage {
  type: string;
  key: string;
  value: string;
  origin: string;
  party: string;
  category: string;
  categorySource: string;
  size: number;
  setBy: string;
  frame: string;
  firstPage: string;
  findings: number;
}

export interface HtmlScreenshot {
  label: string;
  /** data: URI of the image, or '' when the file could not be read (then `file` says which). */
  src: string;
  file: string;
}

export interface HtmlPhase {
  phase: string;
  status: string;
  skipReason: string;
  pages: { url: string; status: string; ok: boolean }[];
  consent: { action: string; how: string; succeeded: boolean; note: string; screenshots: HtmlScreenshot[] } | null;
  /** The consent signals read on the start page, in words; null when none were read. */
  signals: HtmlSignals | null;
  errors: { kind: string; url: string; message: string }[];
  cookies: HtmlCookie[];
  storage: HtmlStorage[];
  counts: Record<Severity, number>;
  /** --evidence: the phase's HAR file beside the report; null when none was written. */
  traffic: { file: string; entries: number; bodies: boolean } | null;
}

/** A finding as a mark that links to its row in the findings table. */
export interface HtmlFindingLink {
  id: string;
  severity: string;
  ruleId: string;
  message: string;
}

/** The categories cells are coloured by; anything else shows as unknown. */
export const MATRIX_CATEGORIES = ['necessary', 'functional', 'analytics', 'marketing', 'unknown'] as const;
export type MatrixCategory = (typeof MATRIX_CATEGORIES)[number];

export interface HtmlMatrixCell {
  /** The category as shown (the classification's, a finding's or a declaration's; '—' unknown). */
  category: string;
  /** One of MATRIX_CATEGORIES: what the page colours the cell by. */
  tone: MatrixCategory;
  findings: HtmlFindingLink[];
}

/** One cookie or storage entry across the phases. */
export interface HtmlMatrixRow {
  /** 'cookie', 'localStorage', 'sessionStorage' or 'indexedDB'. */
  kind: string;
  name: string;
  /** Cookie domain (and path when not /), or storage origin. */
  where: string;
  /** One per HtmlMatrix.phases entry; null where the phase did not see it. */
  cells: (HtmlMatrixCell | null)[];
}

export interface HtmlMatrix {
  phases: { phase: string; status: string }[];
  rows: HtmlMatrixRow[];
}

/** A first-layer control with its measurements, as text; colours also as a safe swatch value. */
export interface HtmlControl {
  role: string;
  text: string;
  element: string;
  size: string;
  font: string;
  color: string;
  /** `rgb(…)`/`rgba(…)` rebuilt from the parsed colour, '' when it could not be read: the only colour the page paints. */
  colorSwatch: string;
  background: string;
  backgroundSwatch: string;
  contrast: string;
}

export interface HtmlClick {
  role: string;
  text: string;
  layer: string;
}

/** How an answer was given: the clicks, or why there are none to show. */
export interface HtmlAnswer {
  clicks: HtmlClick[];
  /** '' when clicks are shown; else why not ('not run', 'no refusal offered', 'clicks not recorded (autoconsent)'). */
  none: string;
}

export interface HtmlBanner {
  /** The phase whose view of the banner is shown (reject first). */
  phase: string;
  foundBy: string;
  /** "page", "frame https://…", plus "open shadow root". */
  where: string;
  signals: string;
  text: string;
  controls: HtmlControl[];
  accept: HtmlAnswer;
  reject: HtmlAnswer;
  /** null when the settings layer was never opened. */
  toggles: { label: string; category: string; state: string; finding: HtmlFindingLink | null }[] | null;
  policyLinks: { text: string; href: string }[];
  /** After consent: what reopens the choices; '' when nobody looked. */
  reopen: string;
  /** Phases whose consent screenshots belong here (the page shows theirs). */
  screenshotPhases: string[];
  /** Findings about the consent banner (item type consent) of this site. */
  findings: HtmlFindingLink[];
}

export interface HtmlSite {
  url: string;
  /** Every cookie and storage entry against the phases. */
  matrix: HtmlMatrix;
  /** The consent banner the reject or accept phase recorded; null when none was. */
  banner: HtmlBanner | null;
  status: string;
  policy: string;
  policySite: string;
  phases: HtmlPhase[];
  notObserved: { kind: string; name: string; category: string; where: string }[];
  declaredCount: number;
  counts: Record<Severity, number>;
  /** `import`: the record the evidence was read from, and what it cannot hold; null for a scan. */
  imported: { format: string; file: string; creator: string; cannotKnow: string[] } | null;
}

export interface HtmlModel {
  title: string;
  verdict: string;
  /** Why the audit is incomplete, one line each (empty when complete). */
  incomplete: string[];
  exitCode: number;
  toolVersion: string;
  generatedAt: string;
  phases: string[];
  failOn: string;
  includeValues: boolean;
  bySeverity: Record<Severity, number>;
  byPhase: [string, number][];
  baseline: { file: string; new: number; known: number; fixed: number } | null;
  sites: HtmlSite[];
  findings: HtmlFinding[];
  fixed: HtmlFinding[];
}

/** Screenshots larger than this are linked by name instead of embedded, to keep the report openable. */
const MAX_EMBEDDED_IMAGE_BYTES = 8 * 1024 * 1024;
const IMAGE_TYPES: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.webp': 'image/webp' };

export function buildHtmlModel(report: AuditReport, outDir: string | undefined): HtmlModel {
  const titles = new Map(RULES.map((rule) => [rule.meta.id, rule.meta.title]));
  const findings = [...report.findings].sort(compareFindings);
  const ids = new Map(findings.map((finding, index) => [finding, `finding-${index + 1}`]));
  const toHtml = (finding: ReportFinding): HtmlFinding => htmlFinding(finding, titles, ids.get(finding) ?? '');
  const siteNames = report.sites.map((s) => s.policySite).filter((name): name is string => name !== undefined);
  return {
    title: `cookie-audit report${siteNames.length === 1 ? ` — ${siteNames[0]}` : report.sites.length === 1 ? ` — ${report.sites[0]?.evidence.url}` : ''}`,
    verdict: verdict(report.summary),
    incomplete: incompleteReasons(report),
    exitCode: report.summary.exitCode,
    toolVersion: report.tool.version,
    generatedAt: report.generatedAt,
    phases: [...report.options.phases],
    failOn: report.summary.failOn,
    includeValues: report.options.includeValues,
    bySeverity: { ...report.summary.bySeverity },
    byPhase: Object.entries(report.summary.byPhase).map(([phase, count]) => [phase === 'none' ? 'manifest' : phase, count ?? 0]),
    baseline: report.baseline && report.summary.baseline ? { file: report.baseline.file, ...report.summary.baseline } : null,
    sites: report.sites.map((site) => htmlSite(site, findings.filter((f) => f.site === site.evidence.url), outDir, ids)),
    findings: findings.map(toHtml),
    fixed: (report.baseline?.fixed ?? []).map(toHtml),
  };
}

/** Read loosely: reports written before the summary listed its reasons have none. */
function incompleteReasons(report: AuditReport): string[] {
  const reasons = (report.summary as { incomplete?: unknown }).incomplete;
  return Array.isArray(reasons) ? reasons.filter((r): r is string => typeof r === 'string') : [];
}

function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) if (Object.hasOwn(counts, finding.severity)) counts[finding.severity] += 1;
  return counts;
}

function htmlFinding(finding: ReportFinding, titles: Map<string, string>, id: string): HtmlFinding {
  return {
    id,
    severity: finding.severity,
    ruleId: finding.ruleId,
    ruleTitle: titles.get(finding.ruleId) ?? '',
    site: finding.site,
    phase: finding.phase ?? 'manifest',
    item: itemLabel(finding.item),
    message: finding.message,
    page: finding.page ?? '',
    declaration: finding.declaration ? `${declarationName(finding.declaration)} — ${declarationLabel(finding.declaration)}` : '',
    evidence: Object.entries(finding.evidence ?? {}).map(([key, value]) => [key, value === null ? '—' : String(value)]),
    baseline: finding.baseline ?? '',
  };
}

function htmlSite(site: SiteReport, findings: ReportFinding[], outDir: string | undefined, ids: Map<ReportFinding, string>): HtmlSite {
  const phases = site.evidence.phases.map((phase) => htmlPhase(phase, site, findings, outDir));
  const link = (finding: ReportFinding): HtmlFindingLink => ({ id: ids.get(finding) ?? '', severity: finding.severity, ruleId: finding.ruleId, message: finding.message });
  return {
    url: site.evidence.url,
    matrix: htmlMatrix(site, phases, findings, link),
    banner: htmlBanner(site, findings, link),
    status: site.evidence.status,
    policy: site.policyFile ?? '',
    policySite: site.policySite ?? '',
    phases,
    notObserved: site.declared
      .filter((entry) => !entry.observed)
      .map((entry) => ({
        kind: entry.kind === 'thirdParty' ? 'third party' : entry.kind,
        name: declarationName(entry),
        category: entry.category,
        where: entry.location ? `${entry.location.file}:${entry.location.line}` : `#${entry.index}`,
      })),
    declaredCount: site.declared.length,
    counts: countBySeverity(findings),
    imported: site.evidence.imported
      ? { format: site.evidence.imported.format === 'wec' ? 'Website Evidence Collector output' : 'HAR', file: site.evidence.imported.file, creator: site.evidence.imported.creator ?? '', cannotKnow: [...site.evidence.imported.cannotKnow] }
      : null,
  };
}

function htmlPhase(phase: PhaseEvidence, site: SiteReport, findings: ReportFinding[], outDir: string | undefined): HtmlPhase {
  const own = findings.filter((f) => f.phase === phase.phase);
  return {
    phase: phase.phase,
    status: phase.status,
    skipReason: phase.skipReason ?? '',
    pages: phase.pages.map((p) => ({ url: p.url, status: p.status === undefined ? '' : String(p.status), ok: p.ok })),
    consent: phase.consent ? htmlConsent(phase.consent, outDir) : null,
    signals: phase.signals ? htmlSignals(phase.signals) : null,
    errors: phase.errors.map((e: PageError) => ({ kind: e.kind, url: e.url, message: e.message })),
    cookies: phase.cookies.map((cookie) => htmlCookie(cookie, site, own)),
    storage: phase.storage.map((entry) => htmlStorage(entry, site, own)),
    counts: countBySeverity(own),
    traffic: phase.traffic ? { ...phase.traffic } : null,
  };
}

/** The knowledge stage's classification, when the evidence has one (read loosely: it is optional data). */
interface Classification {
  category?: string | null;
  source?: string;
  vendor?: string;
}
function classificationOf(item: CookieObservation | StorageObservation): Classification | undefined {
  const value = (item as { classification?: unknown }).classification;
  return typeof value === 'object' && value !== null ? (value as Classification) : undefined;
}

/**
 * Category and where it came from: the evidence's classification; else what a finding about the item
 * said (its evidence or matched declaration); else a declared entry with that name; else unknown.
 */
function categoryOf(
  classification: Classification | undefined,
  about: ReportFinding[],
  declaredMatch: { category: string } | undefined,
): { category: string; source: string } {
  if (classification && typeof classification.category === 'string') {
    return { category: classification.category, source: classification.source ?? 'unknown' };
  }
  for (const finding of about) {
    const category = finding.evidence?.['category'];
    if (typeof category === 'string') {
      const source = finding.evidence?.['categorySource'];
      return { category, source: typeof source === 'string' ? source : finding.declaration ? 'manifest' : 'unknown' };
    }
    if (finding.declaration) return { category: finding.declaration.category, source: 'manifest' };
  }
  if (declaredMatch) return { category: declaredMatch.category, source: 'manifest' };
  return { category: '—', source: 'unknown' };
}

function isAboutCookie(f: ReportFinding, cookie: CookieObservation): boolean {
  return f.item.type === 'cookie' && f.item.name === cookie.name && (f.item.domain === undefined || f.item.domain === cookie.domain);
}

function isAboutStorage(f: ReportFinding, entry: StorageObservation): boolean {
  return (
    f.item.type === 'storage' &&
    f.item.name === entry.key &&
    (f.item.domain === undefined || f.item.domain === entry.origin) &&
    (f.item.storageType === undefined || f.item.storageType === entry.type)
  );
}

function htmlCookie(cookie: CookieObservation, site: SiteReport, phaseFindings: ReportFinding[]): HtmlCookie {
  const about = phaseFindings.filter((f) => isAboutCookie(f, cookie));
  const declared = site.declared.find((entry) => entry.kind === 'cookie' && matchesGlob(entry.name, cookie.name));
  const classification = classificationOf(cookie);
  const { category, source } = categoryOf(classification, about, declared);
  // An imported record that never showed these: say so rather than print the placeholders.
  const unknown = new Set(cookie.unknown ?? []);
  const flags = unknown.has('flags') ? 'not in the record' : [cookie.secure ? 'Secure' : '', cookie.httpOnly ? 'HttpOnly' : '', `SameSite=${cookie.sameSite}`].filter(Boolean).join(' ');
  return {
    name: cookie.name,
    value: cookie.value ?? '',
    provider: classification?.vendor ?? providerFromSetter(cookie.setBy?.url, site.evidence.url),
    category,
    categorySource: source,
    domain: cookie.domain,
    path: cookie.path,
    party: cookie.party,
    lifetime: unknown.has('lifetime') ? 'not in the record' : lifetimeText(cookie.lifetimeSeconds),
    lifetimeSeconds: cookie.lifetimeSeconds ?? -1,
    requested: cookie.requestedLifetimeSeconds === undefined ? '' : lifetimeText(cookie.requestedLifetimeSeconds),
    flags,
    setBy: cookie.setBy ? `${cookie.setBy.kind} ${cookie.setBy.url}` : '',
    firstPage: cookie.firstSeenPage,
    findings: about.length,
  };
}

function htmlStorage(entry: StorageObservation, site: SiteReport, phaseFindings: ReportFinding[]): HtmlStorage {
  const about = phaseFindings.filter((f) => isAboutStorage(f, entry));
  const declared = site.declared.find((d) => d.kind === 'storage' && matchesGlob(d.key, entry.key));
  const { category, source } = categoryOf(classificationOf(entry), about, declared);
  return {
    type: entry.type,
    key: entry.key,
    value: entry.value ?? '',
    origin: entry.origin,
    party: entry.party,
    category,
    categorySource: source,
    size: entry.size,
    setBy: entry.setBy ? `${entry.setBy.kind} ${entry.setBy.url}` : '',
    frame: entry.frameUrl,
    firstPage: entry.firstSeenPage,
    findings: about.length,
  };
}

/** Without a database: the host of whoever set it when that is not the site itself, else "first party". */
function providerFromSetter(setter: string | undefined, siteUrl: string): string {
  if (setter === undefined) return '';
  try {
    const host = new URL(setter).host;
    return host === new URL(siteUrl).host ? 'first party' : host;
  } catch {
    return '';
  }
}

function htmlConsent(consent: ConsentAttempt, outDir: string | undefined): NonNullable<HtmlPhase['consent']> {
  const how = consent.method === 'selector' && consent.selector !== undefined ? `selector ${consent.selector}` : consent.method;
  return {
    action: consent.action,
    how,
    succeeded: consent.succeeded,
    note: consent.note,
    // Only the screenshot record: the banner evidence beside it holds site text that may end in ".png".
    // The banner with its controls outlined comes first: it is the picture the measurements beside it describe.
    screenshots: screenshotFiles(consent.screenshots)
      .map(({ label, file }) => (label === 'outlined' ? { label: 'controls outlined', file, first: 0 } : { label, file, first: 1 }))
      .sort((a, b) => a.first - b.first)
      .map(({ label, file }) => embedImage(label, file, outDir)),
  };
}

/** Consent fields holding words or selectors, never file names. */
const NOT_FILES = new Set(['action', 'method', 'selector', 'note', 'succeeded']);

/**
 * Image file names anywhere in the consent record (the crawl stores them as names relative to the
 * report folder). Looked for by extension rather than by field name, so the report keeps working as
 * the evidence gains screenshot fields ({ before, after }, a list, …).
 */
export function screenshotFiles(value: unknown, label = ''): { label: string; file: string }[] {
  if (typeof value === 'string') {
    return Object.hasOwn(IMAGE_TYPES, path.extname(value).toLowerCase()) ? [{ label: label || 'screenshot', file: value }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => screenshotFiles(v, label ? `${label} ${i + 1}` : `screenshot ${i + 1}`));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value)
      .filter(([key]) => !NOT_FILES.has(key))
      .flatMap(([key, v]) => screenshotFiles(v, /^screenshots?$/i.test(key) ? label : label ? `${label} ${key}` : key));
  }
  return [];
}

/** The image as a data: URI when it is a file inside the report folder; else only its name. */
function embedImage(label: string, file: string, outDir: string | undefined): HtmlScreenshot {
  const none = { label, src: '', file };
  if (outDir === undefined) return none;
  const root = path.resolve(outDir);
  const absolute = path.resolve(root, file);
  // The report folder only: a report.json from elsewhere must not make us inline arbitrary files.
  if (absolute !== root && !absolute.startsWith(root + path.sep)) return none;
  try {
    if (statSync(absolute).size > MAX_EMBEDDED_IMAGE_BYTES) return none;
    const type = IMAGE_TYPES[path.extname(absolute).toLowerCase()] ?? 'application/octet-stream';
    return { label, src: `data:${type};base64,${readFileSync(absolute).toString('base64')}`, file };
  } catch {
    return none;
  }
}

function tone(category: string): MatrixCategory {
  return (MATRIX_CATEGORIES as readonly string[]).includes(category) ? (category as MatrixCategory) : 'unknown';
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Every cookie and storage entry of the site against the phases it ran, each cell with the category the
 * phase's table shows and the findings about that item in that phase. Rows: cookies, then storage, by name.
 */
function htmlMatrix(
  site: SiteReport,
  phases: HtmlPhase[],
  findings: ReportFinding[],
  link: (finding: ReportFinding) => HtmlFindingLink,
): HtmlMatrix {
  const evidence = PHASES.flatMap((name) => site.evidence.phases.filter((p) => p.phase === name));
  const shown = evidence.map((p) => phases[site.evidence.phases.indexOf(p)]!);
  const rows = new Map<string, HtmlMatrixRow>();
  const sortKeys = new Map<string, string[]>();
  const row = (key: string[], make: () => Omit<HtmlMatrixRow, 'cells'>): HtmlMatrixRow => {
    const id = JSON.stringify(key);
    let existing = rows.get(id);
    if (existing === undefined) {
      existing = { ...make(), cells: evidence.map(() => null) };
      rows.set(id, existing);
      sortKeys.set(id, key);
    }
    return existing;
  };
  evidence.forEach((phase, column) => {
    const own = findings.filter((f) => f.phase === phase.phase);
    phase.cookies.forEach((cookie, i) => {
      const target = row(['0', cookie.name, cookie.domain, cookie.path], () => ({
        kind: 'cookie',
        name: cookie.name,
        where: cookie.path === '/' ? cookie.domain : `${cookie.domain}${cookie.path}`,
      }));
      const category = shown[column]?.cookies[i]?.category ?? '—';
      target.cells[column] ??= { category, tone: tone(category), findings: own.filter((f) => isAboutCookie(f, cookie)).map(link) };
    });
    phase.storage.forEach((entry, i) => {
      const target = row(['1', entry.type, entry.key, entry.origin], () => ({ kind: entry.type, name: entry.key, where: entry.origin }));
      const category = shown[column]?.storage[i]?.category ?? '—';
      target.cells[column] ??= { category, tone: tone(category), findings: own.filter((f) => isAboutStorage(f, entry)).map(link) };
    });
  });
  const ordered = [...rows.entries()].sort(([a], [b]) => {
    const [x, y] = [sortKeys.get(a)!, sortKeys.get(b)!];
    for (let i = 0; i < x.length; i++) {
      const order = byCodeUnit(x[i]!, y[i]!);
      if (order !== 0) return order;
    }
    return 0;
  });
  return { phases: evidence.map((p) => ({ phase: p.phase, status: p.status })), rows: ordered.map(([, r]) => r) };
}

function htmlControl(control: BannerControl): HtmlControl {
  const swatch = (text: string): string => {
    const parsed = parseCssColor(text);
    return parsed === null ? '' : formatCssColor(parsed);
  };
  return {
    role: control.role,
    text: control.text,
    element: control.element,
    size: `${Math.round(control.box.width)} × ${Math.round(control.box.height)} px`,
    font: `${control.fontSizePx} px, weight ${control.fontWeight}`,
    color: control.color,
    colorSwatch: swatch(control.color),
    background: control.background,
    backgroundSwatch: swatch(control.background),
    contrast: `${control.contrast}:1`,
  };
}

function htmlAnswer(consent: ConsentAttempt | undefined): HtmlAnswer {
  if (consent === undefined) return { clicks: [], none: 'not run' };
  if (consent.refusal === 'impossible') return { clicks: [], none: 'no refusal offered: the banner has no control that refuses' };
  if (consent.clicks === undefined || consent.clicks.length === 0) {
    return { clicks: [], none: consent.method === 'none' ? 'not given: no banner could be operated' : `clicks not recorded (${consent.method})` };
  }
  return { clicks: consent.clicks.map((c: ConsentClick) => ({ role: c.role, text: c.text, layer: c.layer })), none: '' };
}

/** The banner as the reject phase saw it (else the accept phase), with what each answer took. */
function htmlBanner(site: SiteReport, findings: ReportFinding[], link: (finding: ReportFinding) => HtmlFindingLink): HtmlBanner | null {
  const completed = (name: 'reject' | 'accept') => site.evidence.phases.find((p) => p.phase === name && p.status === 'completed');
  const reject = completed('reject');
  const accept = completed('accept');
  const seen = [reject, accept].find((p) => p?.consent?.banner !== undefined);
  const banner = seen?.consent?.banner;
  if (seen === undefined || banner === undefined) return null;
  const consentFindings = findings.filter((f) => f.item.type === 'consent');
  const reopen = accept?.consent?.reopen;
  return {
    phase: seen.phase,
    foundBy: banner.foundBy,
    where: [banner.frameUrl === undefined ? 'page' : `frame ${banner.frameUrl}`, banner.inShadowRoot ? (banner.closedShadowRoot ? 'closed shadow root' : 'open shadow root') : '', banner.appearedAfter ? `appeared after ${banner.appearedAfter}` : ''].filter(Boolean).join(', '),
    signals: banner.signals.join('; '),
    text: banner.text,
    controls: banner.controls.map(htmlControl),
    accept: htmlAnswer(accept?.consent),
    reject: htmlAnswer(reject?.consent),
    toggles:
      banner.toggles?.map((t) => {
        const preticked = consentFindings.find((f) => f.ruleId === 'preticked-consent' && f.evidence?.['label'] === t.label);
        return {
          label: t.label,
          category: t.category ?? '—',
          state: `${t.checked ? 'on' : 'off'}${t.disabled ? ' (locked)' : ''}`,
          finding: preticked === undefined ? null : link(preticked),
        };
      }) ?? null,
    policyLinks: banner.policyLinks.map((l) => ({ text: l.text, href: l.href })),
    reopen: reopen === undefined ? '' : reopen === null ? 'nothing found that reopens the choices' : `"${reopen.text}" (${reopen.selector})`,
    screenshotPhases: [reject, accept].filter((p) => p?.consent?.screenshots !== undefined).map((p) => p!.phase),
    findings: consentFindings.map(link),
  };
}
