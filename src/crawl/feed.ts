/**
 * The page list of the phase that discovers a site, handed to the phases that follow it while it is still
 * being built: each level of the crawl plan as soon as it is planned, so that the reject and accept phases
 * visit the pages the pre phase found without waiting for the pre phase to end (every phase still visits
 * exactly the same list, in the same order).
 */
export class PageFeed {
  private readonly planned: string[] = [];
  private ended = false;
  private waiting: (() => void)[] = [];

  /** The discovering phase planned these pages (the next level, in visiting order). */
  add(urls: readonly string[]): void {
    if (this.ended || urls.length === 0) return;
    this.planned.push(...urls);
    this.wake();
  }

  /** The discovering phase is over (however it ended): no page will be added. */
  end(): void {
    this.ended = true;
    this.wake();
  }

  /** The pages planned from position `from` on, once there are any; empty once none will come. */
  async next(from: number): Promise<string[]> {
    while (this.planned.length <= from && !this.ended) await new Promise<void>((resolve) => this.waiting.push(resolve));
    return this.planned.slice(from);
  }

  /** Whether a page after the first `count` may still come. */
  hasMoreThan(count: number): boolean {
    return !this.ended || this.planned.length > count;
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }
}
