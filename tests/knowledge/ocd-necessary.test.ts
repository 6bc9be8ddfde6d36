/**
 * OCD's "Functional" split into strictly necessary and functional by rules/ocd-necessary.json: the rules
 * file holds its schema, and real OCD descriptions go the way a privacy reviewer would send them.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { decideFunctional, readFunctionalRules } from '../../src/knowledge/ocd-necessary.js';
import { parseOpenCookieDatabase } from '../../src/knowledge/open-cookie-database.js';
import { readSharedOcd, sharedOcdPresent, SMALL_OCD } from './ocd-copy.js';

const readJson = (path: string): unknown => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));

describe('rules/ocd-necessary.json', () => {
  it('is valid against its schema, and every rule id is unique', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    const validate = ajv.compile(readJson('../../rules/ocd-necessary.schema.json') as object);
    const data = readJson('../../rules/ocd-necessary.json');
    expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
    const ids = readFunctionalRules().rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('an OCD "Functional" entry goes necessary or functional by its description and name', () => {
  const cases: Array<[name: string, description: string, category: 'necessary' | 'functional', rule: string | undefined]> = [
    ['CookieConsent', "Stores the user's cookie consent state for the current domain", 'necessary', 'consent-storage'],
    ['cmplz_marketing', 'Stores the setting of the marketing/statistic level of the cookie agreement.', 'necessary', 'consent-storage'],
    ['XSRF-TOKEN', 'Used to prevent Cross-Site Request Forgery attacks.', 'necessary', 'csrf'],
    ['ARRAffinity', "When using Microsoft Azure as a hosting platform and enabling load balancing, this cookie ensures that requests from one visitor's browsing session are handled by the same server.", 'necessary', 'load-balancing'],
    ['__stripe_mid', 'Fraud prevention and detection', 'necessary', 'fraud-prevention'],
    ['cf_clearance', 'Whether a CAPTCHA or Javascript challenge has been solved.', 'necessary', 'fraud-prevention'],
    ['auth0', 'Used to implement the Auth0 session layer.', 'necessary', 'session'],
    ['_shopify_tw', 'Keeps the user logged in to the customer account.', 'necessary', 'authentication'],
    ['fe_typo_user', 'Used to identify a session ID when logged-in to the TYPO3 Frontend', 'necessary', 'authentication'],
    ['ASP.NET_SessionId', "ASP.Net_SessionId is a cookie which is used to identify the users session on the server.", 'necessary', 'session'],
    ['PHPSESSID', '', 'necessary', 'session'],
    ['cart_sig', 'Used in connection with shopping cart.', 'necessary', 'session'],
    ['__lc2_cst', 'Stores a unique ID string for each chat-box session. This allows the website-support to see previous issues and reconnect with the previous supporter.', 'functional', 'optional-feature'],
    ['pll_language', 'Remembers the language the visitor chose.', 'functional', 'optional-feature'],
    ['_hjSessionTooLarge', 'Causes Hotjar to stop collecting data if a session becomes too large, for recording.', 'functional', 'measurement'],
    ['wp-settings-1', 'Used to persist a user’s wp-admin configuration.', 'functional', undefined],
    ['bloginfo_pref', 'Used by the bloginfo widget to keep its layout.', 'functional', undefined],
  ];
  for (const [name, description, category, rule] of cases) {
    it(`${name}: ${category}${rule === undefined ? ' (no rule)' : ` by ${rule}`}`, () => {
      const decision = decideFunctional(name, description);
      expect([decision.category, decision.rule]).toEqual([category, rule]);
      expect(decision.reason).toMatch(/^OCD "Functional", .*\.$/);
    });
  }

  it('says in the reason what matched', () => {
    expect(decideFunctional('__stripe_mid', 'Fraud prevention and detection').reason).toBe(
      'OCD "Functional", its description says "fraud": prevents fraud, bots or abuse, so necessary (rule fraud-prevention of ocd-necessary.json).',
    );
    expect(decideFunctional('PHPSESSID', '').reason).toContain('its name holds "sess"');
  });

  it('the importer records which way each Functional entry went, and leaves other categories alone', () => {
    const { entries } = parseOpenCookieDatabase(SMALL_OCD);
    expect(entries.map((e) => [e.pattern, e.category, e.ocd?.category, e.categoryReason?.match(/rule ([a-z-]+)|no rule/)?.[0]])).toEqual([
      ['acme_session', 'necessary', 'Functional', 'rule session'],
      ['acme_lang', 'functional', 'Functional', 'rule optional-feature'],
      ['acme_uid', 'analytics', 'Analytics', undefined],
      ['acme_ad_', 'marketing', 'Marketing', undefined],
      ['acme_consent', 'necessary', 'Functional', 'rule consent-storage'],
      ['acme_bm', 'necessary', 'Security', undefined],
    ]);
  });
});

describe.runIf(sharedOcdPresent)('with the shared copy of the Open Cookie Database (skipped without ../shared)', () => {
  it('imports shop sessions, consent storage and fraud cookies as necessary, chat and language as functional', () => {
    const { entries } = parseOpenCookieDatabase(readSharedOcd());
    const category = (vendor: string, pattern: string) => entries.find((e) => e.vendor === vendor && e.pattern === pattern)?.category;
    expect(category('Shopify', '_secure_session_id')).toBe('necessary');
    expect(category('Shopify', 'cart_sig')).toBe('necessary');
    expect(category('Cookiebot', 'CookieConsent')).toBe('necessary');
    expect(category('Stripe', '__stripe_mid')).toBe('necessary');
    expect(category('Livechat', '__lc2_cst')).toBe('functional');
    const functional = entries.filter((e) => e.ocd?.category === 'Functional');
    expect(functional.every((e) => e.categoryReason !== undefined)).toBe(true);
    // Both ways are taken, in real numbers: the split is not all one or the other.
    const necessary = functional.filter((e) => e.category === 'necessary').length;
    expect(necessary).toBeGreaterThan(functional.length / 4);
    expect(necessary).toBeLessThan((functional.length * 3) / 4);
  });
});
