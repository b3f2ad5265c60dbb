/** Kappa weighting, as sklearn.metrics.cohen_kappa_score's `weights`. */
export type KappaWeights = 'none' | 'linear' | 'quadratic';

/** A square table of counts: rows are rater A's category, columns rater B's. */
export interface ConfusionMatrix {
  /** Ordered categories indexing both rows and columns. */
  categories: number[];
  counts: number[][];
}

/** Everything {@link agreementSummary} reports for two raters. */
export interface AgreementSummary {
  n: number;
  /** Share of items with a === b. */
  exactAgreement: number;
  /** Share of items with |a - b| <= 1, on the scores themselves. */
  withinOneAgreement: number;
  /** Mean of a - b: positive when rater A scores higher. */
  meanBias: number;
  kappa: number;
  linearKappa: number;
  quadraticKappa: number;
  confusion: ConfusionMatrix;
}

function checkPaired(a: readonly number[], b: readonly number[]): void {
  if (a.length !== b.length) throw new RangeError('the two raters must score the same items');
  if (a.length === 0) throw new RangeError('no items');
}

/**
 * Confusion matrix of two raters' scores. Categories are the given ordered list, or else
 * the sorted union of both raters' scores. A score outside the given list throws.
 */
export function confusionMatrix(
  a: readonly number[],
  b: readonly number[],
  categories?: readonly number[],
): ConfusionMatrix {
  checkPaired(a, b);
  const cats = categories ? [...categories] : [...new Set([...a, ...b])].sort((p, q) => p - q);
  const index = new Map(cats.map((c, i) => [c, i]));
  const counts = cats.map(() => cats.map(() => 0));
  for (let i = 0; i < a.length; i++) {
    const row = index.get(a[i] as number);
    const col = index.get(b[i] as number);
    if (row === undefined || col === undefined) {
      throw new RangeError(`score ${row === undefined ? a[i] : b[i]} is not among the categories`);
    }
    (counts[row] as number[])[col] = ((counts[row] as number[])[col] as number) + 1;
  }
  return { categories: cats, counts };
}

/**
 * Cohen's kappa, optionally weighted, matching sklearn.metrics.cohen_kappa_score(a, b,
 * labels=categories, weights=...). Weights use the distance between the categories'
 * positions in the ordered list, not between their values: with categories [0, 1, 2, 3, 4]
 * and no 2 observed, 1 and 3 are two steps apart; with the union [0, 1, 3, 4], one.
 * 1 is perfect agreement, 0 chance agreement; NaN when both raters use a single category.
 */
export function cohenKappa(
  a: readonly number[],
  b: readonly number[],
  options: { weights?: KappaWeights; categories?: readonly number[] } = {},
): number {
  return kappaFromConfusion(confusionMatrix(a, b, options.categories), options.weights ?? 'none');
}

function kappaFromConfusion({ counts }: ConfusionMatrix, weights: KappaWeights): number {
  const k = counts.length;
  const rowSums = counts.map((row) => row.reduce((s, v) => s + v, 0));
  const colSums = counts[0]?.map((_, j) => counts.reduce((s, row) => s + (row[j] as number), 0)) ?? [];
  const total = rowSums.reduce((s, v) => s + v, 0);
  let observed = 0;
  let expected = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const distance = Math.abs(i - j);
      const w = weights === 'none' ? (i === j ? 0 : 1) : weights === 'linear' ? distance : distance * distance;
      observed += w * ((counts[i] as number[])[j] as number);
      expected += (w * (rowSums[i] as number) * (colSums[j] as number)) / total;
    }
  }
  return 1 - observed / expected;
}

/**
 * Agreement of two raters scoring the same items on an ordinal scale: exact and within-1
 * agreement, mean bias (a - b), Cohen's kappa unweighted, linear and quadratic, and the
 * confusion matrix (categories as in {@link confusionMatrix}).
 */
export function agreementSummary(
  a: readonly number[],
  b: readonly number[],
  categories?: readonly number[],
): AgreementSummary {
  const confusion = confusionMatrix(a, b, categories);
  const n = a.length;
  let exact = 0;
  let withinOne = 0;
  let bias = 0;
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d === 0) exact++;
    if (Math.abs(d) <= 1) withinOne++;
    bias += d;
  }
  return {
    n,
    exactAgreement: exact / n,
    withinOneAgreement: withinOne / n,
    meanBias: bias / n,
    kappa: kappaFromConfusion(confusion, 'none'),
    linearKappa: kappaFromConfusion(confusion, 'linear'),
    quadraticKappa: kappaFromConfusion(confusion, 'quadratic'),
    confusion,
  };
}

/** Result of {@link blindnessShare}. */
export interface BlindnessShare {
  /** blind / flagged; NaN when the reference rater flagged nothing. */
  share: number;
  /** Items the reference rater scored >= 1 and the other rater scored 0. */
  blind: number;
  /** Items the reference rater scored >= 1. */
  flagged: number;
}

/**
 * "Blindness" of one rater relative to a reference: among the items the reference rater
 * scores >= 1 (sees some harm), the share the other rater scores 0 (sees none). With
 * reference 'b' (the default) this is: among items where B >= 1, the share where A = 0;
 * e.g. pass a model judge as `a` and the physician as `b` to ask how often the judge
 * misses harm the physician saw. It is not symmetric: swapping the reference asks the
 * opposite question.
 */
export function blindnessShare(
  a: readonly number[],
  b: readonly number[],
  reference: 'a' | 'b' = 'b',
): BlindnessShare {
  checkPaired(a, b);
  const [ref, other] = reference === 'b' ? [b, a] : [a, b];
  let flagged = 0;
  let blind = 0;
  for (let i = 0; i < ref.length; i++) {
    if ((ref[i] as number) >= 1) {
      flagged++;
      if (other[i] === 0) blind++;
    }
  }
  return { share: flagged === 0 ? Number.NaN : blind / flagged, blind, flagged };
}
