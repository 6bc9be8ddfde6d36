/** The phase's step timings: what report.json's `timings` is made of (the figures themselves are never compared). */
import { describe, expect, it } from 'vitest';
import { StepTimer } from '../../src/crawl/step-timer.js';
import { PHASE_STEPS } from '../../src/evidence/types.js';

describe('StepTimer', () => {
  it('sums a step over the pages and does not count a step inside another twice', () => {
    const timer = new StepTimer();
    timer.add('load', 120.4);
    timer.add('load', 80.2);
    timer.add('consent', 900);
    timer.add('screenshots', 300, 'consent');
    const timings = timer.timings();
    expect(timings.load).toBe(201);
    expect(timings.consent).toBe(600);
    expect(timings.screenshots).toBe(300);
  });

  it('lists only the steps that happened, in the order a phase runs them, with the total last', () => {
    const timer = new StepTimer();
    timer.add('close', 5);
    timer.add('context', 7);
    timer.begin('capture')();
    expect(Object.keys(timer.timings())).toEqual(['context', 'capture', 'close', 'total']);
    expect(PHASE_STEPS.indexOf('context')).toBe(0);
  });
});
