import { describe, expect, it } from 'vitest';
import { ignoredGesture, receivedGesture } from '../../src/consent/look.js';
import { NO_ACTIVITY, type PageActivity } from '../../src/consent/watch.js';

// A read that began 100 ms and ended 120 ms after the gesture began.
const FROM = 100;
const TO = 120;
/** A page that received the gesture 90 ms ago and has done nothing since loading. */
const quiet: PageActivity = { stillMs: 5000, timers: 0, animations: 0, loading: 0, inputMs: 90, scrollMs: 85, frameMs: 4000, fetching: 0, canScroll: true };

describe('a gesture the page did nothing about', () => {
  it('is told once the page received it and nothing followed', () => {
    expect(ignoredGesture('mouse movement', quiet, FROM, TO, 5000)).toBe(true);
    expect(ignoredGesture('scroll', quiet, FROM, TO, 5000)).toBe(true);
  });

  it('is not, while the page has not seen the event (or, for a scroll, has not scrolled)', () => {
    expect(ignoredGesture('focus', { ...quiet, inputMs: 150 }, FROM, TO, 5000)).toBe(false);
    expect(ignoredGesture('scroll', { ...quiet, scrollMs: Number.POSITIVE_INFINITY }, FROM, TO, 5000)).toBe(false);
    // An event as old as the read's start may be the previous gesture's.
    expect(ignoredGesture('focus', { ...quiet, inputMs: FROM }, FROM, TO, 5000)).toBe(false);
    expect(ignoredGesture('focus', NO_ACTIVITY, FROM, TO, 5000)).toBe(false);
  });

  it.each<[string, Partial<PageActivity>, number]>([
    ['its DOM changed since', { stillMs: 60 }, 5000],
    ['it asked for an animation frame', { frameMs: 30 }, 5000],
    ['a fetch it started is in flight', { fetching: 1 }, 5000],
    ['a timer is pending', { timers: 1 }, 5000],
    ['a script it inserted is loading', { timers: 1, loading: 1 }, 5000],
    ['an animation runs', { animations: 1 }, 5000],
    ['a request left since (a module import)', {}, 50],
  ])('is not when %s', (_, change, quietFor) => {
    expect(ignoredGesture('mouse movement', { ...quiet, ...change }, FROM, TO, quietFor)).toBe(false);
  });
});

describe('a gesture the page received', () => {
  it('is one its listeners saw an event of after it began', () => {
    expect(receivedGesture('mouse movement', quiet, FROM)).toBe(true);
    expect(receivedGesture('focus', { ...quiet, inputMs: 400 }, FROM)).toBe(false);
  });

  it('is, for a scroll, one the page scrolled on when it is taller than the window', () => {
    expect(receivedGesture('scroll', { ...quiet, scrollMs: Number.POSITIVE_INFINITY }, FROM)).toBe(false);
    expect(receivedGesture('scroll', { ...quiet, scrollMs: Number.POSITIVE_INFINITY, canScroll: false }, FROM)).toBe(true);
  });
});
