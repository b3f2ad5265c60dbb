import { describe, expect, it } from 'vitest';
import { spearman } from './spearman';

// Expected values: bench/stats_reference.py, scipy.stats.spearmanr (SciPy 1.17).
describe('spearman matches scipy.stats.spearmanr', () => {
  const x = [1, 2, 2, 3, 4, 5, 5, 5, 6, 7, 8, 9];
  const y = [2, 1, 3, 3, 5, 4, 6, 8, 7, 7, 9, 10];

  it.each([
    ['two-sided', 1.575079086579093e-5],
    ['greater', 7.875395432895465e-6],
    ['less', 0.9999921246045671],
  ] as const)('with ties, %s', (alternative, p) => {
    const result = spearman(x, y, alternative);
    expect(result.rho).toBeCloseTo(0.9256767658385363, 12);
    expect(result.pValue).toBeCloseTo(p, 12);
  });

  it('negative correlation', () => {
    const result = spearman([0.2, 1.5, 0.9, 3.3, 2.1, 0.4, 1.1, 2.8], [1.0, 0.3, 0.8, 0.1, 0.5, 1.2, 0.6, 0.2]);
    expect(result.rho).toBeCloseTo(-0.9523809523809524, 12);
    expect(result.pValue).toBeCloseTo(0.000260400024387251, 12);
  });

  it('is undefined for a constant input', () => {
    expect(spearman([1, 1, 1], [1, 2, 3]).rho).toBeNaN();
  });
});
