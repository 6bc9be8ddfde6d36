/**
 * The part of the banner heuristic that runs inside each frame of the page: it finds the box that is a
 * consent banner and reads its controls, toggles and links, without clicking anything.
 *
 * These functions are sent to the page as source text (pageSource()), so each must be self-contained:
 * it may call the other functions of this file by name and nothing else of the module. They are also
 * plain functions that unit tests call in Node.
 */
import { composite, contrastRatio, formatCssColor, parseCssColor, type Rgba } from '../contrast.js';
import type { BannerControl, Box, ConsentToggle, ControlRole } from '../types.js';

/** The word lists as the page needs them: every language merged (src/consent/words.ts builds it). */
export interface PageWords {
  banner: string[];
  /** Words of data protection that are not about cookies ("personal data", "purposes", "Datenschutz"): they back a box's shape and choices. */
  privacy: string[];
  notConsent: string[];
  /** Tried in this order; a control's role is the first that matches. */
  roles: { role: Exclude<ControlRole, 'other'>; labels: string[]; stems: string[] }[];
  policyLink: string[];
  categories: { category: 'necessary' | 'functional' | 'analytics' | 'marketing'; stems: string[] }[];
}

export interface ScanArgs {
  words: PageWords;
  /** 'first': the banner as it opens (visible controls); 'second': its settings layer (toggles count, hidden inputs too). */
  layer: 'first' | 'second';
  /** The frame is the top-level page (a frame's whole document may be a banner). */
  top: boolean;
}

/** A control as read, with the index of its element in the scan's node list (for the click). */
export type PageControl = BannerControl & { node: number };

/** A toggle as read, with the index of its element in the scan's node list. */
export type PageToggle = ConsentToggle & { node: number };

export interface PageBanner {
  selector: string;
  inShadowRoot: boolean;
  /** The shadow root it lives in is closed (`attachShadow({ mode: 'closed' })`): only cookie-audit's watch reaches it. */
  closedShadowRoot?: boolean;
  signals: string[];
  text: string;
  box: Box;
  controls: PageControl[];
  toggles: PageToggle[];
  policyLinks: { text: string; href: string }[];
  score: number;
  /** Index into the scan's node list. */
  node: number;
}

/** Lower case, apostrophes and punctuation turned into spaces, whitespace collapsed: "J'accepte !" → "j accepte". */
export function normText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2019'`\u00b4]/g, ' ')
    .replace(/[^\p{L}\p{N}\u00d7\u2715\u2716\u2717]+/gu, ' ')
    .trim();
}

/** A phrase that starts at a word boundary of normalised text. */
export function hasStem(normalised: string, stem: string): boolean {
  return ` ${normalised}`.includes(` ${stem}`);
}

/** Which stems of a list occur in normalised text. */
export function stemsIn(normalised: string, stems: readonly string[]): string[] {
  const found: string[] = [];
  for (const stem of stems) if (hasStem(normalised, stem)) found.push(stem);
  return found;
}

/** A control's role by its words: whole-label matches first (any role), then phrases, in the roles' order. */
export function roleOf(text: string, words: PageWords): ControlRole {
  const t = normText(text);
  if (t === '') return 'other';
  for (const entry of words.roles) if (entry.labels.includes(t)) return entry.role;
  // A long text is a sentence, not a button label: "By continuing you accept…" is not an accept button.
  if (t.split(' ').length > 8) return 'other';
  for (const entry of words.roles) if (stemsIn(t, entry.stems).length > 0) return entry.role;
  return 'other';
}

/** A toggle's category by its label's words; the first category that matches, necessary first. */
export function categoryOf(text: string, words: PageWords): PageToggle['category'] {
  const t = normText(text);
  for (const entry of words.categories) if (stemsIn(t, entry.stems).length > 0) return entry.category;
  return undefined;
}

/**
 * The text an element shows, through the composed tree: a web component's button whose label is slotted
 * in from the light DOM (`<x-button>Accept</x-button>` drawing `<button><slot></slot></button>`) has an
 * empty innerText inside its shadow root; the slot's assigned nodes hold the words a visitor reads.
 */
export function composedText(el: Element): string {
  const own = (el instanceof HTMLElement ? el.innerText : (el.textContent ?? '')).replace(/\s+/g, ' ').trim();
  if (own !== '') return own;
  const parts: string[] = [];
  let budget = 500;
  const walk = (node: Node): void => {
    if (budget-- <= 0) return;
    if (node.nodeType === 3) {
      parts.push(node.nodeValue ?? '');
      return;
    }
    if (!(node instanceof Element)) {
      for (const child of Array.from(node.childNodes)) walk(child);
      return;
    }
    if (node.matches('script, style, template')) return;
    if (node instanceof HTMLSlotElement) {
      const assigned = node.assignedNodes({ flatten: true });
      for (const child of assigned.length > 0 ? assigned : Array.from(node.childNodes)) walk(child);
      return;
    }
    if (node.shadowRoot) {
      for (const child of Array.from(node.shadowRoot.childNodes)) walk(child);
      return;
    }
    for (const child of Array.from(node.childNodes)) walk(child);
  };
  walk(el);
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}

/** A selector that finds the element in its frame with Playwright's css engine (`>>` steps into an open shadow root). */
export function selectorOf(el: Element): string {
  const path: string[] = [];
  let node: Element | null = el;
  while (node) {
    const root = node.getRootNode() as Document | ShadowRoot;
    if (node.id && /^[A-Za-z][\w-]*$/.test(node.id) && root.querySelectorAll(`#${node.id}`).length === 1) {
      path.unshift(`#${node.id}`);
    } else {
      const tag = node.tagName.toLowerCase();
      const parent: Element | null = node.parentElement;
      const siblings = parent ? Array.from(parent.children).filter((s) => s.tagName === node!.tagName) : [];
      path.unshift(siblings.length > 1 ? `${tag}:nth-of-type(${siblings.indexOf(node) + 1})` : tag);
      if (parent) {
        node = parent;
        continue;
      }
    }
    if (root instanceof ShadowRoot) {
      path.unshift('>>');
      node = root.host;
      continue;
    }
    break;
  }
  return path.join(' > ').replace(/ > >> > /g, ' >> ');
}

/**
 * Runs in the page. Finds the consent banner of this frame's document (open shadow roots included) and
 * returns what it looks like, with the elements it names in `nodes` (for the clicks that follow).
 */
export function scanFrame(args: ScanArgs): { banner: PageBanner | null; nodes: Element[] } {
  const { words, layer } = args;
  const nodes: Element[] = [];
  const LIMIT = 30000;
  /** Controls by their markup; anything else a person can click is looked for after them (see `clickables`). */
  const CONTROLS = 'button, a[href], [role=button], [role=link], [role=menuitem], input[type=button], input[type=submit], input[type=reset]';
  /** Elements that may act as a button without saying so: focusable, with an inline handler, a link without href. */
  const GENERIC = '[tabindex]:not([tabindex="-1"]), [onclick], a:not([href]), span, div, li, p, strong, b, em, label, svg';
  const TOGGLES = 'input[type=checkbox], [role=switch], [role=checkbox]';
  // The watch (src/consent/watch.ts) knows the closed shadow roots and the elements given a click listener.
  const watch = (window as unknown as Record<string, unknown>).__cookieAuditWatch as
    | { shadowRootOf(el: Element): ShadowRoot | null; hasClickListener(el: Element): boolean }
    | undefined;
  const shadowOf = (el: Element): ShadowRoot | null => {
    if (el.shadowRoot) return el.shadowRoot;
    try {
      return watch ? watch.shadowRootOf(el) : null;
    } catch {
      return null;
    }
  };

  // Every element, shadow trees included, in document order.
  const all: Element[] = [];
  const roots: (Document | ShadowRoot)[] = [document];
  while (roots.length > 0 && all.length < LIMIT) {
    const root = roots.shift() as Document | ShadowRoot;
    for (const el of Array.from(root.querySelectorAll('*'))) {
      all.push(el);
      const shadow = shadowOf(el);
      if (shadow) roots.push(shadow);
      if (all.length >= LIMIT) break;
    }
  }
  const within = (outer: Element, inner: Element): boolean => {
    let node: Node | null = inner;
    while (node) {
      if (node === outer) return true;
      node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
    }
    return false;
  };
  const visible = (el: Element): boolean => {
    const rect = el.getBoundingClientRect();
    if (rect.width < 2 || rect.height < 2) return false;
    if (rect.bottom <= 0 || rect.right <= 0 || rect.top >= innerHeight || rect.left >= innerWidth) return false;
    const check = (el as Element & { checkVisibility?: (o: object) => boolean }).checkVisibility;
    if (check && !check.call(el, { opacityProperty: true, visibilityProperty: true })) return false;
    return true;
  };
  // Descendants matching a selector, inside open shadow roots too.
  const deep = (el: Element | ShadowRoot, selector: string): Element[] => {
    const found = Array.from(el.querySelectorAll(selector));
    for (const inner of Array.from(el.querySelectorAll('*'))) {
      const shadow = shadowOf(inner);
      if (shadow) found.push(...deep(shadow, selector));
    }
    const own = el instanceof Element ? shadowOf(el) : null;
    if (own) found.push(...deep(own, selector));
    return found;
  };
  // Text as rendered, shadow content included (innerText stops at a shadow host).
  const textOf = (el: Element): string => {
    const parts = [el instanceof HTMLElement ? el.innerText : (el.textContent ?? '')];
    for (const host of [el, ...deep(el, '*')]) {
      const shadow = shadowOf(host);
      if (shadow) for (const child of Array.from(shadow.children)) parts.push(child instanceof HTMLElement ? child.innerText : '');
      // Words slotted into a shadow tree from the light DOM: innerText inside the tree leaves them out.
      if (host instanceof HTMLSlotElement) {
        for (const node of host.assignedNodes({ flatten: true })) parts.push(node instanceof HTMLElement ? node.innerText : node.nodeType === 3 ? (node.nodeValue ?? '') : '');
      }
    }
    return parts.join(' ').replace(/\s+/g, ' ').trim();
  };
  const labelOf = (el: Element): string => {
    const text = composedText(el);
    if (text !== '') return text;
    const aria = el.getAttribute('aria-label') || el.getAttribute('title') || (el instanceof HTMLInputElement ? el.value : '');
    if (aria) return aria.replace(/\s+/g, ' ').trim();
    // A control drawn inside a web component is often named on its host (<x-button aria-label="…">).
    const root = el.getRootNode();
    const host = root instanceof ShadowRoot ? root.host : null;
    return host ? (host.getAttribute('aria-label') || host.getAttribute('title') || '').replace(/\s+/g, ' ').trim() : '';
  };
  /**
   * Something a person can click that its markup does not call a control: focusable, an inline or
   * registered click handler, or the pointer cursor set on it (not merely inherited from a clickable box).
   */
  const clickableByLook = (el: Element): boolean => {
    if (el.matches('[tabindex]:not([tabindex="-1"]), [onclick]')) return true;
    try {
      if (watch && watch.hasClickListener(el)) return true;
    } catch {
      /* no watch */
    }
    const cursor = getComputedStyle(el).cursor;
    if (cursor !== 'pointer') return false;
    const parent = el.parentElement ?? ((el.getRootNode() as ShadowRoot).host ?? null);
    return !parent || getComputedStyle(parent).cursor !== 'pointer';
  };
  const boxOf = (el: Element): Box => {
    const r = el.getBoundingClientRect();
    return { x: Math.round(r.x), y: Math.round(r.y), width: Math.round(r.width), height: Math.round(r.height) };
  };
  const canvas = document.createElement('canvas').getContext('2d');
  const color = (css: string): Rgba => {
    const parsed = parseCssColor(css);
    if (parsed) return parsed;
    // Other notations (oklch, color(srgb …)): the canvas turns them into #rrggbb or rgba().
    if (canvas) {
      canvas.fillStyle = '#000';
      canvas.fillStyle = css;
      const normalised = parseCssColor(String(canvas.fillStyle));
      if (normalised) return normalised;
    }
    return { r: 0, g: 0, b: 0, a: 1 };
  };
  /** What is behind an element: its background and its ancestors', painted over one another on white. */
  const backgroundOf = (el: Element): Rgba => {
    const layers: Rgba[] = [];
    let node: Element | null = el;
    while (node) {
      const bg = color(getComputedStyle(node).backgroundColor);
      if (bg.a > 0) layers.push(bg);
      if (bg.a >= 1) break;
      node = node.parentElement ?? ((node.getRootNode() as ShadowRoot).host ?? null);
    }
    let result: Rgba = { r: 255, g: 255, b: 255, a: 1 };
    for (const layer of layers.reverse()) result = composite(layer, result);
    return result;
  };
  const remember = (el: Element): number => {
    nodes.push(el);
    return nodes.length - 1;
  };

  const candidates: { el: Element; signals: string[] }[] = [];
  for (const el of all) {
    // The page itself is never the banner ("<body class=with-cookie-bar>"); a frame's whole body may be (below).
    if (el === document.body || el === document.documentElement) continue;
    const signals: string[] = [];
    if (el.matches('dialog[open], [role=dialog], [role=alertdialog], [aria-modal=true]')) signals.push('dialog');
    try {
      if (el.matches(':popover-open')) signals.push('popover');
    } catch {
      /* a browser without popovers */
    }
    const position = getComputedStyle(el).position;
    if (position === 'fixed' || position === 'sticky') signals.push(`${position} position`);
    const name = `${el.id} ${typeof el.className === 'string' ? el.className : ''}`;
    if (/cookie|consent|gdpr|cmp|privacy|banner/i.test(name)) signals.push('named like a banner');
    if (signals.length > 0) candidates.push({ el, signals });
  }
  // A banner in the page's flow (a bar above the header, pushed down by nothing but itself) sits over nothing:
  // it is found from its choices instead, as the boxes that hold a control that accepts.
  const known = new Set(candidates.map((c) => c.el));
  for (const el of all) {
    if (!el.matches(CONTROLS) || roleOf(labelOf(el).slice(0, 200), words) !== 'accept') continue;
    let up: Element | null = el.parentElement ?? ((el.getRootNode() as ShadowRoot).host ?? null);
    for (let depth = 0; up && depth < 6; depth++) {
      if (up === document.body || up === document.documentElement) break;
      if (!known.has(up)) {
        known.add(up);
        candidates.push({ el: up, signals: ['holds the choices'] });
      }
      up = up.parentElement ?? ((up.getRootNode() as ShadowRoot).host ?? null);
    }
  }
  // A frame's whole document can be the banner (consent platforms that draw theirs in an iframe).
  if (!args.top && document.body) candidates.push({ el: document.body, signals: ['a frame of its own'] });

  const scored: PageBanner[] = [];
  /** Beside each scored box: its element, and the elements of its controls and toggles (in the same order). */
  const held: { el: Element; controls: Element[]; toggles: Element[] }[] = [];
  for (const { el, signals } of candidates) {
    if (!visible(el)) continue;
    const text = textOf(el);
    if (text.length < 10 || text.length > 20000) continue;
    const norm = normText(text);
    const bannerWords = stemsIn(norm, words.banner);
    const privacyWords = stemsIn(norm, words.privacy);
    // A newsletter box with an email field is not a consent banner, whatever its fine print says of cookies.
    const inputs = deep(el, 'input[type=email], input[type=password]').filter(visible);
    if (inputs.length > 0) continue;
    const otherWords = stemsIn(norm, words.notConsent);
    let controls: PageControl[] = [];
    let controlEls: Element[] = [];
    const pushControl = (c: Element, text: string, role: ControlRole, element: 'button' | 'link') => {
      const style = getComputedStyle(c);
      const fg = color(style.color);
      const bg = backgroundOf(c);
      controlEls.push(c);
      controls.push({
        role,
        text,
        element,
        selector: '',
        box: boxOf(c),
        fontSizePx: parseFloat(style.fontSize) || 0,
        fontWeight: parseInt(style.fontWeight, 10) || 400,
        color: formatCssColor(fg),
        background: formatCssColor(bg),
        contrast: contrastRatio(fg, bg),
        node: -1,
      });
    };
    for (const c of deep(el, CONTROLS)) {
      if (controlEls.some((outer) => within(outer, c))) continue; // a button inside a clickable box: the box counts
      if (layer === 'first' && !visible(c)) continue;
      const text = labelOf(c).slice(0, 200);
      const role = roleOf(text, words);
      if (c.matches('a[href]') && role === 'other') continue; // links in running text: policy links below
      if (!visible(c)) continue;
      pushControl(c, text, role, c.matches('a[href], [role=link]') ? 'link' : 'button');
    }
    // Then whatever else a person can click (a <span tabindex=0> "Settings", a <div> with a click listener):
    // the innermost such element with a label that reads as a consent choice, never a box holding controls.
    // Only in a box of a banner's size: a page-sized fixed wrapper is not searched element by element.
    const generic = (text.length > 3000 ? [] : deep(el, GENERIC)).filter((c) => c !== el && !controlEls.some((o) => o === c || within(o, c) || within(c, o)));
    const clickable = generic.filter((c) => clickableByLook(c) && visible(c));
    for (const c of clickable) {
      const text = labelOf(c).slice(0, 200);
      if (text === '' || text.length > 80) continue;
      const role = roleOf(text, words);
      if (role === 'other') continue;
      if (deep(c, CONTROLS).length > 0 || clickable.some((o) => o !== c && within(c, o) && roleOf(labelOf(o), words) !== 'other')) continue;
      if (controlEls.some((o) => within(o, c))) continue;
      pushControl(c, text, role, c.matches('a') ? 'link' : 'button');
    }
    if (clickable.length > 0 && controlEls.length > 1) {
      // Document order, as a visitor reads them (elements of shadow trees after the light DOM's).
      const order = (e: Element) => all.indexOf(e);
      const ranked = controlEls.map((e, i) => ({ e, c: controls[i] as PageControl, at: order(e) })).sort((a, b) => a.at - b.at);
      controlEls = ranked.map((r) => r.e);
      controls = ranked.map((r) => r.c);
    }
    const actionable = controls.filter((c) => c.role !== 'other');
    // A first layer answers: it can accept, refuse or save. A sticky footer whose only control is a
    // "Cookie settings" link (the way back to the choices, after consent) is not a banner asking.
    if (!actionable.some((c) => c.role === 'accept' || c.role === 'reject' || c.role === 'save')) continue;
    // Known by its shape and its choices, not only its words: a box over the page that offers to accept and
    // to refuse (or to choose) is a consent banner even when it never says "cookie".
    const choices = actionable.some((c) => c.role === 'accept') && actionable.some((c) => c.role === 'reject' || c.role === 'settings');
    const overPage = signals.some((sig) => sig === 'dialog' || sig === 'popover' || sig.endsWith('position'));
    // A newsletter popup ("Accept" / "No thanks") or a chat widget says what it is about: its own words keep it out.
    const byShape = choices && (overPage || privacyWords.length > 0) && otherWords.length === 0;
    const toggles: PageToggle[] = [];
    const toggleEls: Element[] = [];
    for (const t of deep(el, TOGGLES)) {
      const input = t instanceof HTMLInputElement ? t : undefined;
      const labelled = input?.labels?.[0] ?? null;
      if (!visible(t) && !(labelled && visible(labelled)) && !(t.parentElement && visible(t.parentElement))) continue;
      let label = (labelled ? labelOf(labelled) : '') || (t.getAttribute('aria-label') ?? '');
      const by = t.getAttribute('aria-labelledby');
      if (!label && by) label = by.split(/\s+/).map((id) => (t.getRootNode() as Document).getElementById?.(id)?.textContent ?? '').join(' ');
      let row: Element | null = t.parentElement;
      for (let i = 0; !label.trim() && row && i < 4; i++, row = row.parentElement) label = labelOf(row);
      label = label.replace(/\s+/g, ' ').trim().slice(0, 200);
      const checked = input ? input.checked : t.getAttribute('aria-checked') === 'true';
      const disabled = input ? input.disabled : t.getAttribute('aria-disabled') === 'true';
      const category = categoryOf(label, words);
      toggles.push({ label, checked, disabled, ...(category ? { category } : {}), selector: '', node: -1 });
      toggleEls.push(t);
    }
    const categories = new Set(toggles.map((t) => t.category).filter((c) => c !== undefined));
    // A settings layer may name only its categories ("Necessary", "Analytics", "Marketing").
    if (bannerWords.length === 0 && !byShape && (layer === 'first' || categories.size < 2)) continue;
    const policyLinks: { text: string; href: string }[] = [];
    for (const a of deep(el, 'a[href], [role=link]')) {
      // A button with role=link navigates by script (tarteaucitron's "Privacy policy"): its words alone tell, its URL is not known.
      if (!(a instanceof HTMLAnchorElement) || !a.href) {
        if (a.matches('a[href]')) continue;
        if (stemsIn(normText(labelOf(a)), words.policyLink).length > 0) policyLinks.push({ text: labelOf(a).slice(0, 200), href: '' });
        continue;
      }
      const linkText = normText(`${labelOf(a)} ${a.getAttribute('href') ?? ''}`);
      if (stemsIn(linkText, words.policyLink).length > 0 || hasStem(linkText, 'cookie')) {
        let href = a.href;
        try {
          const u = new URL(a.href);
          href = `${u.origin}${u.pathname}`;
        } catch {
          /* keep as written */
        }
        policyLinks.push({ text: labelOf(a).slice(0, 200), href });
      }
    }
    const roles = new Set(actionable.map((c) => c.role));
    const rect = el.getBoundingClientRect();
    const covers = rect.width * rect.height >= 0.6 * innerWidth * innerHeight;
    const allSignals = [
      ...signals,
      ...(covers ? ['covers the page'] : []),
      bannerWords.length > 0
        ? `consent words: ${bannerWords.slice(0, 5).join(', ')}`
        : byShape
          ? `consent choices: ${[...roles].sort().join(', ')}`
          : `consent categories: ${[...categories].join(', ')}`,
    ];
    if (privacyWords.length > 0) allSignals.push(`privacy words: ${privacyWords.slice(0, 5).join(', ')}`);
    if (otherWords.length > 0) allSignals.push(`other words: ${otherWords.slice(0, 3).join(', ')}`);
    const score =
      roles.size * 3 +
      Math.min(bannerWords.length, 3) +
      Math.min(privacyWords.length, 2) +
      (signals.includes('dialog') ? 2 : 0) +
      (signals.some((s) => s.endsWith('position')) ? 2 : 0) +
      (signals.includes('named like a banner') ? 1 : 0) +
      (layer === 'second' ? Math.min(toggles.length, 5) * 2 : 0) -
      otherWords.length * 3;
    if (score <= 3) continue;
    const root = el.getRootNode();
    scored.push({
      selector: '',
      inShadowRoot: root instanceof ShadowRoot,
      ...(root instanceof ShadowRoot && root.mode === 'closed' ? { closedShadowRoot: true } : {}),
      signals: allSignals,
      text: text.slice(0, 500),
      box: boxOf(el),
      controls,
      toggles,
      policyLinks,
      score,
      node: -1,
    });
    held.push({ el, controls: controlEls, toggles: toggleEls });
  }
  if (scored.length === 0) return { banner: null, nodes };

  // The best box; then the smallest box inside it that holds the same controls, policy links and words (the
  // dialog, not its overlay; never only the column of buttons beside the banner's text).
  let best = 0;
  for (let i = 1; i < scored.length; i++) if ((scored[i]?.score ?? 0) > (scored[best]?.score ?? 0)) best = i;
  const outer = held[best] as (typeof held)[number];
  const outerRead = scored[best] as PageBanner;
  for (let i = 0; i < scored.length; i++) {
    const inner = held[i] as (typeof held)[number];
    const innerRead = scored[i] as PageBanner;
    const current = held[best] as (typeof held)[number];
    if (i === best || !within(outer.el, inner.el) || !within(current.el, inner.el)) continue;
    if (innerRead.policyLinks.length < outerRead.policyLinks.length) continue;
    if (outerRead.signals.some((sig) => sig.startsWith('consent words')) && !innerRead.signals.some((sig) => sig.startsWith('consent words'))) continue;
    if (outer.controls.every((c) => inner.controls.includes(c) || inner.controls.some((o) => within(o, c)))) best = i;
  }
  const chosen = scored[best] as PageBanner;
  const elements = held[best] as (typeof held)[number];
  const banner: PageBanner = {
    ...chosen,
    selector: selectorOf(elements.el),
    node: remember(elements.el),
    controls: chosen.controls.map((c, i) => {
      const el = elements.controls[i] as Element;
      return { ...c, selector: selectorOf(el), node: remember(el) };
    }),
    toggles: chosen.toggles.map((t, i) => {
      const el = elements.toggles[i] as Element;
      return { ...t, selector: selectorOf(el), node: remember(el) };
    }),
  };
  return { banner, nodes };
}

/** The functions scanFrame needs, as source text for the page. */
const PAGE_FUNCTIONS = [normText, hasStem, stemsIn, roleOf, categoryOf, composedText, selectorOf, parseCssColor, composite, contrastRatio, formatCssColor, scanFrame];

/**
 * The source text of functions sent to a page, calling one another by name. Code that went through the
 * test runner's transform names its functions with `__name` (defined here) and calls imported ones as
 * `__vite_ssr_import_0__.name` (turned back into the plain name, which the page defines).
 */
export function pageSource(functions: readonly ((...args: never[]) => unknown)[]): string {
  const text = functions.map(String).join('\n').replace(/\(0,\s*__vite_ssr_import_\d+__\.(\w+)\)/g, '$1').replace(/__vite_ssr_import_\d+__\.(\w+)/g, '$1');
  return `var __name = (f) => f;\n${text}`;
}

/** An expression that evaluates, in the page, to `{ banner, nodes }` for these arguments. */
export function scanExpression(args: ScanArgs): string {
  return `(() => { ${pageSource(PAGE_FUNCTIONS)}\nreturn scanFrame(${JSON.stringify(args)}); })()`;
}
