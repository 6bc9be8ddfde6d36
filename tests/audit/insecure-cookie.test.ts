import { describe, expect, it } from 'vitest';
import { rule } from '../../src/audit/rules/insecure-cookie.js';
import { EMPTY_POLICY, cookie, phase, policy, site } from './factories.js';

function problems(cookies: ReturnType<typeof cookie>[], options: { https?: boolean; manifest?: typeof EMPTY_POLICY } = {}) {
  const evidence = site([phase('pre', { cookies })], { https: options.https ?? true });
  return rule.audit({ site: evidence, policy: options.manifest ?? EMPTY_POLICY }).map((f) => [f.item.name, f.evidence?.['problem']]);
}

describe('insecure-cookie', () => {
  it('reports a first-party cookie without Secure on an https site, naming the attribute', () => {
    const evidence = site([phase('accept', { cookies: [cookie('prefs', { secure: false })] })]);
    expect(rule.audit({ site: evidence, policy: EMPTY_POLICY })).toEqual([
      {
        ruleId: 'insecure-cookie',
        phase: 'accept',
        page: 'https://demo.test/',
        item: { type: 'cookie', name: 'prefs', domain: 'demo.test' },
        message:
          'Cookie "prefs" (demo.test) is set on an https site without Secure, so it can also be sent over plain http; add the Secure attribute.',
        evidence: { problem: 'missing-secure', secure: false, httpOnly: true, sameSite: 'Lax', party: 'first' },
      },
    ]);
  });

  it('does not ask for Secure on an http site or of third-party cookies', () => {
    expect(problems([cookie('prefs', { secure: false })], { https: false })).toEqual([]);
    expect(problems([cookie('prefs', { secure: false, party: 'third', domain: '.cdn.example' })])).toEqual([]);
  });

  it('reports SameSite=None without Secure on any cookie, instead of a missing Secure', () => {
    expect(problems([cookie('x', { sameSite: 'None', secure: false })])).toEqual([['x', 'samesite-none-without-secure']]);
    expect(problems([cookie('x', { sameSite: 'None', secure: false, party: 'third' })], { https: false })).toEqual([
      ['x', 'samesite-none-without-secure'],
    ]);
  });

  it('reports a session-like cookie without HttpOnly, and each problem separately', () => {
    expect(problems([cookie('PHPSESSID', { httpOnly: false, secure: false })])).toEqual([
      ['PHPSESSID', 'missing-secure'],
      ['PHPSESSID', 'missing-httponly'],
    ]);
    expect(problems([cookie('auth_token', { httpOnly: false }), cookie('jwt', { httpOnly: false })]).length).toBe(2);
  });

  it('tells script-set session cookies to be set from the server', () => {
    const evidence = site([
      phase('pre', { cookies: [cookie('sid', { httpOnly: false, setBy: { kind: 'script', url: 'https://demo.test/app.js' } })] }),
    ]);
    expect(rule.audit({ site: evidence, policy: EMPTY_POLICY })[0]?.message).toBe(
      'Cookie "sid" (demo.test), set by https://demo.test/app.js on /, looks like a session or login cookie but lacks HttpOnly and is written by a script, so any script on the page can read it; set it from the server with the HttpOnly attribute.',
    );
  });

  it('recognises a session cookie by its declared necessary authentication purpose', () => {
    const manifest = policy({ cookies: [{ name: 'u', category: 'necessary', purpose: 'Keeps you logged in (authentication)' }] });
    expect(problems([cookie('u', { httpOnly: false })], { manifest })).toEqual([['u', 'missing-httponly']]);
    expect(problems([cookie('u', { httpOnly: false })])).toEqual([]);
  });

  it('leaves CSRF tokens readable by script, and third-party session cookies to their owner', () => {
    expect(problems([cookie('XSRF-TOKEN', { httpOnly: false }), cookie('csrftoken', { httpOnly: false })])).toEqual([]);
    expect(problems([cookie('SID', { httpOnly: false, party: 'third', domain: '.google.com' })])).toEqual([]);
  });

  it('reports each cookie and problem once across phases, at the first phase it shows', () => {
    const bad = cookie('prefs', { secure: false });
    const evidence = site([phase('pre', { cookies: [cookie('prefs')] }), phase('accept', { cookies: [bad] }), phase('gpc', { cookies: [bad] })]);
    expect(rule.audit({ site: evidence, policy: EMPTY_POLICY }).map((f) => f.phase)).toEqual(['accept']);
  });
});
