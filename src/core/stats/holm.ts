/**
 * Holm-Bonferroni adjusted p-values, in the input order. The i-th smallest of m p-values
 * becomes max over j <= i of min(1, (m - j + 1) * p_(j)), so the adjusted values are
 * monotone in the raw ones and capped at 1 (as statsmodels' multipletests(method='holm')).
 * Reject at level alpha where the adjusted p-value is <= alpha.
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((_, i) => i).sort((i, j) => (pValues[i] as number) - (pValues[j] as number));
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach((index, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * (pValues[index] as number)));
    adjusted[index] = running;
  });
  return adjusted;
}
