import { describe, expect, it } from 'vitest';
import { hostAndParents, TrackerList } from '../../src/knowledge/trackers.js';
import { TRACKERS } from './factory.js';

describe('the tracker-domain list', () => {
  const list = new TrackerList([
    ...TRACKERS,
    { domain: 'bing.com', organisation: 'Microsoft', category: 'functional' },
    { domain: 'bat.bing.com', organisation: 'Microsoft', category: 'marketing', vendor: 'Microsoft Advertising' },
  ]);

  it('classifies a host by its registrable domain, walking up the labels', () => {
    expect(list.lookup('www.google-analytics.com')).toEqual({
      domain: 'google-analytics.com',
      organisation: 'Google',
      category: 'analytics',
      vendor: 'Google Analytics',
      source: 'cookie-audit',
    });
    expect(list.lookup('stats.g.doubleclick.net')?.category).toBe('marketing');
  });

  it('takes the most specific entry: a host entry beats its registrable domain', () => {
    expect(list.lookup('bat.bing.com')?.vendor).toBe('Microsoft Advertising');
    expect(list.lookup('www.bing.com')?.category).toBe('functional');
    expect(list.lookup('cdn.cookielaw.org')?.organisation).toBe('OneTrust');
    expect(list.lookup('cookielaw.org')).toBeUndefined();
  });

  it('reads cookie domains (leading dot) and any case', () => {
    expect(list.lookup('.facebook.com')?.organisation).toBe('Meta');
    expect(list.lookup('WWW.Facebook.COM')?.organisation).toBe('Meta');
  });

  it('never walks past the registrable domain, and does not match look-alikes', () => {
    expect(hostAndParents('a.b.example.co.uk')).toEqual(['a.b.example.co.uk', 'b.example.co.uk', 'example.co.uk']);
    expect(list.lookup('notfacebook.com')).toBeUndefined();
    expect(list.lookup('facebook.com.evil.test')).toBeUndefined();
    expect(hostAndParents('127.0.0.1')).toEqual(['127.0.0.1']);
    expect(list.lookup('localhost')).toBeUndefined();
  });
});
