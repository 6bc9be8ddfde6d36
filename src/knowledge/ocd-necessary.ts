/**
 * Splitting the Open Cookie Database's "Functional" into strictly necessary and functional, by the
 * ordered rules in rules/ocd-necessary.json (read them there: they are data a person can review).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rulesDir } from '../package-info.js';

export interface FunctionalRule {
  id: string;
  category: 'necessary' | 'functional';
  purpose: string;
  terms: string[];
  nameTerms?: string[];
}

export interface FunctionalRules {
  version: 1;
  rules: FunctionalRule[];
}

export interface FunctionalDecision {
  category: 'necessary' | 'functional';
  /** The rule that decided, when one matched. */
  rule?: string;
  /** One sentence: what matched and what it means. */
  reason: string;
}

export const OCD_NECESSARY_FILE = join(rulesDir, 'ocd-necessary.json');

let loaded: FunctionalRules | undefined;

/** rules/ocd-necessary.json, read once per process (its schema is held by a test). */
export function readFunctionalRules(): FunctionalRules {
  loaded ??= JSON.parse(readFileSync(OCD_NECESSARY_FILE, 'utf8')) as FunctionalRules;
  return loaded;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A term at the start of a word: "authenticat" in "Authentication", not "login" in "blogindex". */
const compiled = new Map<string, RegExp>();
function startsWord(term: string): RegExp {
  let re = compiled.get(term);
  if (re === undefined) {
    re = new RegExp(`(?<![\\p{L}\\p{N}])${escape(term)}`, 'iu');
    compiled.set(term, re);
  }
  return re;
}

/** Which way an OCD "Functional" entry goes, and why. */
export function decideFunctional(name: string, description: string, rules: FunctionalRules = readFunctionalRules()): FunctionalDecision {
  const lowerName = name.toLowerCase();
  for (const rule of rules.rules) {
    const term = rule.terms.find((t) => startsWord(t).test(description));
    const nameTerm = term === undefined ? rule.nameTerms?.find((t) => lowerName.includes(t)) : undefined;
    const found = term === undefined ? (nameTerm === undefined ? undefined : `its name holds "${nameTerm}"`) : `its description says "${term}"`;
    if (found !== undefined) {
      return { category: rule.category, rule: rule.id, reason: `OCD "Functional", ${found}: ${rule.purpose}, so ${rule.category} (rule ${rule.id} of ocd-necessary.json).` };
    }
  }
  return { category: 'functional', reason: 'OCD "Functional", and no rule of ocd-necessary.json finds a strictly necessary purpose, so functional.' };
}
