// Written here rather than wrapping @stdlib/stats-wilcoxon, which matches R, not SciPy:
// for n <= 13 with ties or zeros SciPy enumerates the sign flips where stdlib uses the
// normal approximation (0.0567 vs 0.0664 on a test case here), stdlib reports R+ rather
// than min(R+, R-) for two-sided tests, applies the continuity correction by default, and
// counts the n > 50 cut-off after dropping zeros.
import type { Alternative } from './alternative';
import { normalCdf, normalSf } from './distributions';
import { rankWithTies, tieCorrectionTerm } from './ranks';

/** How the p-value of a rank test was obtained. */
export type RankTestMethod = 'exact' | 'permutation' | 'asymptotic';

/** Options for {@link wilcoxonSignedRank}. */
export interface WilcoxonOptions {
  alternative?: Alternative;
  /** 'auto' (default) chooses as SciPy 1.17 does; see {@link wilcoxonSignedRank}. */
  method?: 'auto' | RankTestMethod;
  /** Continuity correction in the normal approximation. Default false, as SciPy. */
  correction?: boolean;
}

/** Result of {@link wilcoxonSignedRank}. */
export interface WilcoxonResult {
  /** min(R+, R-) for 'two-sided', R+ (sum of ranks of positive differences) otherwise. */
  statistic: number;
  pValue: number;
  /** Sum of the ranks of the positive differences. */
  rPlus: number;
  /** Number of non-zero differences (the n of the test). */
  n: number;
  /** Number of zero differences, dropped before ranking. */
  zeros: number;
  method: RankTestMethod;
  /** Standardized R+ (tie-corrected, and continuity-corrected if asked); NaN unless asymptotic. */
  z: number;
}

/**
 * Wilcoxon signed-rank test on paired differences, matching scipy.stats.wilcoxon(d) in
 * SciPy 1.17 with its defaults: zero_method='wilcox' (zeros dropped before ranking),
 * correction=False, method='auto'. 'auto' means, with n counting the zeros as SciPy does:
 * - n > 50: normal approximation with the tie correction;
 * - otherwise, no ties and no zeros: the exact null distribution of R+;
 * - otherwise n <= 13: exact enumeration of all 2^n sign flips of the differences (SciPy's
 *   permutation_test, which is exhaustive there since 2^13 is below its 9,999 resamples);
 * - otherwise: the normal approximation.
 * 'exact' with ties or zeros rounds R+ as SciPy does (up for 'less', down for 'greater').
 * 'greater' means the differences tend to be positive.
 */
export function wilcoxonSignedRank(
  differences: readonly number[],
  options: WilcoxonOptions = {},
): WilcoxonResult {
  const alternative = options.alternative ?? 'two-sided';
  const nAll = differences.length;
  const nonZero = differences.filter((d) => d !== 0);
  const n = nonZero.length;
  const zeros = nAll - n;
  const { ranks, tieSizes } = rankWithTies(nonZero.map(Math.abs));
  let rPlus = 0;
  for (let i = 0; i < n; i++) if ((nonZero[i] as number) > 0) rPlus += ranks[i] as number;
  const rMinus = (n * (n + 1)) / 2 - rPlus;
  const hasTies = tieSizes.length < n;

  let method: RankTestMethod;
  if (options.method && options.method !== 'auto') method = options.method;
  else if (nAll > 50) method = 'asymptotic';
  else if (!hasTies && zeros === 0) method = 'exact';
  else if (nAll <= 13) method = 'permutation';
  else method = 'asymptotic';

  const mean = (n * (n + 1)) / 4;
  const se = Math.sqrt((n * (n + 1) * (2 * n + 1) - tieCorrectionTerm(tieSizes) / 2) / 24);
  let z = Number.NaN;
  let pValue: number;
  if (method === 'asymptotic') {
    z = (rPlus - mean) / se;
    if (options.correction) {
      const sign = alternative === 'greater' ? 1 : alternative === 'less' ? -1 : Math.sign(z);
      z -= (sign * 0.5) / se;
    }
    pValue =
      alternative === 'less'
        ? normalCdf(z)
        : alternative === 'greater'
          ? normalSf(z)
          : 2 * normalSf(Math.abs(z));
    if (alternative === 'two-sided') z = -Math.abs(z);
  } else if (method === 'exact') {
    const counts = signedRankCounts(n);
    const total = 2 ** n;
    const cdf = (k: number): number => sumRange(counts, 0, k) / total;
    const sf = (k: number): number => sumRange(counts, k, counts.length - 1) / total;
    const up = Math.ceil(rPlus);
    const down = Math.floor(rPlus);
    pValue =
      alternative === 'less'
        ? cdf(up)
        : alternative === 'greater'
          ? sf(down)
          : Math.min(1, 2 * Math.min(sf(down), cdf(up)));
  } else {
    pValue = signFlipPValue(ranks, rPlus, alternative);
  }
  const statistic = alternative === 'two-sided' ? Math.min(rPlus, rMinus) : rPlus;
  return { statistic, pValue, rPlus, n, zeros, method, z };
}

/** counts[k] = number of subsets of {1..n} summing to k; exact in doubles up to n = 50. */
function signedRankCounts(n: number): Float64Array {
  const max = (n * (n + 1)) / 2;
  const counts = new Float64Array(max + 1);
  counts[0] = 1;
  for (let r = 1; r <= n; r++) {
    for (let k = (r * (r + 1)) / 2; k >= r; k--) counts[k] = (counts[k] as number) + (counts[k - r] as number);
  }
  return counts;
}

function sumRange(values: Float64Array, from: number, to: number): number {
  let sum = 0;
  for (let k = Math.max(0, from); k <= Math.min(to, values.length - 1); k++) sum += values[k] as number;
  return sum;
}

/**
 * Exhaustive sign-flip p-value of R+, as scipy.stats.permutation_test with
 * permutation_type='samples'. Zeros are left out: flipping them changes nothing, so they
 * only scale every count by the same power of two.
 */
function signFlipPValue(ranks: Float64Array, observed: number, alternative: Alternative): number {
  const n = ranks.length;
  if (n > 24) throw new RangeError(`sign-flip enumeration of ${n} differences is too large`);
  const total = 2 ** n;
  const gamma = Math.abs(observed) * 100 * Number.EPSILON;
  let atMost = 0;
  let atLeast = 0;
  for (let mask = 0; mask < total; mask++) {
    let sum = 0;
    for (let i = 0; i < n; i++) if (mask & (1 << i)) sum += ranks[i] as number;
    if (sum <= observed + gamma) atMost++;
    if (sum >= observed - gamma) atLeast++;
  }
  const less = atMost / total;
  const greater = atLeast / total;
  if (alternative === 'less') return less;
  if (alternative === 'greater') return greater;
  return Math.min(1, 2 * Math.min(less, greater));
}
