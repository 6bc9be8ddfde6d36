/**
 * What a policy declares that needs the visitor's consent: every cookie, storage entry and third party of
 * a category the site may not use before consent. A consent phase that gave no answer on a site whose
 * policy declares any of these has not audited what the site does after the choice (src/crawl/phase.ts).
 */
import type { PolicyManifest } from './types.js';

/** "_ga (analytics)", "Meta (marketing)", … in the manifest's order: cookies, storage, third parties. */
export function declaredNeedingConsent(policy: PolicyManifest): string[] {
  const allowed = new Set(policy.consent.beforeConsent);
  const needs = (category: string) => !allowed.has(category as never);
  return [
    ...policy.cookies.filter((c) => needs(c.category)).map((c) => `${c.name} (${c.category})`),
    ...policy.storage.filter((s) => needs(s.category)).map((s) => `${s.key} (${s.category})`),
    ...policy.thirdParties.filter((t) => needs(t.category)).map((t) => `${t.name} (${t.category})`),
  ];
}
