/**
 * Every audit rule, one module each under rules/. Adding a rule: write rules/<id>.ts exporting `rule`,
 * list it here and in rules/rule-defaults.json (a test keeps the three in agreement).
 */
import { rule as categoryMismatch } from './rules/category-mismatch.js';
import { rule as consentNotApplied } from './rules/consent-not-applied.js';
import { rule as cookieAfterReject } from './rules/cookie-after-reject.js';
import { rule as declaredNotObserved } from './rules/declared-not-observed.js';
import { rule as expiryExceedsDeclared } from './rules/expiry-exceeds-declared.js';
import { rule as expiryTooLong } from './rules/expiry-too-long.js';
import { rule as forbiddenCategory } from './rules/forbidden-category.js';
import { rule as gpcIgnored } from './rules/gpc-ignored.js';
import { rule as insecureCookie } from './rules/insecure-cookie.js';
import { rule as noConsentBanner } from './rules/no-consent-banner.js';
import { rule as noRejectOption } from './rules/no-reject-option.js';
import { rule as preConsentCookie } from './rules/pre-consent-cookie.js';
import { rule as preConsentTracker } from './rules/pre-consent-tracker.js';
import { rule as undeclaredCookie } from './rules/undeclared-cookie.js';
import { rule as undeclaredStorage } from './rules/undeclared-storage.js';
import { rule as undeclaredThirdParty } from './rules/undeclared-third-party.js';
import { rule as rejectHarderThanAccept } from './rules/reject-harder-than-accept.js';
import { rule as pretickedConsent } from './rules/preticked-consent.js';
import { rule as rejectLessProminent } from './rules/reject-less-prominent.js';
import { rule as ambiguousConsentLabel } from './rules/ambiguous-consent-label.js';
import { rule as noWithdrawOption } from './rules/no-withdraw-option.js';
import { rule as bannerWithoutPolicyLink } from './rules/banner-without-policy-link.js';
import { rule as tcfConsentAfterReject } from './rules/tcf-consent-after-reject.js';
import { rule as tcfConsentBeforeChoice } from './rules/tcf-consent-before-choice.js';
import { rule as tcfLegitimateInterestForAds } from './rules/tcf-legitimate-interest-for-ads.js';
import { rule as consentModeGrantedBeforeChoice } from './rules/consent-mode-granted-before-choice.js';
import { rule as consentModeGrantedAfterReject } from './rules/consent-mode-granted-after-reject.js';
import { rule as consentModeMissing } from './rules/consent-mode-missing.js';
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
  categoryMismatch,
  forbiddenCategory,
  undeclaredThirdParty,
  preConsentTracker,
  noConsentBanner,
  consentNotApplied,
  gpcIgnored,
  noRejectOption,
  rejectHarderThanAccept,
  pretickedConsent,
  rejectLessProminent,
  ambiguousConsentLabel,
  noWithdrawOption,
  bannerWithoutPolicyLink,
  tcfConsentAfterReject,
  tcfConsentBeforeChoice,
  tcfLegitimateInterestForAds,
  consentModeGrantedBeforeChoice,
  consentModeGrantedAfterReject,
  consentModeMissing,
];
