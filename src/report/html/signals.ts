/**
 * The consent signals of a phase in words, for the HTML report: the TCF strings with their purposes named
 * as the IAB names them (rules/consent-signals.json), and the Google Consent Mode state commands and hits
 * gave. Plain text lines; the page escapes them like every other string.
 */
import type { ConsentSignals, DecodedTcString } from '../../consent/signals/types.js';
import { purposeName, specialFeatureName } from '../../consent/signals/vocabulary.js';

export interface HtmlSignals {
  tcf: string[];
  consentMode: string[];
}

const none = (items: string[]) => (items.length === 0 ? 'none' : items.join('; '));
const ids = (list: number[]) => (list.length === 0 ? 'none' : list.join(', '));

function decodedLines(d: DecodedTcString): string[] {
  return [
    `CMP ${d.cmpId} version ${d.cmpVersion}, TCF policy version ${d.policyVersion}, vendor list ${d.vendorListVersion}, ${d.consentLanguage}/${d.publisherCountryCode}; created ${d.created ?? '—'}, updated ${d.lastUpdated ?? '—'}`,
    `Purposes with consent: ${none(d.purposeConsents.map(purposeName))}`,
    `Purposes on legitimate interest: ${none(d.purposeLegitimateInterests.map(purposeName))}`,
    `Special features opted in: ${none(d.specialFeatureOptins.map(specialFeatureName))}`,
    `Vendors with consent: ${ids(d.vendorConsents)}`,
    `Vendors on legitimate interest: ${ids(d.vendorLegitimateInterests)}`,
    ...(d.publisherConsents.length + d.publisherLegitimateInterests.length > 0
      ? [`Publisher purposes: consent ${none(d.publisherConsents.map(purposeName))}; legitimate interest ${none(d.publisherLegitimateInterests.map(purposeName))}`]
      : []),
    ...d.publisherRestrictions.map((r) => `Publisher restriction on ${purposeName(r.purpose)}: ${r.restriction} for vendors ${ids(r.vendors)}`),
  ];
}

const stateText = (state: Record<string, string>) =>
  Object.entries(state)
    .map(([type, value]) => `${type} ${value}`)
    .join(', ') || 'no type';

export function htmlSignals(signals: ConsentSignals): HtmlSignals {
  const tcf: string[] = [];
  const api = signals.tcf.api;
  tcf.push(
    api
      ? `CMP API (${api.via === 'page' ? '__tcfapi in the page' : 'the __tcfapiLocator frame'}): CMP ${api.cmpId ?? '—'} version ${api.cmpVersion ?? '—'}, policy version ${api.tcfPolicyVersion ?? '—'}, gdprApplies ${api.gdprApplies ?? '—'}, ${api.eventStatus ?? api.cmpStatus ?? '—'}`
      : 'No CMP API answered (__tcfapi, or a __tcfapiLocator frame).',
  );
  if (signals.tcf.strings.length === 0) tcf.push('No TC string.');
  for (const string of signals.tcf.strings) {
    tcf.push(`TC string in ${string.foundIn.join(', ')}: ${string.value.length > 80 ? `${string.value.slice(0, 80)}…` : string.value}`);
    if (string.decoded) tcf.push(...decodedLines(string.decoded).map((line) => `  ${line}`));
    else tcf.push(`  ${string.error ?? 'not decoded'}`);
  }
  const consentMode: string[] = [];
  for (const c of signals.consentMode.commands) {
    consentMode.push(`gtag('consent', '${c.command}'): ${stateText(c.state)}${c.region ? ` (regions ${c.region.join(', ')})` : ''}`);
  }
  for (const h of signals.consentMode.hits) {
    consentMode.push(`Google hit ${h.url}${h.gcs ? ` gcs=${h.gcs}` : ''}${h.gcd ? ` gcd=${h.gcd}` : ''}: ${stateText(h.state)}`);
  }
  if (consentMode.length === 0) consentMode.push('No Consent Mode command or Google hit with gcs/gcd.');
  return { tcf, consentMode };
}
