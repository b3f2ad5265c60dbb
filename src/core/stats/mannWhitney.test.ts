import { describe, expect, it } from 'vitest';
import { mannWhitneyU } from './mannWhitney';
import type { Alternative } from './alternative';

// Inputs and expected values: bench/stats_reference.py, scipy.stats.mannwhitneyu(x, y,
// alternative=...) with SciPy 1.17 defaults.
type Expected = Record<Alternative, number>;

const cases: [name: string, x: number[], y: number[], u: number, method: string, p: Expected][] = [
  [
    'small, no ties (exact)',
    [1.1, 3.4, 2.2, 5.0, 4.1],
    [2.8, 6.3, 7.7, 5.9, 6.6, 4.7],
    4,
    'exact',
    { 'two-sided': 0.05194805194805195, greater: 0.9848484848484849, less: 0.025974025974025976 },
  ],
  [
    'hit rates with ties (normal approximation)',
    [0, 0.5, 1, 1, 0.5, 0, 1, 1, 0.5, 1],
    [0, 0, 0.5, 0, 1, 0, 0.5, 0, 0, 1, 0.5],
    78.5,
    'asymptotic',
    { 'two-sided': 0.08537747623714241, greater: 0.042688738118571205, less: 0.9636809738991869 },
  ],
  [
    'both samples > 8, no ties (normal approximation)',
    [3.1, 4.7, 2.2, 5.9, 6.4, 1.8, 7.3, 4.0, 5.2, 6.8],
    [2.5, 1.3, 3.6, 0.9, 4.4, 2.9, 1.6, 3.3, 5.5, 0.4, 2.0, 3.9],
    96,
    'asymptotic',
    { 'two-sided': 0.019242436939707945, greater: 0.009621218469853973, less: 0.9919521598103622 },
  ],
  [
    '4 against 30, no ties (exact)',
    [5.5, 7.25, 6.1, 8.9],
    [0.31, 0.62, 0.93, 1.24, 1.55, 1.86, 2.1, 2.41, 2.72, 3.03, 3.34, 3.65, 3.96, 4.2, 4.51, 4.82,
      5.13, 5.44, 5.75, 6.06, 6.3, 6.61, 6.92, 7.23, 7.54, 7.85, 8.16, 8.4, 8.71, 9.02],
    91,
    'exact',
    { 'two-sided': 0.10466620665861653, greater: 0.05233310332930827, less: 0.9534888735552872 },
  ],
];

describe('mannWhitneyU matches scipy.stats.mannwhitneyu', () => {
  for (const [name, x, y, u, method, p] of cases) {
    for (const alternative of ['two-sided', 'greater', 'less'] as const) {
      it(`${name}, ${alternative}`, () => {
        const result = mannWhitneyU(x, y, { alternative });
        expect(result.method).toBe(method);
        expect(result.statistic).toBeCloseTo(u, 12);
        expect(result.pValue).toBeCloseTo(p[alternative], 12);
      });
    }
  }
});
