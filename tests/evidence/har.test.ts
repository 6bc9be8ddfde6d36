/** The traffic record handed over: cookie values hashed unless asked for, credentials and Authorization never. */
import { describe, expect, it } from 'vitest';
import { redactHar, storageStateValues, trafficFileName, type Har, type HarEntry } from '../../src/evidence/har.js';
import { valueHash } from '../../src/evidence/redact.js';

const SESSION = 'sess-4f9a1c2b7d';
const GA = 'GA1.1.123456789.1700000000';
const TOKEN = 'bearer-token-91ab3c';

function entry(over: Partial<HarEntry['request']> = {}, response: Partial<HarEntry['response']> = {}): HarEntry {
  return {
    startedDateTime: '2026-01-01T00:00:00.000Z',
    request: { method: 'GET', url: 'https://shop.test/', headers: [], cookies: [], ...over },
    response: { status: 200, headers: [], cookies: [], ...response },
  };
}

function har(entries: HarEntry[]): Har {
  return { log: { version: '1.2', creator: { name: 'Playwright', version: '1' }, entries } };
}

const recorded = har([
  entry({}, { headers: [{ name: 'Set-Cookie', value: `session_id=${SESSION}; Path=/; Secure` }], cookies: [{ name: 'session_id', value: SESSION }] }),
  entry({
    url: `https://www.google-analytics.com/collect?cid=${encodeURIComponent(GA)}&t=pageview`,
    headers: [
      { name: 'Cookie', value: `session_id=${SESSION}; _ga=${GA}` },
      { name: 'Authorization', value: `Bearer ${TOKEN}` },
      { name: 'Referer', value: `https://shop.test/?s=${SESSION}` },
    ],
    cookies: [{ name: 'session_id', value: SESSION }, { name: '_ga', value: GA }],
  }),
]);

describe('the traffic record', () => {
  it('hashes every cookie value wherever it travels (headers, cookie lists, a query string, a Referer), as report.json does', () => {
    const text = JSON.stringify(redactHar(recorded, { cookieValues: [GA], credentials: [], includeValues: false }));
    expect(text).not.toContain(SESSION);
    expect(text).not.toContain(GA);
    expect(text).not.toContain(encodeURIComponent(GA));
    expect(text).toContain(`session_id=${valueHash(SESSION)}; Path=/; Secure`);
    expect(text).toContain(`_ga=${valueHash(GA)}`);
    expect(text).toContain(`cid=${valueHash(GA)}&t=pageview`);
  });

  it('never holds an Authorization header or a credential the scan was given, even with --include-values', () => {
    const redacted = redactHar(recorded, { cookieValues: [], credentials: [SESSION], includeValues: true });
    const text = JSON.stringify(redacted);
    expect(redacted.log.entries.flatMap((e) => e.request.headers.map((h) => h.name.toLowerCase()))).not.toContain('authorization');
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(SESSION);
    // What the user asked to see stays.
    expect(text).toContain(`_ga=${GA}`);
    expect(redacted.log.entries).toHaveLength(2);
  });

  it('reads the credentials of a storage state: cookie and localStorage values', () => {
    const state = { cookies: [{ name: 'sid', value: 'abc123456' }], origins: [{ origin: 'https://app.test', localStorage: [{ name: 'jwt', value: 'eyJhbGciOi' }] }] };
    expect(storageStateValues(state)).toEqual(['abc123456', 'eyJhbGciOi']);
    expect(storageStateValues(undefined)).toEqual([]);
  });

  it('is named like the screenshots: <site-slug>-<phase>.har', () => {
    expect(trafficFileName('https://Shop.Example.test:8443/x', 'reject')).toBe('shop.example.test-8443-reject.har');
  });
});
