/** Hand-built consent signals for the TCF and Consent Mode rule tests. */
import type { ConsentModeCommand, ConsentModeHit, ConsentSignals, DecodedTcString, TcString } from '../../src/consent/signals/types.js';
import type { ConsentAttempt } from '../../src/evidence/types.js';
import { SITE_URL } from './factories.js';

export function decoded(overrides: Partial<DecodedTcString> = {}): DecodedTcString {
  return {
    version: 2,
    cmpId: 300,
    cmpVersion: 2,
    policyVersion: 5,
    isServiceSpecific: true,
    created: '2026-01-01T00:00:00.000Z',
    lastUpdated: '2026-01-01T00:00:00.000Z',
    vendorListVersion: 42,
    consentLanguage: 'EN',
    publisherCountryCode: 'FR',
    purposeConsents: [],
    purposeLegitimateInterests: [],
    specialFeatureOptins: [],
    vendorConsents: [],
    vendorLegitimateInterests: [],
    publisherConsents: [],
    publisherLegitimateInterests: [],
    publisherRestrictions: [],
    ...overrides,
  };
}

export function tcString(d: DecodedTcString | undefined, foundIn = ['api', 'cookie euconsent-v2']): TcString {
  return { value: 'CQfixture', foundIn, ...(d ? { decoded: d } : { error: 'not a TC string' }) };
}

export function signals(parts: { strings?: TcString[]; commands?: ConsentModeCommand[]; hits?: ConsentModeHit[] } = {}): ConsentSignals {
  return {
    page: SITE_URL,
    tcf: { api: null, strings: parts.strings ?? [] },
    consentMode: { commands: parts.commands ?? [], hits: parts.hits ?? [] },
  };
}

export function clicked(action: 'reject' | 'accept'): ConsentAttempt {
  return { action, method: 'selector', selector: `#${action}-all`, succeeded: true, bannerSeen: true, note: `Clicked #${action}-all.` };
}

export const ALL_DENIED = { ad_personalization: 'denied', ad_storage: 'denied', ad_user_data: 'denied', analytics_storage: 'denied' } as const;
export const ALL_GRANTED = { ad_personalization: 'granted', ad_storage: 'granted', ad_user_data: 'granted', analytics_storage: 'granted' } as const;
