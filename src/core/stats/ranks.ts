/** Ranks of a sample with tied values given their average rank (as scipy.stats.rankdata). */
export interface RankedSample {
  /** 1-based ranks in input order; ties share the mean of the ranks they span. */
  ranks: Float64Array;
  /** Size of every group of equal values, singletons included (so they sum to n). */
  tieSizes: number[];
}

/** Ranks `values` with average ranks for ties, and reports the tie groups. */
export function rankWithTies(values: ArrayLike<number>): RankedSample {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((i, j) => (values[i] as number) - (values[j] as number));
  const ranks = new Float64Array(n);
  const tieSizes: number[] = [];
  let start = 0;
  while (start < n) {
    const value = values[order[start] as number] as number;
    let end = start + 1;
    while (end < n && values[order[end] as number] === value) end++;
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k] as number] = rank;
    tieSizes.push(end - start);
    start = end;
  }
  return { ranks, tieSizes };
}

/** Average ranks (1-based, ties share their mean rank), in input order. */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  return rankWithTies(values).ranks;
}

/** Sum of t^3 - t over tie groups: the usual tie-correction term. */
export function tieCorrectionTerm(tieSizes: readonly number[]): number {
  let sum = 0;
  for (const t of tieSizes) sum += t * t * t - t;
  return sum;
}
