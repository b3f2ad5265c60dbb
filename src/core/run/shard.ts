import type { Cell } from './types';

/** Slice `index` (1-based) of `count`: a run spread over machines or keys, one slice each. */
export interface Shard {
  index: number;
  count: number;
}

/** Reads `i/n` (1 <= i <= n); throws with what was expected. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) {
    throw new Error(`--shard must be i/n with 1 <= i <= n, e.g. 1/3 (got "${text}")`);
  }
  return { index, count };
}

/**
 * The shard's cells: every n-th cell of expandCells' order, starting at the i-th. That order
 * depends only on the spec and the cases, so every machine given the same arguments takes the
 * same slice, the slices never overlap, and together they cover the run. Taking every n-th
 * (rather than a block) keeps expandCells' repetition-first order within each shard.
 */
export function shardCells<C extends Cell>(cells: readonly C[], shard: Shard | undefined): C[] {
  if (!shard) return [...cells];
  return cells.filter((_, i) => i % shard.count === shard.index - 1);
}
