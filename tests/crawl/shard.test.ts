import { describe, expect, it } from 'vitest';
import { interleaveShards, parseShard, sitesOfShard } from '../../src/crawl/shard.js';

describe('--shard i/n', () => {
  it('deals sites round-robin: every site in exactly one shard, sizes within one of each other', () => {
    const sites = Array.from({ length: 10 }, (_, i) => `s${i}`);
    const shards = [1, 2, 3].map((index) => sitesOfShard(sites, { index, count: 3 }));
    expect(shards).toEqual([['s0', 's3', 's6', 's9'], ['s1', 's4', 's7'], ['s2', 's5', 's8']]);
    expect(interleaveShards(shards)).toEqual(sites);
    expect(sitesOfShard(sites, undefined)).toEqual(sites);
    expect(sitesOfShard(['a'], { index: 2, count: 2 })).toEqual([]);
  });

  it('refuses shards that do not fit round-robin slicing', () => {
    expect(() => interleaveShards([['a'], ['b', 'c']])).toThrow(/fewer sites/);
  });

  it('parses i/n and rejects anything else', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, count: 1 });
    for (const bad of ['0/3', '4/3', '1/0', 'a/b', '2', '1/2/3', '-1/2']) expect(() => parseShard(bad)).toThrow(/--shard/);
  });
});
