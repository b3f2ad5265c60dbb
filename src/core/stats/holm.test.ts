import { describe, expect, it } from 'vitest';
import { holmAdjust } from './holm';

// Expected values: bench/stats_reference.py (Holm step-down by hand in NumPy).
describe('holmAdjust', () => {
  it('adjusts a known vector, in input order', () => {
    const adjusted = holmAdjust([0.01, 0.04, 0.03, 0.005, 0.2, 0.04]);
    [0.05, 0.12, 0.12, 0.03, 0.2, 0.12].forEach((p, i) => expect(adjusted[i]).toBeCloseTo(p, 12));
  });

  it('caps at 1 and stays monotone', () => {
    const adjusted = holmAdjust([0.5, 0.3, 0.02, 0.6]);
    [1, 0.9, 0.08, 1].forEach((p, i) => expect(adjusted[i]).toBeCloseTo(p, 12));
  });

  it('handles an empty list', () => {
    expect(holmAdjust([])).toEqual([]);
  });
});
