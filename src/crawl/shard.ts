/**
 * --shard i/n: one slice of the site list per CI job. Sites (URLs grouped by origin, in list order) are
 * dealt round-robin: site k goes to shard (k mod n) + 1. The same list always gives the same slices,
 * slices differ in size by at most one site, and `cookie-audit merge` can put the sites back in list
 * order from each report's shard number alone.
 */

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export class ShardSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShardSyntaxError';
  }
}

export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || !Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) {
    throw new ShardSyntaxError(`--shard ${JSON.stringify(text)}: expected i/n with 1 ≤ i ≤ n, e.g. --shard 2/4 for the second of four jobs`);
  }
  return { index, count };
}

/** The sites of one shard, in list order. */
export function sitesOfShard<T>(sites: readonly T[], shard: Shard | undefined): T[] {
  if (!shard) return [...sites];
  return sites.filter((_, k) => k % shard.count === shard.index - 1);
}

/**
 * The inverse of sitesOfShard: given each shard's sites in order (shards[i] is shard i+1), the full list.
 * Shards must all be present.
 */
export function interleaveShards<T>(shards: readonly (readonly T[])[]): T[] {
  const count = shards.length;
  const total = shards.reduce((n, s) => n + s.length, 0);
  const out: T[] = [];
  for (let k = 0; k < total; k++) {
    const item = shards[k % count]?.[Math.floor(k / count)];
    if (item === undefined) throw new Error(`shard ${(k % count) + 1}/${count} has fewer sites than round-robin slicing gives it`);
    out.push(item);
  }
  return out;
}
