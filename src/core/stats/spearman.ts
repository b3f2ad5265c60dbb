import type { Alternative } from './alternative';
import { studentTCdf, studentTSf } from './distributions';
import { averageRanks } from './ranks';

/** Result of {@link spearman}. */
export interface SpearmanResult {
  rho: number;
  pValue: number;
}

/**
 * Spearman's rank correlation with its p-value, as scipy.stats.spearmanr: rho is Pearson's
 * r of the average ranks (ties share their mean rank), and the p-value comes from
 * t = rho * sqrt((n - 2) / ((1 + rho)(1 - rho))) on n - 2 degrees of freedom.
 * 'greater' tests for a positive correlation. Returns NaN for both when n < 2 or either
 * input is constant.
 */
export function spearman(
  x: readonly number[],
  y: readonly number[],
  alternative: Alternative = 'two-sided',
): SpearmanResult {
  const n = x.length;
  if (y.length !== n) throw new RangeError('x and y must have the same length');
  const rx = averageRanks(x);
  const ry = averageRanks(y);
  const centre = (n + 1) / 2;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (rx[i] as number) - centre;
    const dy = (ry[i] as number) - centre;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (n < 2 || sxx === 0 || syy === 0) return { rho: Number.NaN, pValue: Number.NaN };
  const rho = Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
  const df = n - 2;
  const t = rho * Math.sqrt(Math.max(0, df / ((rho + 1) * (1 - rho))));
  const pValue =
    alternative === 'less'
      ? studentTCdf(t, df)
      : alternative === 'greater'
        ? studentTSf(t, df)
        : 2 * studentTSf(Math.abs(t), df);
  return { rho, pValue };
}
