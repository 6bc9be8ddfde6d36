import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { fromGhosteryMatches, GHOSTERY_PACKAGE, GhosteryUnavailableError, loadGhostery } from '../../src/knowledge/ghostery.js';
import { loadKnowledge } from '../../src/knowledge/knowledge.js';

function installed(): boolean {
  try {
    createRequire(import.meta.url).resolve(GHOSTERY_PACKAGE);
    return true;
  } catch {
    return false;
  }
}

describe('Ghostery\'s tracker database (--trackers ghostery)', () => {
  it('maps its categories and organisations to ours', () => {
    const match = (category: string, name = 'Product', organisation: string | null = 'Org') => [
      { pattern: { name, domains: ['example.com'] }, organization: organisation === null ? null : { name: organisation }, category: { key: category } },
    ];
    expect(fromGhosteryMatches('www.example.com', match('site_analytics', 'Google Analytics', 'Google'))).toEqual({
      domain: 'example.com',
      organisation: 'Google',
      category: 'analytics',
      vendor: 'Google Analytics',
      source: 'ghostery',
    });
    expect(fromGhosteryMatches('example.com', match('advertising'))?.category).toBe('marketing');
    expect(fromGhosteryMatches('example.com', match('social_media'))?.category).toBe('marketing');
    expect(fromGhosteryMatches('example.com', match('consent'))?.category).toBe('functional');
    expect(fromGhosteryMatches('example.com', match('essential'))).toBeUndefined();
    expect(fromGhosteryMatches('example.com', match('cdn', 'Hotjar', 'Hotjar'))).not.toHaveProperty('vendor');
    expect(fromGhosteryMatches('example.com', match('hosting', 'Unowned', null))?.organisation).toBe('Unowned');
    expect(fromGhosteryMatches('example.com', [])).toBeUndefined();
  });

  it('names the install command when the optional package is missing', async () => {
    await expect(loadGhostery('@ghostery/not-a-real-package-for-tests')).rejects.toThrow(GhosteryUnavailableError);
    await expect(loadGhostery('@ghostery/not-a-real-package-for-tests')).rejects.toThrow(
      /needs the optional package @ghostery\/trackerdb \(licence CC-BY-NC-SA-4\.0, non-commercial use\); install it with: npm install @ghostery\/trackerdb/,
    );
  });

  it.runIf(installed())('loads offline from the installed package and classifies real hosts', async () => {
    const knowledge = await loadKnowledge({ trackers: 'ghostery', env: { COOKIE_AUDIT_DB: '' } });
    expect(knowledge.trackerDatabase).toEqual({ name: 'ghostery', licence: 'CC-BY-NC-SA-4.0' });
    expect(knowledge.tracker('www.google-analytics.com')).toMatchObject({ organisation: 'Google', category: 'analytics', source: 'ghostery' });
    expect(knowledge.tracker('connect.facebook.net')).toMatchObject({ organisation: 'Meta', category: 'marketing' });
    expect(knowledge.tracker('news.brightpaper.test')).toBeUndefined();
    // The cookie databases are the same whichever tracker database is chosen.
    expect(knowledge.cookie('_ga')?.vendor).toBe('Google Analytics');
  });
});
