/** tarteaucitron.js: the broken site left Google Analytics in its own head, outside tarteaucitron. */
import { describeConsentLibrary } from './consent-library.js';

describeConsentLibrary({
  library: 'tarteaucitronjs',
  platform: 'tarteaucitron deny',
  manifest: 'consent-libraries/tarteaucitron.yaml',
  name: 'tarteaucitron',
  gated: ['_ga', '_gid', '_fbp', 'fr'],
  compliantFindings: [],
  brokenFindings: [
    'pre-consent-cookie pre _ga',
    'pre-consent-cookie pre _gid',
    'pre-consent-tracker pre https://www.google-analytics.com/analytics.js',
    'cookie-after-reject reject _ga',
    'cookie-after-reject reject _gid',
  ],
  // tarteaucitron's own floating icon (showIcon, on by default); its banner's "Privacy policy" is a button with role=link (privacyUrl).
  reopen: 'Cookies (modal window)',
});
