/** vanilla-cookieconsent v3, left at its bot-hiding default (hideFromBots): the banner must still be found and operated. */
import { describeConsentLibrary } from './consent-library.js';

describeConsentLibrary({
  library: 'vanilla-cookieconsent',
  platform: 'cookieconsent3',
  manifest: 'consent-libraries/cookieconsent.yaml',
  name: 'cookieconsent',
  // _fbp and fr come from the Meta pixel on /book.html, found by following the home page's link.
  gated: ['_ga', '_gid', '_fbp', 'fr'],
  compliantFindings: [],
  brokenFindings: [
    'pre-consent-cookie pre _fbp',
    'pre-consent-cookie pre fr',
    'pre-consent-tracker pre https://connect.facebook.net/en_US/fbevents.js',
    'pre-consent-tracker pre https://www.facebook.com/tr',
    'cookie-after-reject reject _fbp',
    'cookie-after-reject reject fr',
  ],
});
