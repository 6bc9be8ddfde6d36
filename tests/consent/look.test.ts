import { describe, expect, it } from 'vitest';
import { ignoredGesture, receivedGesture } from '../../src/consent/look.js';
import { combineActivity, NO_ACTIVITY, type PageActivity } from '../../src/consent/watch.js';

/** The page as read just before a gesture: settled, counts so far. */
const before: PageActivity = { stillMs: 5000, timers: 0, animations: 0, loading: 0, pointer: 3, keys: 1, wheels: 0, scrolls: 0, frames: 12, mutations: 40, fetching: 0, canScroll: true };
/** The same page after a mouse movement, a scroll and a Tab it did nothing about. */
const moved: PageActivity = { ...before, stillMs: 5100, pointer: 8 };
const scrolled: PageActivity = { ...before, stillMs: 5100, wheels: 1, scrolls: 2 };
const tabbed: PageActivity = { ...before, stillMs: 5100, keys: 3 };

describe('a gesture the page did nothing about', () => {
  it('is told once the page received it and nothing followed', () => {
    expect(ignoredGesture('mouse movement', before, moved, 100, 5000)).toBe(true);
    expect(ignoredGesture('scroll', before, scrolled, 100, 5000)).toBe(true);
    expect(ignoredGesture('focus', before, tabbed, 100, 5000)).toBe(true);
  });

  it.each<[string, Partial<PageActivity>, number]>([
    ['its DOM changed since', { mutations: 41 }, 5000],
    ['it asked for an animation frame', { frames: 13 }, 5000],
    ['a fetch it started is in flight', { fetching: 1 }, 5000],
    ['a timer is pending', { timers: 1 }, 5000],
    ['a script it inserted is loading', { timers: 1, loading: 1 }, 5000],
    ['an animation runs', { animations: 1 }, 5000],
    ['a request left since it began (a module import)', {}, 50],
  ])('is not when %s', (_, change, quietFor) => {
    expect(ignoredGesture('mouse movement', before, { ...moved, ...change }, 100, quietFor)).toBe(false);
  });

  it('is not when a frame could not be read with the watch (nothing can be told)', () => {
    expect(ignoredGesture('mouse movement', before, { ...moved, mutations: -1 }, 100, 5000)).toBe(false);
    expect(ignoredGesture('mouse movement', NO_ACTIVITY, moved, 100, 5000)).toBe(false);
  });
});

describe('a gesture the page received', () => {
  it('is one its listeners saw an event of, of that gesture', () => {
    expect(receivedGesture('mouse movement', before, moved)).toBe(true);
    expect(receivedGesture('focus', before, tabbed)).toBe(true);
    // The wheel of scrolling back says nothing of the Tab that follows.
    expect(receivedGesture('focus', before, scrolled)).toBe(false);
    expect(receivedGesture('mouse movement', before, tabbed)).toBe(false);
  });

  it('is, for a scroll, one the page scrolled on when it is taller than the window', () => {
    expect(receivedGesture('scroll', before, { ...scrolled, scrolls: 0 })).toBe(false);
    expect(receivedGesture('scroll', before, { ...scrolled, scrolls: 0, canScroll: false })).toBe(true);
    expect(receivedGesture('scroll', before, scrolled)).toBe(true);
  });
});

describe('the activity of a page and its frames', () => {
  it('sums the frames\' counts, and tells nothing when one frame could not be read', () => {
    const frame: PageActivity = { ...before, stillMs: 80, pointer: 2, mutations: 5, animations: 1, fetching: 1, canScroll: false };
    expect(combineActivity(before, [frame])).toMatchObject({ stillMs: 80, pointer: 5, mutations: 45, animations: 1, fetching: 1, canScroll: true, timers: 0 });
    expect(combineActivity(before, [NO_ACTIVITY]).mutations).toBe(-1);
  });
});
