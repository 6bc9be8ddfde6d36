/**
 * The pre phase looks for the site's banner once, without clicking; the reject and accept phases, which
 * run beside it in contexts of their own and look for themselves at the same time, learn from it whether
 * a banner is expected (then they wait for it) and whether a consent platform autoconsent knows was
 * recognised (then autoconsent operates it). Its "no banner" never spares them their own look.
 */
import type { BannerSearch } from './types.js';

export class BannerScout {
  private settle!: (search: BannerSearch | undefined) => void;
  private readonly result: Promise<BannerSearch | undefined>;
  private settled = false;
  private search: BannerSearch | undefined;
  private platformSource: (() => string | null) | undefined;

  constructor() {
    this.result = new Promise((resolve) => (this.settle = resolve));
  }

  /** The pre phase's look; undefined: it could not look (its start page did not load). */
  report(search: BannerSearch | undefined): void {
    if (this.settled) return;
    this.settled = true;
    this.search = search;
    this.settle(search);
  }

  /** The pre phase's autoconsent, to be asked later (it goes on detecting on its page after the look). */
  follow(source: () => string | null): void {
    this.platformSource = source;
  }

  /** The pre phase saw a banner (as far as it has told by now). */
  sawBanner(): boolean {
    return this.search?.seen === true;
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
