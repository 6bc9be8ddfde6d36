/**
 * The Open Cookie Database for tests: the copy in ../shared/data/open-cookie-database/ beside the
 * repository (CI clones have it), else a small CSV of the tests' own making. Never committed here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHARED_OCD = join(ROOT, '..', 'shared', 'data', 'open-cookie-database', 'open-cookie-database.csv');
export const sharedOcdPresent = existsSync(SHARED_OCD);
export const readSharedOcd = (): string => readFileSync(SHARED_OCD, 'utf8');

export const OCD_HEADER = 'ID,Platform,Category,Cookie / Data Key name,Domain,Description,Retention period,Data Controller,User Privacy & GDPR Rights Portals,Wildcard match';

/** A small OCD-shaped CSV: a necessary-by-description Functional row, a preference row, analytics, marketing, security. */
export const SMALL_OCD = [
  OCD_HEADER,
  't1,Acme Shop,Functional,acme_session,,"Keeps the visitor\'s shopping session, so the cart survives page loads.",session,Acme,https://acme.example/privacy,0',
  't2,Acme Shop,Functional,acme_lang,,Remembers the language the visitor chose.,1 year,Acme,https://acme.example/privacy,0',
  't3,Acme Analytics,Analytics,acme_uid,Advertiser\'s website domain (1st party),"Identifies the visitor, across visits.",1 year,Acme,#N/A,0',
  't4,Acme Ads,Marketing,acme_ad_,ads.acme.example (3rd party),Ad identifier,60 days,Acme,,1',
  't5,Acme Consent,Functional,acme_consent,,Stores the cookie consent choices of the visitor.,6 months,Acme,,0',
  't6,Acme Shield,Security,acme_bm,,Bot detection,30 minutes,Acme,,0',
  '',
].join('\n');
