import { describe, expect, it } from 'vitest';
import { parseShard, shardCells } from './shard';
import type { Cell } from './types';

const cells: Cell[] = Array.from({ length: 10 }, (_, rep) => ({ key: `c|layperson|m|${rep}`, case_id: 'c', framing: 'layperson', model_id: 'm', rep }));

describe('shards', () => {
  it('reads i/n and refuses anything else', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
    for (const bad of ['0/3', '4/3', '1/0', '3', '1/2/3', 'a/b', '-1/2', '1.5/2', '']) {
      expect(() => parseShard(bad), bad).toThrow(/--shard must be i\/n with 1 <= i <= n/);
    }
  });

  it('splits the cells into slices that do not overlap and together cover the run', () => {
    const slices = [1, 2, 3].map((index) => shardCells(cells, { index, count: 3 }).map((c) => c.rep));
    expect(slices).toEqual([[0, 3, 6, 9], [1, 4, 7], [2, 5, 8]]);
    expect(shardCells(cells, undefined)).toEqual(cells);
  });
});
