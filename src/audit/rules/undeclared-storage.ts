import { matchStorage } from '../../policy/match.js';
import { storageItem, storageLabel } from '../describe.js';
import { firstOfEach, storageKey, storageSightings } from '../sightings.js';
import type { Rule, RuleResult } from '../types.js';

/** localStorage, sessionStorage and IndexedDB need consent like cookies do, so they belong in the policy too. */
export const rule: Rule = {
  meta: {
    id: 'undeclared-storage',
    title: 'Every storage entry is declared in the policy',
    description:
      'A localStorage or sessionStorage key, or an IndexedDB database, matches no storage declaration and no third party of the manifest. ' +
      'Browser storage falls under the same consent rules as cookies: declare it (type, key or glob, category, purpose) or stop writing it. ' +
      'Reported once per type, origin and key, at the first phase it was seen in.',
    defaultSeverity: 'warning',
    requiresPolicy: true,
  },
  audit({ site, policy }) {
    const undeclared = storageSightings(site).filter(
      ({ entry }) => matchStorage(policy, entry, site.siteDomain) === undefined,
    );
    return firstOfEach(undeclared, (s) => storageKey(s.entry)).map(({ phase, entry }): RuleResult => ({
      ruleId: 'undeclared-storage',
      phase,
      page: entry.firstSeenPage,
      item: storageItem(entry),
      message: `${storageLabel(entry)} is not declared in the policy; add it to the manifest's storage entries with its category and purpose, or stop writing it.`,
      evidence: {
        party: entry.party,
        frameUrl: entry.frameUrl,
        ...(entry.setBy === undefined ? {} : { setBy: `${entry.setBy.kind} ${entry.setBy.url}` }),
      },
    }));
  },
};
