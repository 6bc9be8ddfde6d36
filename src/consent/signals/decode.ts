/**
 * Decoding a TC string with the IAB Tech Lab's own library (@iabtechlabtcf/core, Apache-2.0): the core
 * segment and, when present, the publisher TC segment. Decoding needs no Global Vendor List. Pure: a string
 * in, plain JSON (or the reason it is not a TC string) out.
 */
import { TCString, type TCModel } from '@iabtechlabtcf/core';
import type { DecodedTcString, PublisherRestriction } from './types.js';

type Ids = { forEach(callback: (value: boolean, id: number) => void): void };

function ids(vector: Ids): number[] {
  const result: number[] = [];
  vector.forEach((value, id) => {
    if (value) result.push(id);
  });
  return result.sort((a, b) => a - b);
}

const RESTRICTIONS: Record<number, PublisherRestriction['restriction']> = {
  0: 'not-allowed',
  1: 'require-consent',
  2: 'require-legitimate-interest',
};

function isoDate(date: Date | undefined): string | null {
  return date instanceof Date && !Number.isNaN(date.getTime()) ? date.toISOString() : null;
}

function restrictions(model: TCModel): PublisherRestriction[] {
  const result: PublisherRestriction[] = [];
  for (const restriction of model.publisherRestrictions.getRestrictions()) {
    const vendors = [...model.publisherRestrictions.getVendors(restriction)].sort((a, b) => a - b);
    result.push({ purpose: restriction.purposeId ?? 0, restriction: RESTRICTIONS[restriction.restrictionType] ?? 'not-allowed', vendors });
  }
  return result.sort((a, b) => a.purpose - b.purpose || a.restriction.localeCompare(b.restriction));
}

/** The decoded string, or the reason it could not be decoded (one line). */
export function decodeTcString(value: string): { decoded: DecodedTcString } | { error: string } {
  let model: TCModel;
  try {
    model = TCString.decode(value.trim());
  } catch (error) {
    return { error: `not a TC string: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
  }
  if (model.version !== 2) return { error: `TC string version ${model.version}; only TCF v2 strings are decoded` };
  return {
    decoded: {
      version: model.version,
      cmpId: Number(model.cmpId),
      cmpVersion: Number(model.cmpVersion),
      policyVersion: Number(model.policyVersion),
      isServiceSpecific: model.isServiceSpecific,
      created: isoDate(model.created),
      lastUpdated: isoDate(model.lastUpdated),
      vendorListVersion: Number(model.vendorListVersion),
      consentLanguage: model.consentLanguage,
      publisherCountryCode: model.publisherCountryCode,
      purposeConsents: ids(model.purposeConsents),
      purposeLegitimateInterests: ids(model.purposeLegitimateInterests),
      specialFeatureOptins: ids(model.specialFeatureOptins),
      vendorConsents: ids(model.vendorConsents),
      vendorLegitimateInterests: ids(model.vendorLegitimateInterests),
      publisherConsents: ids(model.publisherConsents),
      publisherLegitimateInterests: ids(model.publisherLegitimateInterests),
      publisherRestrictions: restrictions(model),
    },
  };
}
