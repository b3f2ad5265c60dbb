import type { Alternative } from './alternative';
import { createRng } from './rng';

/** Options shared by the permutation tests. */
export interface PermutationOptions {
  alternative?: Alternative;
  /** Random resamples when the test is not exact. Default 9,999 (SciPy's default). */
  resamples?: number;
  /** Seed of the Monte Carlo stream. Default 1. */
  seed?: number;
}

/** Result of a permutation test. */
export interface PermutationResult {
  /** Observed statistic: the mean difference, or mean(x) - mean(y). */
  statistic: number;
  pValue: number;
  /** True when every arrangement was enumerated. */
  exact: boolean;
  /** Arrangements enumerated (exact) or random resamples drawn (Monte Carlo). */
  resamples: number;
}

/**
 * p-value from counts as scipy.stats.permutation_test computes it: exact tests divide by
 * the number of arrangements; Monte Carlo adds the observed arrangement to both counts.
 */
function pValueFromCounts(
  atMost: number,
  atLeast: number,
  resamples: number,
  exact: boolean,
  alternative: Alternative,
): number {
  const adjustment = exact ? 0 : 1;
  const less = (atMost + adjustment) / (resamples + adjustment);
  const greater = (atLeast + adjustment) / (resamples + adjustment);
  if (alternative === 'less') return less;
  if (alternative === 'greater') return greater;
  return Math.min(1, 2 * Math.min(less, greater));
}

/**
 * Tolerance for "equal to the observed value": SciPy's 100 machine epsilons of the
 * observed statistic, widened to the scale of the data so that a statistic of exactly 0
 * still counts the arrangements that round to +-1e-17 as ties.
 */
function tolerance(observed: number, scale: number): number {
  return 100 * Number.EPSILON * Math.max(Math.abs(observed), scale);
}

/**
 * Paired (one-sample) sign-flip permutation test of the mean of `differences`, as
 * scipy.stats.permutation_test((d,), np.mean, permutation_type='samples'). Exact over all
 * 2^n sign patterns when n <= `exactMaxN` (default 20, about a million patterns; at most
 * 30), else Monte Carlo with a seeded stream. SciPy goes exact only while 2^n <= its
 * resamples (n <= 13 by default); with n_resamples=np.inf it agrees with the exact answer.
 * 'greater' means the differences tend to be positive.
 */
export function pairedPermutationTest(
  differences: readonly number[],
  options: PermutationOptions & { exactMaxN?: number } = {},
): PermutationResult {
  const alternative = options.alternative ?? 'two-sided';
  const n = differences.length;
  if (n === 0) throw new RangeError('no differences');
  const d = Float64Array.from(differences);
  let total = 0;
  let scale = 0;
  for (const v of d) {
    total += v;
    scale += Math.abs(v);
  }
  const statistic = total / n;
  // Compare sums rather than means: same order, one division fewer per arrangement.
  const gamma = tolerance(total, scale);
  let atMost = 0;
  let atLeast = 0;
  const exact = n <= Math.min(options.exactMaxN ?? 20, 30);

  if (exact) {
    // Meet in the middle: every signed sum is one addition of a low-half and a high-half
    // subset sum, each computed afresh, so no rounding builds up over a million steps.
    const low = signedSubsetSums(d.subarray(0, n >> 1));
    const high = signedSubsetSums(d.subarray(n >> 1));
    for (const h of high) {
      for (const l of low) {
        const sum = h + l;
        if (sum <= total + gamma) atMost++;
        if (sum >= total - gamma) atLeast++;
      }
    }
    const count = low.length * high.length;
    return { statistic, pValue: pValueFromCounts(atMost, atLeast, count, true, alternative), exact, resamples: count };
  }

  const resamples = options.resamples ?? 9999;
  const rng = createRng(options.seed ?? 1);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    let bits = 0;
    for (let i = 0; i < n; i++) {
      if ((i & 31) === 0) bits = rng.nextUint32();
      sum += bits & 1 ? -(d[i] as number) : (d[i] as number);
      bits >>>= 1;
    }
    if (sum <= total + gamma) atMost++;
    if (sum >= total - gamma) atLeast++;
  }
  return { statistic, pValue: pValueFromCounts(atMost, atLeast, resamples, false, alternative), exact, resamples };
}

/** All 2^k sums of +-values[i]. */
function signedSubsetSums(values: Float64Array): Float64Array {
  const k = values.length;
  const sums = new Float64Array(2 ** k);
  for (let mask = 0; mask < sums.length; mask++) {
    let sum = 0;
    for (let i = 0; i < k; i++) sum += mask & (1 << i) ? -(values[i] as number) : (values[i] as number);
    sums[mask] = sum;
  }
  return sums;
}

/**
 * Two-sample permutation test of mean(x) - mean(y) (e.g. a difference-in-differences:
 * pass the per-pair framing differences of the safety-colliding cases as `x` and of the
 * non-colliding ones as `y`), as scipy.stats.permutation_test((x, y), diff_of_means,
 * permutation_type='independent'). Exact over all C(n1 + n2, n1) splits when there are at
 * most `exactMaxSplits` (default 1,000,000; SciPy goes exact while the splits are at most
 * its resamples), else Monte Carlo with a seeded stream.
 * 'greater' means values of `x` tend to be larger.
 */
export function twoSamplePermutationTest(
  x: readonly number[],
  y: readonly number[],
  options: PermutationOptions & { exactMaxSplits?: number } = {},
): PermutationResult {
  const alternative = options.alternative ?? 'two-sided';
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) throw new RangeError('both samples need at least one value');
  const pool = Float64Array.from([...x, ...y]);
  const n = n1 + n2;
  let total = 0;
  let scale = 0;
  for (const v of pool) {
    total += v;
    scale += Math.abs(v);
  }
  let sumX = 0;
  for (const v of x) sumX += v;
  const meanDiff = (s1: number): number => s1 / n1 - (total - s1) / n2;
  const statistic = meanDiff(sumX);
  const gamma = tolerance(statistic, scale / n);
  let atMost = 0;
  let atLeast = 0;
  const count = (s1: number): void => {
    const value = meanDiff(s1);
    if (value <= statistic + gamma) atMost++;
    if (value >= statistic - gamma) atLeast++;
  };

  const splits = binomial(n, Math.min(n1, n2));
  if (splits <= (options.exactMaxSplits ?? 1_000_000)) {
    // Enumerate the smaller group's members; the other group's sum follows from the total.
    const k = Math.min(n1, n2);
    const pickX = k === n1;
    const index = Array.from({ length: k }, (_, i) => i);
    for (;;) {
      let s = 0;
      for (const i of index) s += pool[i] as number;
      count(pickX ? s : total - s);
      let i = k - 1;
      while (i >= 0 && index[i] === n - k + i) i--;
      if (i < 0) break;
      index[i] = (index[i] as number) + 1;
      for (let j = i + 1; j < k; j++) index[j] = (index[j - 1] as number) + 1;
    }
    return { statistic, pValue: pValueFromCounts(atMost, atLeast, splits, true, alternative), exact: true, resamples: splits };
  }

  const resamples = options.resamples ?? 9999;
  const rng = createRng(options.seed ?? 1);
  // Only the smaller group is drawn (the other's sum follows from the total), and its random
  // numbers come in one batch per resample: in Chromium's V8 this loop was two thirds of the
  // whole analysis.
  const k = Math.min(n1, n2);
  const pickX = k === n1;
  const draws = new Uint32Array(k);
  for (let r = 0; r < resamples; r++) {
    // A partial Fisher-Yates shuffle draws a uniform random k-subset from any start order.
    rng.fillUint32(draws);
    let s = 0;
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(((draws[i] as number) / TWO_POW_32) * (n - i));
      const picked = pool[j] as number;
      pool[j] = pool[i] as number;
      pool[i] = picked;
      s += picked;
    }
    count(pickX ? s : total - s);
  }
  return { statistic, pValue: pValueFromCounts(atMost, atLeast, resamples, false, alternative), exact: false, resamples };
}

const TWO_POW_32 = 4294967296;

function binomial(n: number, k: number): number {
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return Math.round(result);
}
