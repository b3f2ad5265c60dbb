import { describe, expect, it } from 'vitest';
import { agreementSummary, blindnessShare, cohenKappa, confusionMatrix } from './agreement';

// Kappa expected values: bench/stats_reference.py, sklearn.metrics.cohen_kappa_score's
// formula in NumPy (labels = sorted union unless given).
const a = [0, 1, 2, 3, 0, 1, 2, 2, 3, 0, 1, 1, 2, 3, 3, 0, 0, 1, 2, 2, 3, 1, 0, 2, 1, 3, 2, 0, 1, 2];
const b = [0, 1, 2, 2, 1, 1, 3, 2, 3, 0, 0, 1, 2, 3, 2, 0, 1, 1, 1, 2, 3, 2, 0, 2, 0, 3, 3, 0, 1, 1];

describe('cohenKappa matches sklearn', () => {
  it('unweighted, linear and quadratic on a known confusion', () => {
    expect(confusionMatrix(a, b).counts).toEqual([
      [5, 2, 0, 0],
      [2, 5, 1, 0],
      [0, 2, 5, 2],
      [0, 0, 2, 4],
    ]);
    expect(cohenKappa(a, b)).toBeCloseTo(0.5081967213114754, 12);
    expect(cohenKappa(a, b, { weights: 'linear' })).toBeCloseTo(0.6886792452830188, 12);
    expect(cohenKappa(a, b, { weights: 'quadratic' })).toBeCloseTo(0.835493519441675, 12);
  });

  it('weights by position in the category list, so an unused category counts', () => {
    const x = [0, 1, 3, 4, 0, 1, 3, 4, 4, 0, 1, 3];
    const y = [0, 0, 3, 4, 1, 1, 4, 3, 4, 0, 3, 3];
    const all = [0, 1, 2, 3, 4];
    expect(cohenKappa(x, y)).toBeCloseTo(0.4444444444444444, 12);
    expect(cohenKappa(x, y, { categories: all })).toBeCloseTo(0.4444444444444444, 12);
    expect(cohenKappa(x, y, { weights: 'linear' })).toBeCloseTo(0.6666666666666667, 12);
    expect(cohenKappa(x, y, { weights: 'linear', categories: all })).toBeCloseTo(0.7142857142857143, 12);
    expect(cohenKappa(x, y, { weights: 'quadratic' })).toBeCloseTo(0.8333333333333334, 12);
    expect(cohenKappa(x, y, { weights: 'quadratic', categories: all })).toBeCloseTo(0.8666666666666667, 12);
  });

  it('rejects a score outside the given categories', () => {
    expect(() => cohenKappa([0, 5], [0, 1], { categories: [0, 1, 2] })).toThrow(RangeError);
  });
});

describe('agreementSummary', () => {
  it('reports agreement, bias and all three kappas', () => {
    const summary = agreementSummary(a, b);
    expect(summary.n).toBe(30);
    expect(summary.exactAgreement).toBeCloseTo(19 / 30, 12);
    expect(summary.withinOneAgreement).toBe(1);
    expect(summary.meanBias).toBeCloseTo(1 / 30, 12);
    expect(summary.quadraticKappa).toBeCloseTo(0.835493519441675, 12);
  });

  it('counts within-1 on the scores', () => {
    const summary = agreementSummary([0, 1, 3, 4, 0, 1, 3, 4, 4, 0, 1, 3], [0, 0, 3, 4, 1, 1, 4, 3, 4, 0, 3, 3]);
    expect(summary.exactAgreement).toBeCloseTo(7 / 12, 12);
    expect(summary.withinOneAgreement).toBeCloseTo(11 / 12, 12);
    expect(summary.meanBias).toBeCloseTo(-1 / 6, 12);
  });
});

describe('blindnessShare', () => {
  const judge = [0, 0, 1, 2, 0, 3, 0];
  const physician = [1, 0, 0, 2, 2, 1, 3];

  it('with B as reference: among B >= 1, the share where A = 0', () => {
    expect(blindnessShare(judge, physician, 'b')).toEqual({ share: 3 / 5, blind: 3, flagged: 5 });
    expect(blindnessShare(judge, physician)).toEqual(blindnessShare(judge, physician, 'b'));
  });

  it('with A as reference it asks the opposite question', () => {
    expect(blindnessShare(judge, physician, 'a')).toEqual({ share: 1 / 3, blind: 1, flagged: 3 });
  });

  it('is NaN when the reference flags nothing', () => {
    expect(blindnessShare([1, 2], [0, 0]).share).toBeNaN();
  });
});
