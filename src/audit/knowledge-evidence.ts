/**
 * How findings state what the databases said: the same evidence keys and the same words in every
 * rule (`categorySource: 'database'`, "the known-cookie database lists it as an analytics cookie of Hotjar").
 */
import { withArticle, type Classified } from '../knowledge/classify.js';

/** category, categorySource, and the vendor / database entry / tracker domain that gave it. */
export function categoryEvidence(classified: Classified): Record<string, string | null> {
  const evidence: Record<string, string | null> = { category: classified.category, categorySource: classified.source };
  if (classified.known !== undefined) {
    evidence['vendor'] = classified.known.vendor;
    evidence['knownAs'] = `${classified.known.pattern} (${classified.known.match}, ${classified.known.database})`;
    if (classified.known.reference !== undefined) evidence['reference'] = classified.known.reference;
  } else if (classified.tracker !== undefined) {
    evidence['vendor'] = classified.tracker.organisation;
  }
  if (classified.tracker !== undefined) evidence['trackerDomain'] = `${classified.tracker.domain} (${classified.tracker.source})`;
  return evidence;
}

/**
 * For an undeclared item with a known category: "the known-cookie database lists it as an analytics
 * cookie of Hotjar" or "the tracker list says its domain doubleclick.net belongs to Google (marketing)".
 */
export function undeclaredCategoryPhrase(classified: Classified): string {
  if (classified.source === 'database' && classified.known !== undefined) {
    return `the known-cookie database lists it as ${withArticle(classified.known.category)} cookie of ${classified.known.vendor}`;
  }
  if (classified.source === 'tracker-list' && classified.tracker !== undefined) {
    return `the tracker list says its domain ${classified.tracker.domain} belongs to ${classified.tracker.organisation} (${classified.tracker.category})`;
  }
  return 'nobody knows its category';
}
