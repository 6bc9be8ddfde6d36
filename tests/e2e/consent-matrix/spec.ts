/**
 * One line per real consent library of the matrix (issue 21): the shop built on it, in which language,
 * operated by which means, and what a user checks. Every library has a compliant shop and a broken twin
 * (`<name>-compliant.test`, `<name>-broken.test`), both audited against one shared policy,
 * fixtures/manifests/consent-matrix.yaml, with no consent selectors: the tool must find and operate the
 * banner itself.
 */
export interface MatrixLibrary {
  /** The npm package, as its users know it. */
  library: string;
  /** The banner's language (BCP 47 primary tag). */
  language: string;
  /** `<name>-compliant.test` and `<name>-broken.test` under fixtures/sites/. */
  name: string;
  /** What kind of banner a person sees: 'bottom bar', 'modal', 'web component (open shadow root)', … */
  shape: string;
  /** The means that operates it: autoconsent (a platform it knows) or cookie-audit's own heuristic. */
  operatedBy: 'autoconsent' | 'heuristic';
  /** Cookies the banner holds back: set after accept, never before a choice or after reject. */
  gated: string[];
  /** Findings of the compliant shop other than declared-not-observed (info), as `brief()` strings; default none. */
  compliantFindings?: string[];
  /** Findings of the broken twin other than declared-not-observed, as `brief()` strings in report order. */
  brokenFindings: string[];
}
