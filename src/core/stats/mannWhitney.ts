import type { Alternative } from './alternative';
import { normalSf } from './distributions';
import { rankWithTies, tieCorrectionTerm } from './ranks';

/** Options for {@link mannWhitneyU}. */
export interface MannWhitneyOptions {
  alternative?: Alternative;
  /** 'auto' (default) chooses as SciPy 1.17 does; see {@link mannWhitneyU}. */
  method?: 'auto' | 'exact' | 'asymptotic';
  /** Continuity correction in the normal approximation. Default true, as SciPy. */
  continuity?: boolean;
}

/** Result of {@link mannWhitneyU}. */
export interface MannWhitneyResult {
  /** U of the first sample: the number of pairs (x, y) with x > y, ties counting 1/2. */
  statistic: number;
  pValue: number;
  method: 'exact' | 'asymptotic';
}

/**
 * Mann-Whitney U test, matching scipy.stats.mannwhitneyu(x, y) in SciPy 1.17 with its
 * defaults (use_continuity=True, method='auto'). 'auto' uses the exact null distribution
 * of U when there are no ties and either sample has at most 8 values, and otherwise the
 * normal approximation with the tie correction and a continuity correction of 1/2.
 * 'greater' means values of `x` tend to be larger than values of `y`.
 */
export function mannWhitneyU(
  x: readonly number[],
  y: readonly number[],
  options: MannWhitneyOptions = {},
): MannWhitneyResult {
  const alternative = options.alternative ?? 'two-sided';
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) throw new RangeError('both samples need at least one value');
  const { ranks, tieSizes } = rankWithTies([...x, ...y]);
  let r1 = 0;
  for (let i = 0; i < n1; i++) r1 += ranks[i] as number;
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  // SciPy always takes an upper tail: of U1, of U2 by symmetry, or of max(U1, U2) doubled.
  const u = alternative === 'greater' ? u1 : alternative === 'less' ? u2 : Math.max(u1, u2);
  const factor = alternative === 'two-sided' ? 2 : 1;
  const hasTies = tieSizes.length < n1 + n2;

  let method = options.method ?? 'auto';
  if (method === 'auto') method = (n1 > 8 && n2 > 8) || hasTies ? 'asymptotic' : 'exact';

  let upper: number;
  if (method === 'exact') {
    upper = exactUpperTail(n1, n2, Math.round(u));
  } else {
    const n = n1 + n2;
    const s = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieCorrectionTerm(tieSizes) / (n * (n - 1))));
    const numerator = u - (n1 * n2) / 2 - (options.continuity === false ? 0 : 0.5);
    upper = normalSf(numerator / s);
  }
  return { statistic: u1, pValue: Math.min(1, factor * upper), method };
}

/**
 * P(U >= k) under the null for sample sizes n1, n2 without ties. The counts of U are the
 * coefficients of the Gaussian binomial [n1 + n2 choose m]_q with m = min(n1, n2), built
 * one factor (1 - q^(n+i)) / (1 - q^i) at a time; every partial product has non-negative
 * integer coefficients, so the doubles stay exact while the counts are below 2^53.
 */
function exactUpperTail(n1: number, n2: number, k: number): number {
  const m = Math.min(n1, n2);
  const n = Math.max(n1, n2);
  const max = m * n;
  const counts = new Float64Array(max + 1);
  counts[0] = 1;
  for (let i = 1; i <= m; i++) {
    const degree = i * n;
    for (let j = degree; j >= n + i; j--) counts[j] = (counts[j] as number) - (counts[j - n - i] as number);
    for (let j = i; j <= degree; j++) counts[j] = (counts[j] as number) + (counts[j - i] as number);
  }
  let total = 0;
  let tail = 0;
  for (let j = 0; j <= max; j++) {
    total += counts[j] as number;
    if (j >= k) tail += counts[j] as number;
  }
  return tail / total;
}
