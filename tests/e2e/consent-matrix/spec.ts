/**
 * One line per real consent library of the matrix (issue 21): the shop built on it, in which language,
 * operated by which means, and what a user checks. Every library has a compliant shop and a broken twin
 * (`<name>-compliant.test`, `<name>-broken.test`), both audited against one shared policy,
 * fixtures/manifests/consent-matrix.yaml, with no consent selectors: the tool must find and operate the
 * banner itself.
 */
export type Means = 'autoconsent' | 'heuristic';

export interface MatrixLibrary {
  /** The npm package, as its users know it. */
  library: string;
  /** The banner's language (BCP 47 primary tag). */
  language: string;
  /** `<name>-compliant.test` and `<name>-broken.test` under fixtures/sites/. */
  name: string;
  /** What kind of banner a person sees: 'bottom bar', 'modal', 'web component (open shadow root)', … */
  shape: string;
  /**
   * The means that operates it: autoconsent (a platform it knows) or cookie-audit's own heuristic; per action
   * where they differ (an autoconsent rule that refuses but whose accept step no longer matches the library,
   * so the heuristic accepts). A list: either may operate it, by which recognises the banner first (autoconsent
   * in the first visit, or the heuristic in this one); the outcome must be the same.
   */
  operatedBy: Means | { reject: Means | Means[]; accept: Means | Means[] };
  /** Cookies the banner holds back: set after accept, never before a choice or after reject. */
  gated: string[];
  /**
   * Findings of the compliant shop other than declared-not-observed (info), as `brief()` strings; default none.
   * Only what the library does by design belongs here (a consent cookie without Secure; a banner whose refusal
   * sits behind its settings); the test checks that no other error appears.
   */
  compliantFindings?: string[];
  /** Findings of the broken twin other than declared-not-observed, as `brief()` strings in report order. */
  brokenFindings: string[];
}
