/** Hand-built evidence and manifests for rule tests: defaults describe a quiet https site on demo.test. */
import type {
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
