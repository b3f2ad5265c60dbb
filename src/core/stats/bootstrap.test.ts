import { describe, expect, it } from 'vitest';
import { bootstrapCi, clusterBootstrapCi, clustersFromRows, quantileSorted } from './bootstrap';
import { createRng } from './rng';

const symmetric = [-3, -2.5, -2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 2.5, 3].map((v) => v + 10);

describe('bootstrapCi', () => {
  it('is reproducible for a seed and differs across seeds', () => {
    const first = bootstrapCi(symmetric, { seed: 11 });
    expect(bootstrapCi(symmetric, { seed: 11 })).toEqual(first);
    const other = bootstrapCi(symmetric, { seed: 12 });
    expect([other.lower, other.upper]).not.toEqual([first.lower, first.upper]);
  });

  it('contains the sample mean of a symmetric sample', () => {
    const ci = bootstrapCi(symmetric);
    expect(ci.estimate).toBeCloseTo(10, 12);
    expect(ci.lower).toBeLessThan(10);
    expect(ci.upper).toBeGreaterThan(10);
    expect(ci.resamples).toBe(5000);
    expect(ci.confidenceLevel).toBe(0.95);
  });

  it('accepts another statistic', () => {
    const median = (s: Float64Array): number => {
      const sorted = Float64Array.from(s).sort();
      return quantileSorted(sorted, 0.5);
    };
    const ci = bootstrapCi(symmetric, { statistic: median, resamples: 2000 });
    expect(ci.estimate).toBe(10);
    expect(ci.lower).toBeLessThanOrEqual(10);
    expect(ci.upper).toBeGreaterThanOrEqual(10);
  });
});

describe('clusterBootstrapCi', () => {
  // 20 clusters of 10 values that share a strong cluster effect.
  const rng = createRng(99);
  const clusters = Array.from({ length: 20 }, () => {
    const effect = (rng.next() - 0.5) * 4;
    return Array.from({ length: 10 }, () => effect + (rng.next() - 0.5) * 0.2);
  });

  it('is wider than the iid bootstrap when clusters are strongly correlated', () => {
    const clustered = clusterBootstrapCi(clusters);
    const iid = bootstrapCi(clusters.flat());
    expect(clustered.estimate).toBeCloseTo(iid.estimate, 12);
    expect(clustered.upper - clustered.lower).toBeGreaterThan(2 * (iid.upper - iid.lower));
  });

  it('takes (cluster, value) rows as well as arrays', () => {
    const rows = clusters.flatMap((values, c) => values.map((value) => ({ cluster: `pair-${c}`, value })));
    expect(clustersFromRows(rows)).toEqual(clusters);
    expect(clusterBootstrapCi(rows, { seed: 4 })).toEqual(clusterBootstrapCi(clusters, { seed: 4 }));
  });

  it('gives the same interval through the general statistic path as through the mean path', () => {
    const mean = (s: Float64Array): number => s.reduce((t, v) => t + v, 0) / s.length;
    const uneven = [[1, 2, 3], [10], [4, 4], [7, 8, 9, 10], [0.5]];
    const fast = clusterBootstrapCi(uneven, { seed: 8 });
    const general = clusterBootstrapCi(uneven, { seed: 8, statistic: mean });
    expect(general.lower).toBeCloseTo(fast.lower, 12);
    expect(general.upper).toBeCloseTo(fast.upper, 12);
  });
});

describe('quantileSorted', () => {
  it('interpolates linearly as NumPy percentile', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0.025)).toBeCloseTo(1.075, 12);
    expect(quantileSorted([1, 2, 3, 4], 1)).toBe(4);
  });
});
