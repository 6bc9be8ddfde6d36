/**
 * What the consent signals of a phase say, for the TCF and Consent Mode rules: which TC strings give
 * consent, which Consent Mode commands and Google hits say granted for a type whose category needs consent.
 */
import type { ConsentModeCommand, TcString } from '../consent/signals/types.js';
import { purposeName, signalVocabulary, specialFeatureName } from '../consent/signals/vocabulary.js';
import type { PhaseEvidence } from '../evidence/types.js';
import type { Category } from '../policy/types.js';

/** Enough ids for a person to recognise the problem; the full lists are in the phase evidence. */
const LISTED = 10;

export function listed(items: string[]): string {
  return items.length <= LISTED ? items.join(', ') : `${items.slice(0, LISTED).join(', ')} and ${items.length - LISTED} more`;
}

export interface ConsentGiven {
  string: TcString;
  purposes: number[];
  specialFeatures: number[];
  vendors: number[];
}

/** The decoded strings of a phase that give consent to any purpose (the vendors' or the publisher's), special feature or vendor. */
export function stringsGivingConsent(phase: PhaseEvidence): ConsentGiven[] {
  const result: ConsentGiven[] = [];
  for (const string of phase.signals?.tcf.strings ?? []) {
    const d = string.decoded;
    if (!d) continue;
    const purposes = [...new Set([...d.purposeConsents, ...d.publisherConsents])].sort((a, b) => a - b);
    if (purposes.length + d.specialFeatureOptins.length + d.vendorConsents.length === 0) continue;
    result.push({ string, purposes, specialFeatures: d.specialFeatureOptins, vendors: d.vendorConsents });
  }
  return result;
}

/** "consent to purposes 1 Store …, 3 …; special features 1 …; 12 vendors (1, 2, …)". */
export function describeConsent(given: ConsentGiven): string {
  const parts: string[] = [];
  if (given.purposes.length > 0) parts.push(`purposes ${given.purposes.map(purposeName).join('; ')}`);
  if (given.specialFeatures.length > 0) parts.push(`special features ${given.specialFeatures.map(specialFeatureName).join('; ')}`);
  if (given.vendors.length > 0) parts.push(`${given.vendors.length} vendor(s) (${listed(given.vendors.map(String))})`);
  return `consent to ${parts.join(' and ')}`;
}

export function consentEvidence(given: ConsentGiven[]): Record<string, string> {
  const all = (pick: (g: ConsentGiven) => number[]) => [...new Set(given.flatMap(pick))].sort((a, b) => a - b).join(', ');
  return {
    foundIn: [...new Set(given.flatMap((g) => g.string.foundIn))].sort().join(', '),
    purposes: all((g) => g.purposes),
    specialFeatures: all((g) => g.specialFeatures),
    vendors: all((g) => g.vendors),
  };
}

/** Consent Mode types granted in a phase for categories not allowed (before consent, or after a refusal). */
export interface GrantedSignal {
  /** 'default' / 'update' command, or the host and path of a Google hit. */
  source: string;
  types: string[];
}

function grantedTypes(state: Record<string, 'granted' | 'denied'>, allowed: readonly Category[]): string[] {
  const types = signalVocabulary().consentMode.types;
  return Object.keys(state)
    .filter((type) => state[type] === 'granted' && types[type] !== undefined && !allowed.includes(types[type]!))
    .sort();
}

/**
 * What in a phase says granted: the start page's commands (not those limited to regions: the visitor's region is
 * not known) and its Google hits, plus, when `requests` is set, every Google request of the phase carrying gcs/gcd.
 */
export function grantedSignals(phase: PhaseEvidence, allowed: readonly Category[], requests: boolean): GrantedSignal[] {
  const result: GrantedSignal[] = [];
  const commands: ConsentModeCommand[] = phase.signals?.consentMode.commands ?? [];
  for (const command of commands) {
    if (command.region !== undefined) continue;
    const types = grantedTypes(command.state, allowed);
    if (types.length > 0) result.push({ source: `gtag('consent', '${command.command}')`, types });
  }
  const hits = new Map<string, Set<string>>();
  const add = (url: string, state: Record<string, 'granted' | 'denied'>, code: string) => {
    const types = grantedTypes(state, allowed);
    if (types.length === 0) return;
    const key = `Google hit to ${url.replace(/^https?:\/\//, '')} (${code})`;
    const set = hits.get(key) ?? new Set<string>();
    for (const t of types) set.add(t);
    hits.set(key, set);
  };
  for (const hit of phase.signals?.consentMode.hits ?? []) add(hit.url, hit.state, [hit.gcs, hit.gcd].filter(Boolean).join(' '));
  if (requests) {
    for (const request of phase.requests) {
      if (request.consentMode) add(request.url.replace(/[?#].*$/, ''), request.consentMode.state, [request.consentMode.gcs, request.consentMode.gcd].filter(Boolean).join(' '));
    }
  }
  for (const [source, types] of [...hits.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) result.push({ source, types: [...types].sort() });
  return result;
}

/**
 * After a choice, what Google's tags acted on: the consent state in effect once the start page's commands
 * ran (each 'update' overrides, a 'default' sets only what no update has set), and the state each Google
 * hit carried (gcs / gcd). `overridden`: types a command granted that a later command denied before any hit
 * said granted (a site that pushes a granted default on every load and the stored refusal right after it).
 */
export function grantedInEffect(phase: PhaseEvidence, allowed: readonly Category[]): { inEffect: GrantedSignal[]; overridden: GrantedSignal[] } {
  const commands = (phase.signals?.consentMode.commands ?? []).filter((c) => c.region === undefined);
  // Per type: its state in effect, and the kind of command that set it (an update outranks any default).
  const effect = new Map<string, { state: 'granted' | 'denied'; by: 'default' | 'update' }>();
  for (const command of commands) {
    for (const [type, state] of Object.entries(command.state)) {
      if (command.command === 'default' && effect.get(type)?.by === 'update') continue;
      effect.set(type, { state, by: command.command });
    }
  }
  const inEffect: GrantedSignal[] = [];
  for (const by of ['default', 'update'] as const) {
    const state = Object.fromEntries([...effect].filter(([, e]) => e.by === by).map(([type, e]) => [type, e.state]));
    const types = grantedTypes(state, allowed);
    if (types.length > 0) inEffect.push({ source: `gtag('consent', '${by}')`, types });
  }
  // The hits: the state the tags really sent.
  const withoutCommands = { ...phase, signals: phase.signals && { ...phase.signals, consentMode: { ...phase.signals.consentMode, commands: [] } } } as PhaseEvidence;
  inEffect.push(...grantedSignals(withoutCommands, allowed, false));
  const flagged = new Set(inEffect.flatMap((g) => g.types));
  const withoutHits = { ...phase, signals: phase.signals && { ...phase.signals, consentMode: { ...phase.signals.consentMode, hits: [] } } } as PhaseEvidence;
  const overridden = grantedSignals(withoutHits, allowed, false)
    .map((g) => ({ source: g.source, types: g.types.filter((t) => !flagged.has(t)) }))
    .filter((g) => g.types.length > 0);
  return { inEffect, overridden };
}

export function describeGranted(signals: GrantedSignal[]): string {
  return signals.map((s) => `${s.source} grants ${s.types.join(', ')}`).join('; ');
}
