/** The discovering phase's page list as the following phases read it (src/crawl/feed.ts). */
import { describe, expect, it } from 'vitest';
import { PageFeed } from '../../src/crawl/feed.js';

describe('PageFeed', () => {
  it('hands each level on as it is added, from the position asked', async () => {
    const feed = new PageFeed();
    feed.add(['/']);
    expect(await feed.next(0)).toEqual(['/']);
    const waiting = feed.next(1);
    feed.add(['/a', '/b']);
    expect(await waiting).toEqual(['/a', '/b']);
    feed.add(['/c']);
    expect(await feed.next(1)).toEqual(['/a', '/b', '/c']);
  });

  it('ends a reader waiting past the end with nothing, once the discovering phase is over', async () => {
    const feed = new PageFeed();
    feed.add(['/', '/a']);
    const waiting = feed.next(2);
    expect(feed.hasMoreThan(2)).toBe(true);
    feed.end();
    expect(await waiting).toEqual([]);
    expect(await feed.next(0)).toEqual(['/', '/a']);
    expect(feed.hasMoreThan(1)).toBe(true);
    expect(feed.hasMoreThan(2)).toBe(false);
    // Nothing is added after the end.
    feed.add(['/late']);
    expect(await feed.next(2)).toEqual([]);
  });

  it('ends empty when the discovering phase planned nothing', async () => {
    const feed = new PageFeed();
    const waiting = feed.next(0);
    feed.end();
    expect(await waiting).toEqual([]);
  });

  it('wakes every reader waiting at once', async () => {
    const feed = new PageFeed();
    const readers = [feed.next(0), feed.next(0)];
    feed.add(['/']);
    expect(await Promise.all(readers)).toEqual([['/'], ['/']]);
  });
});
