/**
 * Every audit rule, one module each under rules/. Adding a rule: write rules/<id>.ts exporting `rule`,
 * list it here and in rules/rule-defaults.json (a test keeps the three in agreement).
 */
import { rule as cookieAfterReject } from './rules/cookie-after-reject.js';
import { rule as declaredNotObserved } from './rules/declared-not-observed.js';
import { rule as expiryExceedsDeclared } from './rules/expiry-exceeds-declared.js';
import { rule as expiryTooLong } from './rules/expiry-too-long.js';
import { rule as insecureCookie } from './rules/insecure-cookie.js';
import { rule as preConsentCookie } from './rules/pre-consent-cookie.js';
import { rule as undeclaredCookie } from './rules/undeclared-cookie.js';
import { rule as undeclaredStorage } from './rules/undeclared-storage.js';
import type { Rule } from './types.js';

export const RULES: readonly Rule[] = [
  undeclaredCookie,
  preConsentCookie,
  cookieAfterReject,
  expiryExceedsDeclared,
  expiryTooLong,
  undeclaredStorage,
  declaredNotObserved,
  insecureCookie,
];
