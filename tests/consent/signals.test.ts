/** The pure parts of reading consent signals: gcs/gcd, the TC string decoder, the dataLayer log, the vocabulary file. */
import { readFileSync } from 'node:fs';
import { GVL, Segment, SegmentEncoder, TCModel, TCString } from '@iabtechlabtcf/core';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { consentModeFromLog } from '../../src/consent/signals/consent-mode.js';
import { decodeTcString } from '../../src/consent/signals/decode.js';
import { collectStrings } from '../../src/consent/signals/tcf.js';
import { isGoogleTagRequest, purposeName, signalVocabulary } from '../../src/consent/signals/vocabulary.js';
import { consentModeParams } from '../../src/evidence/consent-mode-params.js';

const vendorList = JSON.parse(readFileSync(new URL('../../fixtures/tcf/vendor-list.json', import.meta.url), 'utf8')) as object;

function model(): TCModel {
  const m = new TCModel(new GVL(vendorList as ConstructorParameters<typeof GVL>[0]));
  m.cmpId = 300;
  m.cmpVersion = 2;
  m.isServiceSpecific = true;
  m.publisherCountryCode = 'FR';
  return m;
}

describe('consent-mode parameters of a Google tag request', () => {
  it('reads gcs (G1 + ad_storage + analytics_storage) and the gcd letters, gcs winning for its two types', () => {
    expect(consentModeParams('https://region1.google-analytics.com/g/collect?v=2&tid=G-1&gcs=G101&gcd=11p1r1q1t5&cid=1.2')).toEqual({
      gcs: 'G101',
      gcd: '11p1r1q1t5',
      state: { ad_storage: 'denied', analytics_storage: 'granted', ad_user_data: 'denied', ad_personalization: 'granted' },
    });
    expect(consentModeParams('https://x.test/g/collect?gcd=11l1n1m1u5')).toEqual({ gcd: '11l1n1m1u5', state: { analytics_storage: 'granted', ad_user_data: 'denied', ad_personalization: 'denied' } });
  });

  it('keeps nothing from a request without them, or with malformed ones', () => {
    expect(consentModeParams('https://www.google-analytics.com/collect?v=1&cid=123')).toBeUndefined();
    expect(consentModeParams('https://www.google-analytics.com/g/collect?gcs=secret-id&gcd=11x1x1x1x5')).toBeUndefined();
    expect(consentModeParams('not a url')).toBeUndefined();
  });
});

describe('decoding a TC string with @iabtechlabtcf/core', () => {
  it('decodes purposes, vendors and dates of an accept-all string', () => {
    const m = model();
    m.setAll();
    const result = decodeTcString(TCString.encode(m));
    expect('decoded' in result && result.decoded).toMatchObject({
      version: 2,
      cmpId: 300,
      cmpVersion: 2,
      policyVersion: 5,
      vendorListVersion: 42,
      publisherCountryCode: 'FR',
      purposeConsents: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
      purposeLegitimateInterests: [2, 7, 8, 9, 10, 11],
      specialFeatureOptins: [1, 2],
      vendorConsents: [101, 102, 103],
      publisherRestrictions: [],
    });
    expect('decoded' in result && result.decoded.created).toMatch(/^\d{4}-\d\d-\d\dT00:00:00.000Z$/);
  });

  it('decodes legitimate interest for purposes 3 to 6 as written (no v2.2 clean-up on reading)', () => {
    const m = model();
    m.purposeLegitimateInterests.set([3, 4]);
    const result = decodeTcString(SegmentEncoder.encode(m, Segment.CORE));
    expect('decoded' in result && result.decoded.purposeLegitimateInterests).toEqual([3, 4]);
  });

  it('says why a value is not a TC string', () => {
    expect(decodeTcString('hello')).toEqual({ error: expect.stringMatching(/^not a TC string|^TC string version/) });
  });

  it('merges the same string found in several places, sorted, and keeps undecodable ones with their reason', () => {
    const m = model();
    const value = TCString.encode(m);
    const strings = collectStrings([
      { value, where: 'cookie euconsent-v2' },
      { value: ` ${value}`, where: 'api' },
      { value: '', where: 'localStorage euconsent-v2' },
      { value: 'zz', where: 'localStorage other' },
    ]);
    expect(strings.map((s) => [s.foundIn, s.decoded !== undefined, s.error !== undefined])).toEqual([
      [['api', 'cookie euconsent-v2'], true, false],
      [['localStorage other'], false, true],
    ]);
  });
});

describe('the dataLayer log', () => {
  it('keeps the commands in order with their types sorted, and only hits with well-formed parameters', () => {
    const signals = consentModeFromLog({
      commands: [
        { command: 'default', state: { analytics_storage: 'denied', ad_storage: 'denied' }, region: ['ES'] },
        { command: 'update', state: { ad_storage: 'granted' }, region: [] },
      ],
      hits: [
        { url: 'https://region1.google-analytics.com/g/collect', gcs: 'G110', gcd: null },
        { url: 'https://region1.google-analytics.com/g/collect', gcs: 'nonsense', gcd: null },
      ],
    });
    expect(signals).toEqual({
      commands: [
        { command: 'default', state: { ad_storage: 'denied', analytics_storage: 'denied' }, region: ['ES'] },
        { command: 'update', state: { ad_storage: 'granted' } },
      ],
      hits: [{ url: 'https://region1.google-analytics.com/g/collect', gcs: 'G110', state: { ad_storage: 'granted', analytics_storage: 'denied' } }],
    });
    expect(consentModeFromLog(undefined)).toEqual({ commands: [], hits: [] });
  });
});

describe('rules/consent-signals.json', () => {
  it('passes its schema', () => {
    const schema = JSON.parse(readFileSync(new URL('../../rules/consent-signals.schema.json', import.meta.url), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true }).compile(schema);
    expect(validate(signalVocabulary()), JSON.stringify(validate.errors)).toBe(true);
  });

  it('names the eleven IAB purposes and the Google tags that read Consent Mode', () => {
    expect(Object.keys(signalVocabulary().tcf.purposes)).toHaveLength(11);
    expect(purposeName(7)).toBe('7 Measure advertising performance');
    expect(purposeName(12)).toBe('purpose 12');
    expect(isGoogleTagRequest('https://region1.google-analytics.com/g/collect')).toBe(true);
    expect(isGoogleTagRequest('https://www.googletagmanager.com/gtag/js')).toBe(true);
    expect(isGoogleTagRequest('https://ad.doubleclick.net/activity')).toBe(true);
    expect(isGoogleTagRequest('https://www.google-analytics.com/analytics.js')).toBe(false);
    expect(isGoogleTagRequest('https://notgoogletagmanager.com/x')).toBe(false);
  });
});
