/** First- or third-party, by registrable domain (eTLD+1, private suffixes like github.io included). */
import { getDomain } from 'tldts';
import type { Party } from './types.js';

/** Registrable domain of a host or cookie domain; the bare host for IPs, localhost and single labels. */
export function siteOf(hostOrDomain: string): string {
  const host = hostOrDomain.replace(/^\./, '').toLowerCase();
  return getDomain(host, { allowPrivateDomains: true }) ?? host;
}

export function partyOf(hostOrDomain: string, siteDomain: string): Party {
  return siteOf(hostOrDomain) === siteDomain ? 'first' : 'third';
}
