/** `cookie-audit explain <cookie-name> [--domain <host>]`: what the known-cookie and tracker databases say. */
import { formatDuration, parseDuration } from '../policy/duration.js';
import type { KnownCookie, Knowledge, TrackerInfo } from '../knowledge/types.js';
import { EXIT, usageError } from './errors.js';
import { loadCliKnowledge, type RawKnowledgeOptions } from './knowledge.js';

export interface RawExplainOptions extends RawKnowledgeOptions {
  domain?: string;
  json?: boolean;
}

/** Database text may come from an imported file: printed on one line, without terminal control characters. */
const clean = (text: string): string => text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');

function lifetimeText(lifetime: string | undefined): string | undefined {
  if (lifetime === undefined) return undefined;
  try {
    return formatDuration(parseDuration(lifetime));
  } catch {
    return lifetime;
  }
}

/** "Google Analytics (Google)", or just "Hotjar" when product and organisation are one name. */
function trackerName(tracker: TrackerInfo): string {
  const vendor = tracker.vendor ?? tracker.organisation;
  return vendor === tracker.organisation ? clean(vendor) : `${clean(vendor)} (${clean(tracker.organisation)})`;
}

export interface Explanation {
  name: string;
  domain?: string;
  cookie?: KnownCookie;
  /** Other entries matching the name, less specific (or restricted to other domains when no domain was given). */
  alsoMatching: KnownCookie[];
  tracker?: TrackerInfo;
  trackerDatabase: { name: string; licence: string };
}

export function explain(name: string, domain: string | undefined, knowledge: Knowledge): Explanation {
  const candidates = knowledge.cookieCandidates(name, domain);
  const tracker = domain === undefined ? undefined : knowledge.tracker(domain);
  return {
    name,
    ...(domain === undefined ? {} : { domain }),
    ...(candidates[0] === undefined ? {} : { cookie: candidates[0] }),
    alsoMatching: candidates.slice(1),
    ...(tracker === undefined ? {} : { tracker }),
    trackerDatabase: knowledge.trackerDatabase,
  };
}

export function explanationText(e: Explanation): string {
  const lines: string[] = [];
  const label = `${clean(e.name)}${e.domain === undefined ? '' : ` on ${clean(e.domain)}`}`;
  if (e.cookie === undefined) {
    lines.push(`${label}: not in the known-cookie databases.`);
  } else {
    const c = e.cookie;
    lines.push(`${label}: ${clean(c.vendor)}, ${c.category}`);
    const lifetime = lifetimeText(c.lifetime);
    if (lifetime !== undefined) lines.push(`  typical lifetime: ${clean(lifetime)}`);
    else if (c.retention !== undefined) lines.push(`  typical lifetime: ${clean(c.retention)} (in the database's words)`);
    if (c.purpose !== undefined) lines.push(`  purpose: ${clean(c.purpose)}`);
    if (c.categoryReason !== undefined) lines.push(`  category: ${clean(c.categoryReason)}`);
    if (c.reference !== undefined) lines.push(`  reference: ${clean(c.reference)}`);
    if (c.ocd !== undefined) lines.push(`  Open Cookie Database: entry ${clean(c.ocd.id)}, "${clean(c.ocd.category)}"`);
    const restricted = c.domains === undefined ? '' : `, only on ${c.domains.map(clean).join(', ')}`;
    lines.push(`  matched: ${c.match} "${clean(c.pattern)}"${restricted} (${clean(c.database)} database)`);
    for (const other of e.alsoMatching) {
      const where = other.domains === undefined ? '' : `, only on ${other.domains.map(clean).join(', ')}`;
      lines.push(`  also matches: ${other.match} "${clean(other.pattern)}"${where}: ${clean(other.vendor)}, ${other.category} (${clean(other.database)} database)`);
    }
  }
  if (e.domain !== undefined) {
    const db = `${e.trackerDatabase.name} tracker database, licence ${e.trackerDatabase.licence}`;
    lines.push(
      e.tracker === undefined
        ? `${clean(e.domain)}: not in the ${db}.`
        : `${clean(e.domain)}: ${trackerName(e.tracker)}, ${e.tracker.category}; entry ${clean(e.tracker.domain)} of the ${db}.`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export async function runExplain(name: string, raw: RawExplainOptions): Promise<number> {
  if (name.trim() === '') throw usageError('explain: give a cookie name (or storage key), e.g. cookie-audit explain _ga');
  const domain = raw.domain?.trim().replace(/^\./, '').toLowerCase();
  if (domain !== undefined && (domain === '' || /[\s/:?#@]/.test(domain))) {
    throw usageError(`--domain "${raw.domain}": give a host name such as www.facebook.com, without scheme or path`);
  }
  const knowledge = await loadCliKnowledge(raw);
  const result = explain(name, domain, knowledge);
  process.stdout.write(raw.json ? `${JSON.stringify(result, null, 2)}\n` : explanationText(result));
  return EXIT.ok;
}
