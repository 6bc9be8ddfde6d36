/** Findings name who set an item and where, because that is what a developer needs to fix it. */
import { describe, expect, it } from 'vitest';
import { cookieLabel, setterPhrase, storageLabel } from '../../src/audit/describe.js';
import { cookie, storage } from './factories.js';

describe('cookieLabel', () => {
  it('names the setter script and the page path for a first-party cookie', () => {
    const fbp = cookie('_fbp', {
      domain: '.shop.test',
      setBy: { kind: 'script', url: 'https://connect.facebook.net/en_US/fbevents.js' },
      firstSeenPage: 'https://shop.test/pricing',
    });
    expect(cookieLabel(fbp)).toBe('Cookie "_fbp" (.shop.test), set by https://connect.facebook.net/en_US/fbevents.js on /pricing,');
  });

  it('names the response of a Set-Cookie header, and the full page URL for a cookie of another site', () => {
    const fr = cookie('fr', {
      domain: '.facebook.com',
      party: 'third',
      setBy: { kind: 'header', url: 'https://www.facebook.com/tr' },
      firstSeenPage: 'https://shop.test/cart?step=2',
    });
    expect(cookieLabel(fr)).toBe('Cookie "fr" (.facebook.com), set by the Set-Cookie header of https://www.facebook.com/tr on https://shop.test/cart?step=2,');
  });

  it('stays short when the setter is not known', () => {
    expect(cookieLabel(cookie('_ga', { domain: '.demo.test' }))).toBe('Cookie "_ga" (.demo.test)');
    expect(setterPhrase({ firstSeenPage: 'https://demo.test/' }, 'demo.test')).toBe('');
  });
});

describe('storageLabel', () => {
  it('names the script that wrote the entry and the page', () => {
    const entry = storage('rzp_device_id', {
      origin: 'https://pos.test',
      setBy: { kind: 'script', url: 'https://checkout.razorpay.com/v1/checkout.js' },
      firstSeenPage: 'https://pos.test/reports.html',
    });
    expect(storageLabel(entry)).toBe(
      'localStorage key "rzp_device_id" (https://pos.test), written by https://checkout.razorpay.com/v1/checkout.js on /reports.html,',
    );
  });
});
