import { describe, expect, it } from 'vitest';
import { wilcoxonSignedRank } from './wilcoxon';
import type { Alternative } from './alternative';

// Inputs and expected values: bench/stats_reference.py, scipy.stats.wilcoxon(d, alternative=...)
// with SciPy 1.17 defaults.
type Expected = Record<Alternative, [statistic: number, p: number]>;

const cases: [name: string, d: number[], method: string, expected: Expected][] = [
  [
    'small exact (no ties, no zeros)',
    [0.6, 1.2, -0.4, 2.3, 1.9, -0.8, 3.1, 0.9, 1.4, 2.7],
    'exact',
    { 'two-sided': [4, 0.013671875], greater: [51, 0.0068359375], less: [51, 0.9951171875] },
  ],
  [
    '22 pairs exact',
    [0.35, 0.8, -0.15, 0.62, 1.1, 0.05, -0.42, 0.9, 0.27, 0.71, -0.08, 1.35, 0.44, 0.19, -0.3, 0.58,
      0.97, 0.12, 0.66, -0.55, 1.02, 0.23],
    'exact',
    {
      'two-sided': [36, 0.0021948814392089844],
      greater: [217, 0.0010974407196044922],
      less: [217, 0.9990408420562744],
    },
  ],
  [
    'ties and zeros, n = 18 (normal approximation)',
    [0, 0, 1, -1, 2, 2, -2, 3, 3, 3, -0.5, 4, 1, 2, 0.5, 5, -3, 2],
    'asymptotic',
    {
      'two-sided': [26, 0.028919408973045513],
      greater: [110, 0.014459704486522756],
      less: [110, 0.9855402955134772],
    },
  ],
  [
    'ties and a zero, n = 10 (sign-flip enumeration)',
    [1, 2, 2, -1, 3, 0, 4, -2, 1.5, 3],
    'permutation',
    { 'two-sided': [6.5, 0.06640625], greater: [38.5, 0.033203125], less: [38.5, 0.978515625] },
  ],
  [
    'n = 60 (normal approximation)',
    [-0.325, 3.375, -3.025, 0.675, 4.375, -2.025, 1.675, 5.375, -1.025, 2.675, -3.725, -0.025,
      3.675, -2.725, 0.975, 4.675, -1.725, 1.975, 5.675, -0.725, 2.975, -3.425, 0.275, 3.975,
      -2.425, 1.275, 4.975, -1.425, 2.275, 5.975, -0.425, 3.275, -3.125, 0.575, 4.275, -2.125,
      1.575, 5.275, -1.125, 2.575, -3.825, -0.125, 3.575, -2.825, 0.875, 4.575, -1.825, 1.875,
      5.575, -0.825, 2.875, -3.525, 0.175, 3.875, -2.525, 1.175, 4.875, -1.525, 2.175, 5.875],
    'asymptotic',
    {
      'two-sided': [564, 0.009768369815048953],
      greater: [1266, 0.004884184907524476],
      less: [1266, 0.9951158150924755],
    },
  ],
];

describe('wilcoxonSignedRank matches scipy.stats.wilcoxon', () => {
  for (const [name, d, method, expected] of cases) {
    for (const alternative of ['two-sided', 'greater', 'less'] as const) {
      it(`${name}, ${alternative}`, () => {
        const result = wilcoxonSignedRank(d, { alternative });
        const [statistic, p] = expected[alternative];
        expect(result.method).toBe(method);
        expect(result.statistic).toBeCloseTo(statistic, 12);
        expect(result.pValue).toBeCloseTo(p, 12);
      });
    }
  }

  it('drops zeros and counts them', () => {
    const result = wilcoxonSignedRank([0, 0, 1, -1, 2, 2, -2, 3, 3, 3, -0.5, 4, 1, 2, 0.5, 5, -3, 2]);
    expect(result.zeros).toBe(2);
    expect(result.n).toBe(16);
  });
});
