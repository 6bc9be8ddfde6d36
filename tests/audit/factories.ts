/** Hand-built evidence and manifests for rule tests: defaults describe a quiet https site on demo.test. */
import type { BannerControl, BannerEvidence, ConsentClick, ConsentToggle, ControlRole } from '../../src/consent/types.js';
import type {
  ConsentAttempt,
  CookieObservation,
  Phase,
  PhaseEvidence,
  SiteEvidence,
  StorageObservation,
} from '../../src/evidence/types.js';
import type {
  Category,
  CookieDeclaration,
  PolicyManifest,
  StorageDeclaration,
  ThirdPartyDeclaration,
} from '../../src/policy/types.js';

export const SITE_URL = 'https://demo.test/';
export const DAY = 86_400;

export function cookie(name: string, overrides: Partial<CookieObservation> = {}): CookieObservation {
  return {
    name,
    domain: 'demo.test',
    path: '/',
    expires: null,
    lifetimeSeconds: null,
    httpOnly: true,
    secure: true,
    sameSite: 'Lax',
    party: 'first',
    size: name.length + 8,
    valueHash: 'abcdef12',
    firstSeenPage: SITE_URL,
    ...overrides,
  };
}

export function storage(key: string, overrides: Partial<StorageObservation> = {}): StorageObservation {
  return {
    type: 'localStorage',
    key,
    origin: 'https://demo.test',
    party: 'first',
    firstSeenPage: SITE_URL,
    frameUrl: SITE_URL,
    size: 10,
    ...overrides,
  };
}

export function phase(
  name: Phase,
  contents: { cookies?: CookieObservation[]; storage?: StorageObservation[] } = {},
  overrides: Partial<PhaseEvidence> = {},
): PhaseEvidence {
  return {
    phase: name,
    status: 'completed',
    pages: [{ url: SITE_URL, ok: true }],
    cookies: contents.cookies ?? [],
    storage: contents.storage ?? [],
    requests: [],
    errors: [],
    ...overrides,
  };
}

export function site(phases: PhaseEvidence[], overrides: Partial<SiteEvidence> = {}): SiteEvidence {
  return { url: SITE_URL, startPages: [overrides.url ?? SITE_URL], siteDomain: 'demo.test', https: true, status: 'ok', phases, ...overrides };
}

type WithoutIndex<T> = Omit<T, 'index'> & { index?: number };

/** A manifest; declarations get their index from their position unless one is given. */
export function policy(
  parts: {
    cookies?: WithoutIndex<CookieDeclaration>[];
    storage?: WithoutIndex<StorageDeclaration>[];
    thirdParties?: WithoutIndex<ThirdPartyDeclaration>[];
    beforeConsent?: Category[];
  } = {},
): PolicyManifest {
  return {
    consent: { beforeConsent: parts.beforeConsent ?? ['necessary'] },
    categories: {},
    cookies: (parts.cookies ?? []).map((d, index) => ({ index, ...d })),
    storage: (parts.storage ?? []).map((d, index) => ({ index, ...d })),
    thirdParties: (parts.thirdParties ?? []).map((d, index) => ({ index, ...d })),
  };
}

/** What the CLI passes when no manifest was given. */
export const EMPTY_POLICY: PolicyManifest = policy();

// ---------------------------------------------------------------------------------------------
// Consent banners. The defaults describe a compliant banner: "Accept all" and "Reject all" as equal
// buttons on the first layer, a policy link, each answer one click, a way to reopen the choices after.
// ---------------------------------------------------------------------------------------------

const SELECTORS: Record<ControlRole, string> = {
  accept: '#accept',
  reject: '#reject',
  settings: '#settings',
  save: '#save',
  close: '#close',
  other: '#other',
};

/** A first-layer control: by default a 120×40 button, 16 px text, white on blue (4.5:1). */
export function control(role: ControlRole, text: string, overrides: Partial<BannerControl> = {}): BannerControl {
  return {
    role,
    text,
    element: 'button',
    selector: SELECTORS[role],
    box: { x: 0, y: 600, width: 120, height: 40 },
    fontSizePx: 16,
    fontWeight: 400,
    color: 'rgb(255, 255, 255)',
    background: 'rgb(13, 110, 253)',
    contrast: 4.5,
    ...overrides,
  };
}

export function toggle(label: string, overrides: Partial<ConsentToggle> = {}): ConsentToggle {
  return { label, checked: false, disabled: false, selector: `#toggle-${label.toLowerCase().replace(/\W+/g, '-')}`, ...overrides };
}

export function click(role: ConsentClick['role'], text: string, overrides: Partial<ConsentClick> = {}): ConsentClick {
  return { role, text, selector: role === 'toggle' ? `#toggle-${text.toLowerCase()}` : SELECTORS[role], layer: 'first', ...overrides };
}

export function banner(overrides: Partial<BannerEvidence> = {}): BannerEvidence {
  return {
    foundBy: 'heuristic',
    inShadowRoot: false,
    selector: '#cookie-banner',
    signals: ['fixed position', 'consent words: cookies'],
    text: 'We use cookies. Accept all Reject all Cookie policy',
    box: { x: 0, y: 560, width: 1280, height: 160 },
    controls: [control('accept', 'Accept all'), control('reject', 'Reject all')],
    policyLinks: [{ text: 'Cookie policy', href: 'https://demo.test/cookies' }],
    ...overrides,
  };
}

/** Overrides of a consent attempt; a field given as undefined is left out (clicks unknown, reopen not looked for). */
export type ConsentOverrides = { [K in keyof ConsentAttempt]?: ConsentAttempt[K] | undefined };

/** A consent phase's attempt, operated by the heuristic: one click on the control of its action. */
export function consent(action: 'reject' | 'accept', overrides: ConsentOverrides = {}): ConsentAttempt {
  const attempt: Record<string, unknown> = {
    action,
    method: 'heuristic',
    succeeded: true,
    bannerSeen: true,
    banner: banner(),
    clicks: [click(action, action === 'accept' ? 'Accept all' : 'Reject all')],
    ...(action === 'accept' ? { reopen: { text: 'Cookie settings', selector: 'footer a.cookie-settings' } } : {}),
    note: `Clicked ${action}.`,
    ...overrides,
  };
  for (const key of Object.keys(attempt)) if (attempt[key] === undefined) delete attempt[key];
  return attempt as unknown as ConsentAttempt;
}

/** A site whose reject and accept phases operated a banner; each attempt overridable, `null` leaves the phase out. */
export function bannerSite(attempts: { reject?: ConsentOverrides | null; accept?: ConsentOverrides | null } = {}): SiteEvidence {
  const phases = [phase('pre')];
  if (attempts.reject !== null) phases.push(phase('reject', {}, { consent: consent('reject', attempts.reject ?? {}) }));
  if (attempts.accept !== null) phases.push(phase('accept', {}, { consent: consent('accept', attempts.accept ?? {}) }));
  return site(phases);
}
