/** --proxy and --region: credentials only from the environment, one line naming the fix otherwise. */
import { describe, expect, it } from 'vitest';
import { parseProxy, parseRegion } from '../../src/browser/proxy.js';

describe('--proxy', () => {
  it('keeps scheme://host:port and takes credentials from the environment only', () => {
    expect(parseProxy('http://proxy.example:3128', {})).toEqual({ server: 'http://proxy.example:3128' });
    expect(parseProxy('socks5://127.0.0.1', {})).toEqual({ server: 'socks5://127.0.0.1:1080' });
    expect(parseProxy('https://p.example', { COOKIE_AUDIT_PROXY_USER: 'u', COOKIE_AUDIT_PROXY_PASSWORD: 'p' })).toEqual({ server: 'https://p.example:443', username: 'u', password: 'p' });
  });

  it('refuses credentials in the URL, other schemes, paths, a password without a user and SOCKS with credentials', () => {
    expect(() => parseProxy('http://u:secret@p.example:3128', {})).toThrow(/COOKIE_AUDIT_PROXY_USER/);
    expect(() => parseProxy('http://u:secret@p.example:3128', {})).not.toThrow(/secret/);
    expect(() => parseProxy('ftp://p.example', {})).toThrow(/http:\/\/, https:\/\/ or socks5:\/\//);
    expect(() => parseProxy('http://p.example/path', {})).toThrow(/only scheme:\/\/host:port/);
    expect(() => parseProxy('http://p.example', { COOKIE_AUDIT_PROXY_PASSWORD: 'p' })).toThrow(/without COOKIE_AUDIT_PROXY_USER/);
    expect(() => parseProxy('socks5://p.example', { COOKIE_AUDIT_PROXY_USER: 'u', COOKIE_AUDIT_PROXY_PASSWORD: 'p' })).toThrow(/SOCKS/);
  });
});

describe('--region', () => {
  it('is a short label of one line', () => {
    expect(parseRegion(' de ')).toBe('de');
    expect(() => parseRegion('')).toThrow(/--region/);
    expect(() => parseRegion('a\nb')).toThrow(/one line/);
  });
});
