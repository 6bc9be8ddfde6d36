import { siteOf } from '../../evidence/party.js';
import type { Phase } from '../../evidence/types.js';
import { hostOf } from '../../knowledge/classify.js';
import { NO_KNOWLEDGE } from '../../knowledge/knowledge.js';
import type { TrackerInfo } from '../../knowledge/types.js';
import { matchThirdParty } from '../../policy/match.js';
import { completedPhases } from '../sightings.js';
import type { Rule, RuleResult } from '../types.js';

/** Everything seen of one undeclared third-party registrable domain, from its first sighting on. */
interface Contact {
  domain: string;
  phase: Phase;
  page: string;
  hosts: Set<string>;
  requests: number;
  cookies: Set<string>;
  tracker?: TrackerInfo;
}

/**
 * Every third party the site makes the browser talk to, or lets set a cookie, must be named in the
 * policy's thirdParties (the site's own CDN too: it sees every visitor's IP address). One finding per
 * undeclared registrable domain, at the first phase it appeared in, naming its hosts and, when the
 * tracker list knows it, who runs it and what for.
 */
export const rule: Rule = {
  meta: {
    id: 'undeclared-third-party',
    title: 'Every third party is declared in the policy',
    description:
      'The site made requests to, or received cookies from, a third-party registrable domain that no thirdParties entry of the manifest ' +
      'declares. Visitors are not told their browser talks to it. Add it to thirdParties (name, domains, category, purpose), ' +
      'infrastructure such as a CDN included, or stop loading it.',
    defaultSeverity: 'error',
    requiresPolicy: true,
  },
  audit({ site, policy, knowledge = NO_KNOWLEDGE }) {
    const contacts = new Map<string, Contact>();
    const note = (host: string, phase: Phase, page: string): Contact | undefined => {
      if (matchThirdParty(policy, host, site.siteDomain) !== undefined) return undefined;
      const domain = siteOf(host);
      let contact = contacts.get(domain);
      if (contact === undefined) {
        contact = { domain, phase, page, hosts: new Set(), requests: 0, cookies: new Set() };
        const tracker = knowledge.tracker(host);
        if (tracker !== undefined) contact.tracker = tracker;
        contacts.set(domain, contact);
      }
      return contact;
    };
    for (const phase of completedPhases(site)) {
      for (const request of phase.requests) {
        const host = hostOf(request.url);
        if (request.party !== 'third' || host === undefined) continue;
        const contact = note(host, phase.phase, request.firstSeenPage);
        if (contact === undefined) continue;
        contact.hosts.add(host);
        contact.requests += request.count;
      }
      for (const cookie of phase.cookies) {
        if (cookie.party !== 'third') continue;
        note(cookie.domain, phase.phase, cookie.firstSeenPage)?.cookies.add(cookie.name);
      }
    }
    return [...contacts.values()].map((contact): RuleResult => {
      const { tracker } = contact;
      const who = tracker === undefined ? '' : ` (${tracker.vendor ?? tracker.organisation}, ${tracker.category} according to the tracker list)`;
      const cookies = [...contact.cookies].sort();
      const hosts = [...contact.hosts].sort();
      const what = [
        contact.requests > 0 ? `${contact.requests} request(s) to ${hosts.join(', ')} over the phases scanned` : '',
        cookies.length > 0 ? `cookie(s) ${cookies.join(', ')}` : '',
      ].filter(Boolean).join(' and ');
      return {
        ruleId: 'undeclared-third-party',
        phase: contact.phase,
        page: contact.page,
        item: { type: 'domain', name: contact.domain },
        message: `Third party ${contact.domain}${who} is not declared in the policy's thirdParties, yet the site used it (${what}); add it to thirdParties with its category and purpose, or stop loading it.`,
        evidence: {
          hosts: hosts.join(', '),
          requests: contact.requests,
          cookies: cookies.join(', '),
          category: tracker?.category ?? null,
          categorySource: tracker === undefined ? 'unknown' : 'tracker-list',
          ...(tracker === undefined ? {} : { organisation: tracker.organisation, trackerDomain: `${tracker.domain} (${tracker.source})` }),
        },
      };
    });
  },
};
