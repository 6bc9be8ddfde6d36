import { describe, expect, it } from 'vitest';
import { hostResolverRules, parseResolve } from '../../src/browser/resolve.js';

describe('--resolve host=ip[:port]', () => {
  it('maps a host to an address', () => {
    expect(parseResolve('shop.test=127.0.0.1')).toEqual({ host: 'shop.test', address: '127.0.0.1' });
  });
  it('accepts a *.domain glob and a port', () => {
    expect(parseResolve('*.staging.test=127.0.0.1:8443')).toEqual({ host: '*.staging.test', address: '127.0.0.1', port: 8443 });
  });
  it('accepts IPv6, bare or bracketed with a port', () => {
    expect(parseResolve('a.test=::1')).toEqual({ host: 'a.test', address: '::1' });
    expect(parseResolve('a.test=[::1]:9000')).toEqual({ host: 'a.test', address: '::1', port: 9000 });
  });
  it.each([
    ['shop.test', 'expected host=ip'],
    ['=127.0.0.1', 'expected host=ip'],
    ['shop.test=localhost', '"localhost" is not an IP address'],
    ['shop.test=127.0.0.1:99999', 'out of range'],
    ['shop.test=127.0.0.1:http', 'bad port'],
    ['https://shop.test=127.0.0.1', 'is not a host name'],
  ])('rejects %s with a message naming the fix', (input, message) => {
    expect(() => parseResolve(input)).toThrow(message);
    expect(() => parseResolve(input)).toThrow('e.g. --resolve');
  });
  it('turns mappings into Chromium host resolver rules', () => {
    expect(
      hostResolverRules([
        { host: '*.test', address: '127.0.0.1', port: 4443 },
        { host: 'js.stripe.com', address: '::1' },
      ]),
    ).toBe('MAP *.test 127.0.0.1:4443, MAP js.stripe.com [::1]');
  });
});
