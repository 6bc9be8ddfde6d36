/**
 * Where a phase's time goes: each step's duration, summed over the phase's pages, for report.json and
 * `npm run bench -- --fleet`. Kept out of the way of the steps themselves: a step is bracketed by
 * `begin(step)` and the function it returns.
 */
import { PHASE_STEPS, type PhaseStep, type PhaseTimings } from '../evidence/types.js';

export class StepTimer {
  private readonly started = performance.now();
  private readonly spent = new Map<PhaseStep, number>();

  /** Starts timing `step`; call the returned function when it ends (once). */
  begin(step: PhaseStep): () => void {
    const at = performance.now();
    return () => this.add(step, performance.now() - at);
  }

  /** Adds `ms` to `step`; `outOf`: a step that was running around it and should not count it twice. */
  add(step: PhaseStep, ms: number, outOf?: PhaseStep): void {
    this.spent.set(step, (this.spent.get(step) ?? 0) + ms);
    if (outOf !== undefined) this.spent.set(outOf, (this.spent.get(outOf) ?? 0) - ms);
  }

  /** Whole milliseconds per step that happened, in the steps' order, and the total so far. */
  timings(): PhaseTimings {
    const steps: Omit<PhaseTimings, 'total'> = {};
    for (const step of PHASE_STEPS) {
      const ms = this.spent.get(step);
      if (ms !== undefined) steps[step] = Math.max(0, Math.round(ms));
    }
    return { ...steps, total: Math.round(performance.now() - this.started) };
  }
}
