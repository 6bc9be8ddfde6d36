/** vanilla-cookieconsent v3, left at its bot-hiding default (hideFromBots): the banner must still be found and operated. */
import { describeConsentLibrary } from './consent-library.js';

describeConsentLibrary({
  library: 'vanilla-cookieconsent',
  platform: 'cookieconsent3',
  manifest: 'consent-libraries/cookieconsent.yaml',
  name: 'cookieconsent',
  // _fbp and fr come from the Meta pixel on /book.html, found by following the home page's link.
  gated: ['_ga', '_gid', '_fbp', 'fr'],
  // Its banner links the privacy policy; a footer button with data-cc="show-preferencesModal" reopens the choices.
  compliantFindings: [],
  brokenFindings: [
    'pre-consent-cookie pre _fbp',
    'pre-consent-cookie pre fr',
    'pre-consent-tracker pre https://connect.facebook.net/en_US/fbevents.js',
    'pre-consent-tracker pre https://www.facebook.com/tr',
    'cookie-after-reject reject _fbp',
    'cookie-after-reject reject fr',
    // Its banner links no policy, and no page keeps a data-cc="show-preferencesModal" control.
    'banner-without-policy-link reject reject',
    'no-withdraw-option accept accept',
  ],
  reopen: 'Cookie preferences',
});
