/** Klaro 0.7: the broken site's consent callback ignores the decision and writes _gcl_au on "Decline" too. */
import { describeConsentLibrary } from './consent-library.js';

describeConsentLibrary({
  library: 'klaro',
  platform: 'Klaro',
  manifest: 'consent-libraries/klaro.yaml',
  name: 'klaro',
  gated: ['_ga', '_gid', '_fbp', 'fr', '_gcl_au'],
  // Klaro writes its own cookie without Secure: a real library default, reported, not an error.
  compliantFindings: ['insecure-cookie reject klaro'],
  brokenFindings: [
    'pre-consent-cookie pre _gcl_au',
    'cookie-after-reject reject _gcl_au',
    'insecure-cookie reject klaro',
    // Its notice links no policy, and nothing on the page calls klaro.show().
    'banner-without-policy-link reject reject',
    'no-withdraw-option accept accept',
  ],
  // The compliant notice links the privacy policy ({privacyPolicy}); a footer link calls klaro.show().
  reopen: 'Change consent settings',
});
