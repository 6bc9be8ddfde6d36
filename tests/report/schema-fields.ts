/**
 * The TypeScript side of the schema agreement test: for each type in report.json, every property and
 * whether it is optional. The `Fields<T>` annotation makes tsc reject a table that misses a property,
 * names one the type lacks, or gets its optionality wrong — so a change to the types fails
 * `tsc -p tests/report` until this table (and then the schema test) is updated.
 */
import type { FindingItem } from '../../src/audit/types.js';
import type { BannerControl, BannerEvidence, BannerSearch, Box, ConsentClick, ConsentToggle, PolicyLink, ReopenControl } from '../../src/consent/types.js';
import type {
  ConsentModeCommand,
  ConsentModeHit,
  ConsentModeSignals,
  ConsentSignals,
  DecodedTcString,
  PublisherRestriction,
  TcfApiAnswer,
  TcfSignals,
  TcString,
} from '../../src/consent/signals/types.js';
import type {
  ConsentAttempt,
  ConsentScreenshots,
  CookieObservation,
  ItemClassification,
  PageError,
  PageVisit,
  PhaseEvidence,
  PhaseTimings,
  RequestObservation,
  Setter,
  SiteEvidence,
  StorageObservation,
  ImportedEvidence,
  TrafficRecord,
} from '../../src/evidence/types.js';
import type { DeclarationRef, SourceLocation } from '../../src/policy/types.js';
import type {
  AuditReport,
  BaselineComparison,
  CookieDatabaseSource,
  DeclaredEntry,
  ReportFinding,
  ReportSummary,
  SiteReport,
  UnknownCookies,
} from '../../src/report/types.js';

type Presence = 'required' | 'optional';
type OptionalKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? K : never }[keyof T];
type Fields<T> = { [K in keyof T]-?: K extends OptionalKeys<T> ? 'optional' : 'required' };
/** A union's members, each by its `kind`, so every variant's fields are checked. */
type ByKind<T extends { kind: string }> = { [K in T['kind']]: Fields<Extract<T, { kind: K }>> };

export type FieldTable = Record<string, Presence>;

const report: Fields<AuditReport> = {
  schemaVersion: 'required',
  tool: 'required',
  generatedAt: 'required',
  options: 'required',
  sites: 'required',
  findings: 'required',
  baseline: 'optional',
  summary: 'required',
};
const tool: Fields<AuditReport['tool']> = { name: 'required', version: 'required' };
const options: Fields<AuditReport['options']> = {
  phases: 'required',
  includeValues: 'required',
  failOn: 'required',
  trackerDatabase: 'optional',
  cookieDatabases: 'optional',
  shard: 'optional',
  device: 'optional',
  region: 'optional',
  proxy: 'optional',
};
const shard: Fields<NonNullable<AuditReport['options']['shard']>> = { index: 'required', count: 'required' };
const trackerDatabase: Fields<NonNullable<AuditReport['options']['trackerDatabase']>> = { name: 'required', licence: 'required' };
const cookieDatabase: Fields<NonNullable<AuditReport['options']['cookieDatabases']>[number]> = { name: 'required', entries: 'required', source: 'optional' };
const cookieDatabaseSource: Fields<CookieDatabaseSource> = { name: 'required', url: 'required', version: 'optional', retrieved: 'required', licence: 'required' };
const cookieDatabaseVersion: Fields<NonNullable<CookieDatabaseSource['version']>> = { commit: 'optional', etag: 'optional', lastModified: 'optional' };
const unknownCookies: Fields<UnknownCookies> = { count: 'required', names: 'required', hint: 'required' };
const siteReport: Fields<SiteReport> = { evidence: 'required', policyFile: 'required', policySite: 'optional', declared: 'required' };
const siteEvidence: Fields<SiteEvidence> = {
  url: 'required',
  startPages: 'required',
  siteDomain: 'required',
  https: 'required',
  status: 'required',
  phases: 'required',
  retries: 'optional',
  imported: 'optional',
};
const importedEvidence: Fields<ImportedEvidence> = { format: 'required', file: 'required', creator: 'optional', cannotKnow: 'required' };
const trafficRecord: Fields<TrafficRecord> = { file: 'required', entries: 'required', bodies: 'required' };
const phaseEvidence: Fields<PhaseEvidence> = {
  phase: 'required',
  status: 'required',
  skipReason: 'optional',
  pages: 'required',
  cookies: 'required',
  storage: 'required',
  requests: 'required',
  consent: 'optional',
  bannerSearch: 'optional',
  signals: 'optional',
  errors: 'required',
  timings: 'optional',
  traffic: 'optional',
};
const phaseTimings: Fields<PhaseTimings> = {
  context: 'optional',
  load: 'optional',
  quiet: 'optional',
  look: 'optional',
  consent: 'optional',
  screenshots: 'optional',
  reload: 'optional',
  capture: 'optional',
  signals: 'optional',
  links: 'optional',
  sitemaps: 'optional',
  tabs: 'optional',
  settle: 'optional',
  close: 'optional',
  traffic: 'optional',
  total: 'required',
};
const requestObservation: Fields<RequestObservation> = {
  url: 'required',
  method: 'required',
  resourceType: 'required',
  frameUrl: 'required',
  party: 'required',
  firstSeenPage: 'required',
  count: 'required',
  tracker: 'optional',
  consentMode: 'optional',
};
const requestConsentMode: Fields<NonNullable<RequestObservation['consentMode']>> = { gcs: 'optional', gcd: 'optional', state: 'required' };
const consentSignals: Fields<ConsentSignals> = { page: 'required', tcf: 'required', consentMode: 'required' };
const tcfSignals: Fields<TcfSignals> = { api: 'required', strings: 'required' };
const tcfApiAnswer: Fields<TcfApiAnswer> = {
  via: 'required',
  cmpId: 'required',
  cmpVersion: 'required',
  tcfPolicyVersion: 'required',
  gdprApplies: 'required',
  cmpStatus: 'required',
  eventStatus: 'required',
};
const tcString: Fields<TcString> = { value: 'required', foundIn: 'required', decoded: 'optional', error: 'optional' };
const decodedTcString: Fields<DecodedTcString> = {
  version: 'required',
  cmpId: 'required',
  cmpVersion: 'required',
  policyVersion: 'required',
  isServiceSpecific: 'required',
  created: 'required',
  lastUpdated: 'required',
  vendorListVersion: 'required',
  consentLanguage: 'required',
  publisherCountryCode: 'required',
  purposeConsents: 'required',
  purposeLegitimateInterests: 'required',
  specialFeatureOptins: 'required',
  vendorConsents: 'required',
  vendorLegitimateInterests: 'required',
  publisherConsents: 'required',
  publisherLegitimateInterests: 'required',
  publisherRestrictions: 'required',
};
const publisherRestriction: Fields<PublisherRestriction> = { purpose: 'required', restriction: 'required', vendors: 'required' };
const consentModeSignals: Fields<ConsentModeSignals> = { commands: 'required', hits: 'required' };
const consentModeCommand: Fields<ConsentModeCommand> = { command: 'required', state: 'required', region: 'optional' };
const consentModeHit: Fields<ConsentModeHit> = { url: 'required', gcs: 'optional', gcd: 'optional', state: 'required' };
const requestTracker: Fields<NonNullable<RequestObservation['tracker']>> = { organisation: 'required', category: 'required', source: 'required' };
const cookie: Fields<CookieObservation> = {
  name: 'required',
  domain: 'required',
  path: 'required',
  expires: 'required',
  lifetimeSeconds: 'required',
  requestedLifetimeSeconds: 'optional',
  httpOnly: 'required',
  secure: 'required',
  sameSite: 'required',
  party: 'required',
  size: 'required',
  valueHash: 'required',
  value: 'optional',
  firstSeenPage: 'required',
  setBy: 'optional',
  classification: 'optional',
  unknown: 'optional',
};
const storageEntry: Fields<StorageObservation> = {
  type: 'required',
  key: 'required',
  origin: 'required',
  party: 'required',
  firstSeenPage: 'required',
  frameUrl: 'required',
  size: 'required',
  valueHash: 'optional',
  value: 'optional',
  setBy: 'optional',
  classification: 'optional',
};
const classification: Fields<ItemClassification> = { category: 'required', source: 'required', vendor: 'optional' };
const setter: Fields<Setter> = { kind: 'required', url: 'required' };
const pageError: Fields<PageError> = { url: 'required', phase: 'required', kind: 'required', message: 'required' };
const pageVisit: Fields<PageVisit> = { url: 'required', finalUrl: 'optional', status: 'optional', ok: 'required' };
const consentAttempt: Fields<ConsentAttempt> = {
  action: 'required',
  method: 'required',
  selector: 'optional',
  platform: 'optional',
  succeeded: 'required',
  tried: 'optional',
  bannerShownAfterConsent: 'optional',
  selfTest: 'optional',
  screenshots: 'optional',
  bannerSeen: 'optional',
  banner: 'optional',
  clicks: 'optional',
  refusal: 'optional',
  reopen: 'optional',
  note: 'required',
};
const box: Fields<Box> = { x: 'required', y: 'required', width: 'required', height: 'required' };
const bannerControl: Fields<BannerControl> = {
  role: 'required',
  text: 'required',
  element: 'required',
  selector: 'required',
  box: 'required',
  fontSizePx: 'required',
  fontWeight: 'required',
  color: 'required',
  background: 'required',
  contrast: 'required',
};
const consentToggle: Fields<ConsentToggle> = { label: 'required', checked: 'required', disabled: 'required', category: 'optional', selector: 'required' };
const policyLink: Fields<PolicyLink> = { text: 'required', href: 'required' };
const banner: Fields<BannerEvidence> = {
  foundBy: 'required',
  frameUrl: 'optional',
  inShadowRoot: 'required',
  closedShadowRoot: 'optional',
  appearedAfter: 'optional',
  selector: 'required',
  signals: 'required',
  text: 'required',
  box: 'required',
  controls: 'required',
  policyLinks: 'required',
  toggles: 'optional',
};
const consentClick: Fields<ConsentClick> = { role: 'required', text: 'required', selector: 'required', layer: 'required' };
const bannerSearch: Fields<BannerSearch> = { seen: 'required', platform: 'required', banner: 'optional', ms: 'required' };
const reopenControl: Fields<ReopenControl> = { text: 'required', selector: 'required' };
const consentScreenshots: Fields<ConsentScreenshots> = { before: 'optional', after: 'optional', outlined: 'optional' };
const sourceLocation: Fields<SourceLocation> = { file: 'required', line: 'required' };
const declarationRef: ByKind<DeclarationRef> = {
  cookie: { kind: 'required', index: 'required', name: 'required', category: 'required', location: 'optional' },
  storage: { kind: 'required', index: 'required', key: 'required', category: 'required', location: 'optional' },
  thirdParty: { kind: 'required', index: 'required', name: 'required', category: 'required', location: 'optional' },
};
const declaredEntry: ByKind<DeclaredEntry> = {
  cookie: { ...declarationRef.cookie, observed: 'required' },
  storage: { ...declarationRef.storage, observed: 'required' },
  thirdParty: { ...declarationRef.thirdParty, observed: 'required' },
};
const finding: Fields<ReportFinding> = {
  ruleId: 'required',
  severity: 'required',
  site: 'required',
  phase: 'optional',
  page: 'optional',
  item: 'required',
  message: 'required',
  declaration: 'optional',
  evidence: 'optional',
  baseline: 'optional',
};
const baselineComparison: Fields<BaselineComparison> = { file: 'required', fixed: 'required' };
const summaryBaseline: Fields<NonNullable<ReportSummary['baseline']>> = { new: 'required', known: 'required', fixed: 'required' };
const findingItem: Fields<FindingItem> = { type: 'required', name: 'required', domain: 'optional', storageType: 'optional' };
const summary: Fields<ReportSummary> = {
  sites: 'required',
  unreachableSites: 'required',
  findings: 'required',
  bySeverity: 'required',
  byPhase: 'required',
  failOn: 'required',
  baseline: 'optional',
  incomplete: 'required',
  partial: 'required',
  exitCode: 'required',
  unknownCookies: 'optional',
};
const bySeverity: Fields<ReportSummary['bySeverity']> = { error: 'required', warning: 'required', info: 'required' };
const byPhase: Fields<ReportSummary['byPhase']> = {
  pre: 'optional',
  reject: 'optional',
  accept: 'optional',
  gpc: 'optional',
  none: 'optional',
};

/** JSON pointer of the schema object (inside rules/report.schema.json) → the fields its type has. */
export const SCHEMA_FIELDS: Record<string, FieldTable> = {
  '': report,
  '/properties/tool': tool,
  '/properties/options': options,
  '/properties/options/properties/trackerDatabase': trackerDatabase,
  '/properties/options/properties/cookieDatabases/items': cookieDatabase,
  '/properties/options/properties/shard': shard,
  '/definitions/siteReport': siteReport,
  '/definitions/siteEvidence': siteEvidence,
  '/definitions/phaseEvidence': phaseEvidence,
  '/definitions/trafficRecord': trafficRecord,
  '/definitions/importedEvidence': importedEvidence,
  '/definitions/cookie': cookie,
  '/definitions/storageEntry': storageEntry,
  '/definitions/requestObservation': requestObservation,
  '/definitions/requestObservation/properties/tracker': requestTracker,
  '/definitions/setter': setter,
  '/definitions/classification': classification,
  '/definitions/pageError': pageError,
  '/definitions/pageVisit': pageVisit,
  '/definitions/consentAttempt': consentAttempt,
  '/definitions/consentAttempt/properties/screenshots': consentScreenshots,
  '/definitions/box': box,
  '/definitions/bannerControl': bannerControl,
  '/definitions/consentToggle': consentToggle,
  '/definitions/policyLink': policyLink,
  '/definitions/banner': banner,
  '/definitions/consentClick': consentClick,
  '/definitions/reopenControl': reopenControl,
  '/definitions/bannerSearch': bannerSearch,
  '/definitions/sourceLocation': sourceLocation,
  '/definitions/declarationRef/oneOf/0': declarationRef.cookie,
  '/definitions/declarationRef/oneOf/1': declarationRef.storage,
  '/definitions/declarationRef/oneOf/2': declarationRef.thirdParty,
  '/definitions/declaredEntry/oneOf/0': declaredEntry.cookie,
  '/definitions/declaredEntry/oneOf/1': declaredEntry.storage,
  '/definitions/declaredEntry/oneOf/2': declaredEntry.thirdParty,
  '/definitions/finding': finding,
  '/definitions/baselineComparison': baselineComparison,
  '/definitions/summary/properties/baseline': summaryBaseline,
  '/definitions/findingItem': findingItem,
  '/definitions/summary': summary,
  '/definitions/summary/properties/bySeverity': bySeverity,
  '/definitions/summary/properties/byPhase': byPhase,
  '/definitions/requestObservation/properties/consentMode': requestConsentMode,
  '/definitions/consentSignals': consentSignals,
  '/definitions/tcfSignals': tcfSignals,
  '/definitions/tcfApiAnswer': tcfApiAnswer,
  '/definitions/tcString': tcString,
  '/definitions/decodedTcString': decodedTcString,
  '/definitions/publisherRestriction': publisherRestriction,
  '/definitions/consentModeSignals': consentModeSignals,
  '/definitions/consentModeCommand': consentModeCommand,
  '/definitions/consentModeHit': consentModeHit,
  '/properties/options/properties/cookieDatabases/items/properties/source': cookieDatabaseSource,
  '/properties/options/properties/cookieDatabases/items/properties/source/properties/version': cookieDatabaseVersion,
  '/definitions/summary/properties/unknownCookies': unknownCookies,
  '/definitions/phaseTimings': phaseTimings,
};
