/**
 * What the consent stage saw of a banner and did with it: plain JSON evidence, written to report.json as
 * is and judged by the audit rules (which never touch the page). Produced by src/consent/, carried in
 * PhaseEvidence.consent (evidence/types.ts).
 */

/** What a control on a banner does, read from its words (rules/consent-words.json). */
export type ControlRole = 'accept' | 'reject' | 'settings' | 'save' | 'close' | 'other';

/** CSS pixels, relative to the top-level page's viewport (a control in a frame is offset by the frame's place). */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What a visitor does that some banners wait for before they show. */
export type Gesture = 'mouse movement' | 'focus' | 'scroll';

/** A button or link on the banner, as a visitor sees it. */
export interface BannerControl {
  role: ControlRole;
  /** Visible text, else aria-label, else value; whitespace collapsed, at most 200 characters. */
  text: string;
  /** 'button': <button>, an input button, role=button; 'link': <a href>, role=link (refusal as a link in running text). */
  element: 'button' | 'link';
  /** Finds it in its frame with Playwright's css engine (which pierces open shadow roots). */
  selector: string;
  box: Box;
  /** Computed font size and weight of its text. */
  fontSizePx: number;
  fontWeight: number;
  /** Computed text colour, `rgb(r, g, b)` or `rgba(r, g, b, a)`. */
  color: string;
  /** The colour behind the text: its own background, else the first opaque one of its ancestors, composited. */
  background: string;
  /** WCAG 2 contrast ratio of color on background, 1–21, two decimals. */
  contrast: number;
}

/** A checkbox or switch of the banner's settings layer. */
export interface ConsentToggle {
  /** Its label (label element, aria-label, or the text of the row it stands in); at most 200 characters. */
  label: string;
  /** Its state before anyone touched it. */
  checked: boolean;
  /** It cannot be changed (strictly necessary categories are usually on and locked). */
  disabled: boolean;
  /** Its category by its label's words, when they name one (rules/consent-words.json). */
  category?: 'necessary' | 'functional' | 'analytics' | 'marketing';
  selector: string;
}

/** A link on the banner to a cookie or privacy policy. */
export interface PolicyLink {
  text: string;
  /** Absolute URL, query string stripped; '' for a button with role=link, which navigates by script. */
  href: string;
}

/** The banner that was found, as it looked before anything on it was clicked. */
export interface BannerEvidence {
  /** 'heuristic': cookie-audit's own search; 'autoconsent': a consent platform autoconsent knows; 'selector': the manifest's. */
  foundBy: 'heuristic' | 'autoconsent' | 'selector';
  /** URL of the frame that holds it (query stripped); absent: the page itself. */
  frameUrl?: string;
  /** It lives in a shadow root. */
  inShadowRoot: boolean;
  /** That shadow root is closed (`attachShadow({ mode: 'closed' })`): read through cookie-audit's own watch of the page. */
  closedShadowRoot?: boolean;
  /** The banner was not there until the visitor did this: it waits for a gesture before it asks. */
  appearedAfter?: Gesture;
  /** Finds the banner's box in its frame. */
  selector: string;
  /** Why it was taken for a consent banner: 'dialog role', 'fixed position', 'covers the page', 'consent words: cookies, consent', … */
  signals: string[];
  /** Its text, whitespace collapsed, at most 500 characters. */
  text: string;
  box: Box;
  /** Its first-layer controls, in document order. */
  controls: BannerControl[];
  policyLinks: PolicyLink[];
  /**
   * The banner's toggles as they were before any was touched: the settings layer's once it was opened, else
   * those the first layer shows; absent when none was seen.
   */
  toggles?: ConsentToggle[];
}

/** One click the consent stage made, in order. */
export interface ConsentClick {
  /** What was clicked: a control of that role, or a toggle switched off. */
  role: ControlRole | 'toggle';
  text: string;
  selector: string;
  /** 'first': the banner as it opened; 'second': the settings layer. */
  layer: 'first' | 'second';
}

/** After consent: a control on the page that opens the choices again (floating button, footer link, revisit icon). */
export interface ReopenControl {
  text: string;
  selector: string;
}

/** What the pre phase saw of the banner when it looked without clicking (src/consent/scout.ts). */
export interface BannerSearch {
  /** A banner was there: the heuristic read one, or autoconsent saw its platform's banner open. */
  seen: boolean;
  /** The consent platform autoconsent recognised, or null. */
  platform: string | null;
  /** The banner as the heuristic read it. */
  banner?: BannerEvidence;
  /** How long the look took, in ms. */
  ms: number;
}
