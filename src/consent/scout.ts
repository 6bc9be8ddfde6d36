/**
 * The pre phase looks for the site's banner once, without clicking; the reject and accept phases, which
 * run beside it in contexts of their own, then know at once whether to wait for a banner and which means
 * will operate it. A site without a banner costs them no wait.
 */
import type { BannerSearch } from './types.js';

export class BannerScout {
  private settle!: (search: BannerSearch | undefined) => void;
  private readonly result: Promise<BannerSearch | undefined>;
  private settled = false;
  private platformSource: (() => string | null) | undefined;

  constructor() {
    this.result = new Promise((resolve) => (this.settle = resolve));
  }

  /** The pre phase's look; undefined: it could not look (its start page did not load). */
  report(search: BannerSearch | undefined): void {
    if (this.settled) return;
    this.settled = true;
    this.settle(search);
  }

  /** The pre phase's autoconsent, to be asked later (it goes on detecting on its page after the look). */
  follow(source: () => string | null): void {
    this.platformSource = source;
  }

  /** The platform the pre phase's autoconsent has recognised by now, or null. */
  platformNow(): string | null {
    return this.platformSource?.() ?? null;
  }

  /** The look, once the pre phase made it, or undefined after ms (or when it could not look). */
  async wait(ms: number): Promise<BannerSearch | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
    try {
      return await Promise.race([this.result, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
