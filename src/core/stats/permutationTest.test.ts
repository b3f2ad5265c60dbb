import { describe, expect, it } from 'vitest';
import { pairedPermutationTest, twoSamplePermutationTest } from './permutationTest';

// Expected values: bench/stats_reference.py, scipy.stats.permutation_test with
// n_resamples=np.inf (exhaustive), SciPy 1.17.
const d10 = [0.4, -0.2, 0.9, 0.1, 0.6, -0.5, 0.3, 0.8, 0.0, 0.25];
const d16 = [0.35, 0.8, -0.15, 0.62, 1.1, 0.05, -0.42, 0.9, 0.27, 0.71, -0.08, 1.35, 0.44, 0.19, -0.3, 0.58];

describe('pairedPermutationTest matches scipy.stats.permutation_test (samples)', () => {
  it.each([
    [d10, 0.265, 'two-sided', 0.09765625],
    [d10, 0.265, 'greater', 0.048828125],
    [d10, 0.265, 'less', 0.958984375],
    [d16, 0.400625, 'two-sided', 0.006988525390625],
    [d16, 0.400625, 'greater', 0.0034942626953125],
    [d16, 0.400625, 'less', 0.99658203125],
  ] as const)('exact, n = %#', (d, mean, alternative, p) => {
    const result = pairedPermutationTest(d, { alternative });
    expect(result.exact).toBe(true);
    expect(result.resamples).toBe(2 ** d.length);
    expect(result.statistic).toBeCloseTo(mean, 12);
    expect(result.pValue).toBeCloseTo(p, 12);
  });

  it('Monte Carlo is seeded and close to the exact p-value', () => {
    const options = { alternative: 'greater', exactMaxN: 10, resamples: 20_000, seed: 7 } as const;
    const first = pairedPermutationTest(d16, options);
    expect(first.exact).toBe(false);
    expect(pairedPermutationTest(d16, options).pValue).toBe(first.pValue);
    expect(first.pValue).toBeCloseTo(0.0034942626953125, 2);
  });
});

describe('twoSamplePermutationTest matches scipy.stats.permutation_test (independent)', () => {
  const x = [0.12, 0.3, 0.05, 0.22, 0.4, 0.18];
  const y = [0.02, -0.05, 0.1, 0.0, 0.08, -0.12, 0.04];

  it.each([
    ['two-sided', 0.004662004662004662],
    ['greater', 0.002331002331002331],
    ['less', 0.9982517482517482],
  ] as const)('exact, %s', (alternative, p) => {
    const result = twoSamplePermutationTest(x, y, { alternative });
    expect(result.exact).toBe(true);
    expect(result.resamples).toBe(1716);
    expect(result.statistic).toBeCloseTo(0.20166666666666663, 12);
    expect(result.pValue).toBeCloseTo(p, 12);
  });

  it('gives the same answer with the samples swapped and the direction reversed', () => {
    const swapped = twoSamplePermutationTest(y, x, { alternative: 'less' });
    expect(swapped.pValue).toBeCloseTo(0.002331002331002331, 12);
  });

  it('Monte Carlo is seeded and close to the exact p-value', () => {
    const options = { exactMaxSplits: 100, resamples: 50_000, seed: 3 } as const;
    const first = twoSamplePermutationTest(x, y, options);
    expect(first.exact).toBe(false);
    expect(twoSamplePermutationTest(x, y, options).pValue).toBe(first.pValue);
    expect(first.pValue).toBeCloseTo(0.004662004662004662, 2);
  });
});
