import { describe, expect, it } from 'vitest';
import { averageRanks, rankWithTies, tieCorrectionTerm } from './ranks';

describe('ranks', () => {
  it('gives tied values their average rank, as scipy.stats.rankdata', () => {
    const values = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5];
    expect([...averageRanks(values)]).toEqual([4.5, 1.5, 6, 1.5, 8, 11, 3, 10, 8, 4.5, 8]);
  });

  it('reports tie groups in value order', () => {
    const { tieSizes } = rankWithTies([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]);
    expect(tieSizes).toEqual([2, 1, 2, 1, 3, 1, 1]);
    expect(tieCorrectionTerm(tieSizes)).toBe(6 + 6 + 24);
  });
});
