import { describe, it, expect } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  emptyPolicy,
  formatPolicyError,
  loadPolicy,
  parsePolicy,
  PolicyLoadError,
} from '../../src/policy/load.js';
import type { PolicyManifest } from '../../src/policy/types.js';

const ORION_YAML = `site: Orion CRM
consent:
  beforeConsent: [necessary]
  accept: { selector: "#accept-all" }
  reject: { clicks: ["#settings", "#toggle-analytics", "#save"] }
  honorsGpc: false
categories: { marketing: forbidden }
cookies:
  - name: auth_token
    category: necessary
    expires: session
    provider: first-party
    purpose: JWT authentication token
    domain: .example.com
  - name: _ga_*
    category: analytics
    expires: 13 months
storage:
  - key: user_prefs
    type: localStorage
    category: functional
thirdParties:
  - name: Stripe
    domains: [stripe.com, stripe.network]
    category: necessary
`;

const ORION_JSON = `{
  "site": "Orion CRM",
  "consent": {
    "beforeConsent": ["necessary"],
    "accept": { "selector": "#accept-all" },
    "reject": { "clicks": ["#settings", "#toggle-analytics", "#save"] },
    "honorsGpc": false
  },
  "categories": { "marketing": "forbidden" },
  "cookies": [
    {
      "name": "auth_token",
      "category": "necessary",
      "expires": "session",
      "provider": "first-party",
      "purpose": "JWT authentication token",
      "domain": ".example.com"
    },
    { "name": "_ga_*", "category": "analytics", "expires": "13 months" }
  ],
  "storage": [{ "key": "user_prefs", "type": "localStorage", "category": "functional" }],
  "thirdParties": [{ "name": "Stripe", "domains": ["stripe.com", "stripe.network"], "category": "necessary" }]
}
`;

const THIRTEEN_MONTHS = 13 * ((365 * 86400) / 12);

/** The manifest without where it came from, to compare the YAML and JSON spellings of one policy. */
function withoutLocations(policy: PolicyManifest) {
  const { file: _file, ...rest } = policy;
  const strip = <T extends { location?: unknown }>({ location: _location, ...d }: T) => d;
  return {
    ...rest,
    cookies: rest.cookies.map(strip),
    storage: rest.storage.map(strip),
    thirdParties: rest.thirdParties.map(strip),
  };
}

/** What the user sees for a manifest that does not load: one `file:line: path: message` line per problem. */
async function problems(file: string): Promise<string[]> {
  try {
    await loadPolicy(file);
  } catch (error) {
    if (error instanceof PolicyLoadError) return error.errors.map(formatPolicyError);
    throw error;
  }
  throw new Error(`${file} loaded without errors`);
}

const invalid = (name: string) => join('fixtures/manifests/invalid', name);

describe('parsePolicy on a valid manifest', () => {
  it('reads the YAML manifest with defaults, indexes, lines and parsed lifetimes', () => {
    expect(parsePolicy(ORION_YAML, 'orion.yml')).toEqual({
      file: 'orion.yml',
      site: 'Orion CRM',
      consent: {
        beforeConsent: ['necessary'],
        accept: { selector: '#accept-all' },
        reject: { clicks: ['#settings', '#toggle-analytics', '#save'] },
        honorsGpc: false,
      },
      categories: { marketing: 'forbidden' },
      cookies: [
        {
          name: 'auth_token',
          category: 'necessary',
          expires: 'session',
          expiresSeconds: null,
          provider: 'first-party',
          purpose: 'JWT authentication token',
          domain: '.example.com',
          index: 0,
          location: { file: 'orion.yml', line: 9 },
        },
        {
          name: '_ga_*',
          category: 'analytics',
          expires: '13 months',
          expiresSeconds: THIRTEEN_MONTHS,
          index: 1,
          location: { file: 'orion.yml', line: 15 },
        },
      ],
      storage: [
        { key: 'user_prefs', type: 'localStorage', category: 'functional', index: 0, location: { file: 'orion.yml', line: 19 } },
      ],
      thirdParties: [
        {
          name: 'Stripe',
          domains: ['stripe.com', 'stripe.network'],
          category: 'necessary',
          index: 0,
          location: { file: 'orion.yml', line: 23 },
        },
      ],
    } satisfies PolicyManifest);
  });

  it('reads the same policy written as JSON, with the JSON file\'s lines', () => {
    const fromJson = parsePolicy(ORION_JSON, 'orion.json');
    expect(withoutLocations(fromJson)).toEqual(withoutLocations(parsePolicy(ORION_YAML, 'orion.yml')));
    expect(fromJson.cookies.map((c) => c.location)).toEqual([
      { file: 'orion.json', line: 11 },
      { file: 'orion.json', line: 19 },
    ]);
    expect(fromJson.thirdParties[0]!.location).toEqual({ file: 'orion.json', line: 22 });
  });

  it('fills defaults for everything left out', () => {
    expect(parsePolicy('site: Orion CRM\n', 'orion.yml')).toEqual({
      file: 'orion.yml',
      site: 'Orion CRM',
      consent: { beforeConsent: ['necessary'] },
      categories: {},
      cookies: [],
      storage: [],
      thirdParties: [],
    });
  });

  it('keeps an explicitly empty beforeConsent: nothing at all before consent', () => {
    expect(parsePolicy('consent: { beforeConsent: [] }\n', 'p.yml').consent.beforeConsent).toEqual([]);
  });

  it('leaves expiresSeconds out when a cookie declares no lifetime', () => {
    const [cookie] = parsePolicy('cookies: [{ name: a, category: necessary }]\n', 'p.yml').cookies;
    expect(cookie).not.toHaveProperty('expiresSeconds');
  });

  it('accepts a $schema property for editors and ignores it', () => {
    const policy = parsePolicy('{ "$schema": "./policy.schema.json", "site": "Orion CRM" }', 'p.json');
    expect(policy).not.toHaveProperty('$schema');
    expect(policy.site).toBe('Orion CRM');
  });

  it('follows YAML anchors and aliases', () => {
    const text = 'thirdParties:\n  - name: Google\n    domains: &google [google.com, doubleclick.net]\n    category: marketing\n  - name: Google Analytics\n    domains: *google\n    category: analytics\n';
    expect(parsePolicy(text, 'p.yml').thirdParties[1]!.domains).toEqual(['google.com', 'doubleclick.net']);
  });
});

describe('loadPolicy', () => {
  it('loads a manifest file and records its path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cookie-audit-policy-'));
    const file = join(dir, 'cookie-policy.yml');
    await writeFile(file, ORION_YAML);
    const policy = await loadPolicy(file);
    expect(policy.file).toBe(file);
    expect(policy.cookies[1]!.location).toEqual({ file, line: 15 });
  });

  it('names the file and the fix when the file does not exist', async () => {
    expect(await problems('no-such-policy.yml')).toEqual([
      'no-such-policy.yml: cannot read the manifest: no such file; check the path, or create the file (format: cookie-audit/rules/policy.schema.json)',
    ]);
  });

  it('names the file and the fix when given a directory', async () => {
    expect(await problems('fixtures/manifests')).toEqual([
      'fixtures/manifests: cannot read the manifest: it is a directory; give the path of the manifest file inside it',
    ]);
  });

  it('names the file and the fix when the file is empty or only comments', async () => {
    const message = "the manifest is empty: declare the site's cookies in it (format: cookie-audit/rules/policy.schema.json)";
    expect(await problems(invalid('empty.yml'))).toEqual([`${invalid('empty.yml')}: ${message}`]);
    expect(() => parsePolicy('', 'blank.yml')).toThrow(`blank.yml: ${message}`);
  });
});

describe('loadPolicy on an invalid manifest reports file:line: path: message', () => {
  it('a YAML syntax error, with its line', async () => {
    expect(await problems(invalid('syntax-error.yml'))).toEqual([
      `${invalid('syntax-error.yml')}:5: syntax error: Sequence item without - indicator`,
    ]);
  });

  it('a JSON syntax error, with its line', async () => {
    expect(await problems(invalid('syntax-error.json'))).toEqual([
      `${invalid('syntax-error.json')}:4: syntax error: Unexpected , in flow sequence`,
    ]);
  });

  it('a key written twice', async () => {
    expect(await problems(invalid('duplicate-key.yml'))).toEqual([
      `${invalid('duplicate-key.yml')}:5: syntax error: Map keys must be unique`,
    ]);
  });

  it('an unknown category', async () => {
    expect(await problems(invalid('unknown-category.yml'))).toEqual([
      `${invalid('unknown-category.yml')}:7: cookies/1/category: must be one of necessary, functional, analytics, marketing (got "advertising")`,
    ]);
  });

  it('lifetimes outside the duration grammar, including a bare number', async () => {
    expect(await problems(invalid('bad-duration.yml'))).toEqual([
      `${invalid('bad-duration.yml')}:5: cookies/0/expires: must be "session" or a number with a unit, e.g. "30m", "24h", "90 days", "13 months", "1y" (got "forever")`,
      `${invalid('bad-duration.yml')}:8: cookies/1/expires: must be "session" or a number with a unit, e.g. "30m", "24h", "90 days", "13 months", "1y" (got 30; add a unit, e.g. "30d" or "30s")`,
    ]);
  });

  it('a lifetime the grammar accepts but no clock can hold', () => {
    const text = `cookies:\n  - name: a\n    category: necessary\n    expires: ${'9'.repeat(400)} years\n`;
    expect(() => parsePolicy(text, 'p.yml')).toThrow(/^p\.yml:4: cookies\/0\/expires: "9+ years" is not a duration/);
  });

  it('a typo in a property name, pointing at the key and suggesting the right name', async () => {
    // The misspelt "catgory" also leaves "category" missing; only the typo is worth reporting.
    expect(await problems(invalid('typo.yml'))).toEqual([
      `${invalid('typo.yml')}:4: cookies/0/catgory: unknown property; did you mean "category"?`,
      `${invalid('typo.yml')}:5: thirdparties: unknown property; did you mean "thirdParties"?`,
    ]);
  });

  it('an unknown property with no likely meaning, listing the allowed ones', async () => {
    expect(await problems(invalid('invalid.json'))).toEqual([
      `${invalid('invalid.json')}:7: cookies/1/category: must be one of necessary, functional, analytics, marketing (got "statistics")`,
      `${invalid('invalid.json')}:9: cookies/1/vendor: unknown property; expected one of name, category, expires, provider, purpose, domain`,
    ]);
  });

  it('missing required properties, at the line of the declaration that lacks them', async () => {
    expect(await problems(invalid('missing-required.yml'))).toEqual([
      `${invalid('missing-required.yml')}:2: cookies/0: missing required property "category"`,
      `${invalid('missing-required.yml')}:4: storage/0: missing required property "type"`,
      `${invalid('missing-required.yml')}:7: thirdParties/0: missing required property "domains"`,
    ]);
  });

  it('a manifest that is a list instead of an object', async () => {
    expect(await problems(invalid('not-an-object.yml'))).toEqual([
      `${invalid('not-an-object.yml')}:1: the manifest must be an object with keys such as site, consent, cookies (got a list)`,
    ]);
  });

  it('every problem in the file, not just the first, in file order', async () => {
    const file = invalid('many-errors.yml');
    expect(await problems(file)).toEqual([
      `${file}:4: consent/beforeConsent: must not list "necessary" twice`,
      `${file}:5: consent/accept: must have exactly one of "selector" (one click) or "clicks" (a list of clicks)`,
      `${file}:6: consent/reject/clicks: must list at least 1 item`,
      `${file}:7: consent/honorsGpc: must be true or false (got "yes")`,
      `${file}:9: categories/advertising: unknown property; expected one of necessary, functional, analytics, marketing`,
      `${file}:10: categories/marketing: must be one of allowed, forbidden (got "banned")`,
      `${file}:15: cookies/1/name: must not be empty`,
      `${file}:17: cookies/1/expires: must be "session" or a number with a unit, e.g. "30m", "24h", "90 days", "13 months", "1y" (got "2 fortnights")`,
      `${file}:18: cookies/2/name: must be a string (got 123; put it in quotes)`,
      `${file}:22: storage/0/type: must be one of localStorage, sessionStorage, indexedDB (got "cookieStore")`,
      `${file}:26: thirdParties/0/domains/0: must be a domain name like "stripe.com", without scheme, path, port or wildcard (got "https://stripe.com")`,
      `${file}:29: thirdParties/1/domains: must list at least 1 item`,
    ]);
  });

  it('an empty list written as nothing at all', () => {
    expect(() => parsePolicy('site: Orion CRM\ncookies:\n', 'p.yml')).toThrow('p.yml:2: cookies: must be a list (got nothing)');
  });

  it('puts every line of every problem in the error message', async () => {
    const error = await loadPolicy(invalid('typo.yml')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PolicyLoadError);
    expect(error).toBeInstanceOf(Error);
    expect((error as PolicyLoadError).message).toBe((error as PolicyLoadError).errors.map(formatPolicyError).join('\n'));
    expect((error as PolicyLoadError).errors[0]).toEqual({
      file: invalid('typo.yml'),
      line: 4,
      path: '/cookies/0/catgory',
      message: 'unknown property; did you mean "category"?',
    });
  });
});

describe('formatPolicyError', () => {
  it('writes file:line: path: message, path without its leading slash', () => {
    expect(formatPolicyError({ file: 'p.yml', line: 3, path: '/cookies/2/category', message: 'm' })).toBe('p.yml:3: cookies/2/category: m');
  });

  it('leaves out the line when it is not known', () => {
    expect(formatPolicyError({ file: 'p.yml', path: '/site', message: 'm' })).toBe('p.yml: site: m');
  });

  it('leaves out the path for problems with the whole file', () => {
    expect(formatPolicyError({ file: 'p.yml', line: 2, path: '', message: 'm' })).toBe('p.yml:2: m');
    expect(formatPolicyError({ file: 'p.yml', path: '', message: 'm' })).toBe('p.yml: m');
  });
});

describe('emptyPolicy', () => {
  it('declares nothing and allows only necessary cookies before consent', () => {
    expect(emptyPolicy()).toEqual({
      consent: { beforeConsent: ['necessary'] },
      categories: {},
      cookies: [],
      storage: [],
      thirdParties: [],
    });
  });

  it('returns a fresh value each time, so a caller cannot change the next one', () => {
    const first = emptyPolicy();
    first.consent.beforeConsent.push('analytics');
    expect(emptyPolicy().consent.beforeConsent).toEqual(['necessary']);
  });
});

describe('parsePolicy on hostile input', () => {
  it('refuses aliases that expand exponentially instead of exhausting memory', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    expect(() => parsePolicy(lines.join('\n'), 'bomb.yml')).toThrow(/^bomb\.yml: cannot be read: Excessive alias count/);
  });
});
