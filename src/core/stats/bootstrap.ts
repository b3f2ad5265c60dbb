import { createRng } from './rng';

/**
 * A statistic of a resample. It receives a view of a reused buffer: read it, do not keep
 * it, and do not assume its length is that of the original data (cluster resamples vary).
 */
export type SampleStatistic = (sample: Float64Array) => number;

/** Options for the bootstrap intervals. */
export interface BootstrapOptions {
  /** Statistic of a sample. Default: the mean (computed without copying the resample). */
  statistic?: SampleStatistic;
  /** Number of resamples. Default 5,000. */
  resamples?: number;
  /** Two-sided confidence level. Default 0.95. */
  confidenceLevel?: number;
  /** Seed of the resampling stream. Default 1. */
  seed?: number;
}

/** A percentile bootstrap confidence interval. */
export interface BootstrapInterval {
  /** The statistic on the original data (all values pooled, for clusters). */
  estimate: number;
  lower: number;
  upper: number;
  confidenceLevel: number;
  resamples: number;
}

/** One observation tagged with the cluster it belongs to (e.g. a pair, or a case x model cell). */
export interface ClusterRow {
  cluster: string | number;
  value: number;
}

function mean(sample: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < sample.length; i++) sum += sample[i] as number;
  return sum / sample.length;
}

/**
 * Percentile bootstrap CI: resample `values` with replacement, and take the alpha/2 and
 * 1 - alpha/2 quantiles of the resampled statistics, interpolating linearly between order
 * statistics (NumPy's default percentile, as scipy.stats.bootstrap(method='percentile')).
 */
export function bootstrapCi(values: readonly number[], options: BootstrapOptions = {}): BootstrapInterval {
  const data = Float64Array.from(values);
  const n = data.length;
  if (n === 0) throw new RangeError('no data to bootstrap');
  const resamples = options.resamples ?? 5000;
  const rng = createRng(options.seed ?? 1);
  const draws = new Uint32Array(n);
  const stats = new Float64Array(resamples);
  const statistic = options.statistic;
  if (statistic === undefined) {
    for (let r = 0; r < resamples; r++) {
      rng.fillBelow(draws, n);
      let sum = 0;
      for (let i = 0; i < n; i++) sum += data[draws[i] as number] as number;
      stats[r] = sum / n;
    }
  } else {
    const buffer = new Float64Array(n);
    for (let r = 0; r < resamples; r++) {
      rng.fillBelow(draws, n);
      for (let i = 0; i < n; i++) buffer[i] = data[draws[i] as number] as number;
      stats[r] = statistic(buffer);
    }
  }
  return percentileInterval(stats, (statistic ?? mean)(data), options.confidenceLevel ?? 0.95);
}

/**
 * Cluster bootstrap CI: resample whole clusters with replacement (as many clusters as
 * there are), pool their values, and compute the statistic; percentile interval as in
 * {@link bootstrapCi}. Use it when values within a cluster are correlated (repetitions of
 * one pair, or one case x model cell). With the default mean, a resample's statistic is
 * sum of the drawn clusters' sums over the sum of their sizes, so larger clusters weigh
 * more, exactly as pooling the values would.
 * @param clusters arrays of values, one per cluster, or (cluster, value) rows.
 */
export function clusterBootstrapCi(
  clusters: readonly (readonly number[])[] | readonly ClusterRow[],
  options: BootstrapOptions = {},
): BootstrapInterval {
  const groups = isRows(clusters) ? clustersFromRows(clusters) : clusters;
  const resamples = options.resamples ?? 5000;
  const k = groups.length;
  if (k === 0) throw new RangeError('no data to bootstrap');

  const offsets = new Uint32Array(k + 1);
  for (let c = 0; c < k; c++) offsets[c + 1] = (offsets[c] as number) + (groups[c] as readonly number[]).length;
  const flat = new Float64Array(offsets[k] as number);
  for (let c = 0; c < k; c++) flat.set(groups[c] as readonly number[], offsets[c] as number);

  const rng = createRng(options.seed ?? 1);
  const draws = new Uint32Array(k);
  const stats = new Float64Array(resamples);
  const statistic = options.statistic;
  if (statistic === undefined) {
    const sums = new Float64Array(k);
    const sizes = new Float64Array(k);
    for (let c = 0; c < k; c++) {
      for (let i = offsets[c] as number; i < (offsets[c + 1] as number); i++) sums[c] = (sums[c] as number) + (flat[i] as number);
      sizes[c] = (offsets[c + 1] as number) - (offsets[c] as number);
    }
    for (let r = 0; r < resamples; r++) {
      rng.fillBelow(draws, k);
      let sum = 0;
      let size = 0;
      for (let j = 0; j < k; j++) {
        const c = draws[j] as number;
        sum += sums[c] as number;
        size += sizes[c] as number;
      }
      stats[r] = sum / size;
    }
  } else {
    let largest = 0;
    for (let c = 0; c < k; c++) largest = Math.max(largest, (offsets[c + 1] as number) - (offsets[c] as number));
    const buffer = new Float64Array(largest * k);
    for (let r = 0; r < resamples; r++) {
      rng.fillBelow(draws, k);
      let length = 0;
      for (let j = 0; j < k; j++) {
        const c = draws[j] as number;
        const from = offsets[c] as number;
        const to = offsets[c + 1] as number;
        for (let i = from; i < to; i++) buffer[length++] = flat[i] as number;
      }
      stats[r] = statistic(buffer.subarray(0, length));
    }
  }
  return percentileInterval(stats, (statistic ?? mean)(flat), options.confidenceLevel ?? 0.95);
}

/** Sorts `stats` in place and reads the equal-tailed percentile interval from it. */
function percentileInterval(stats: Float64Array, estimate: number, level: number): BootstrapInterval {
  stats.sort();
  const alpha = 1 - level;
  return {
    estimate,
    lower: quantileSorted(stats, alpha / 2),
    upper: quantileSorted(stats, 1 - alpha / 2),
    confidenceLevel: level,
    resamples: stats.length,
  };
}

/** Groups (cluster, value) rows into arrays of values, clusters in order of first appearance. */
export function clustersFromRows(rows: readonly ClusterRow[]): number[][] {
  const byCluster = new Map<string | number, number[]>();
  for (const { cluster, value } of rows) {
    const group = byCluster.get(cluster);
    if (group) group.push(value);
    else byCluster.set(cluster, [value]);
  }
  return [...byCluster.values()];
}

function isRows(data: readonly (readonly number[])[] | readonly ClusterRow[]): data is readonly ClusterRow[] {
  return data.length > 0 && !Array.isArray(data[0]);
}

/** Quantile of sorted values by linear interpolation (NumPy's default, R type 7). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  const low = sorted[below] as number;
  return low + (position - below) * ((sorted[above] as number) - low);
}
