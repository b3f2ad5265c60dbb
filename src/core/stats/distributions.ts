import { regularizedBeta, regularizedGammaQ } from './specialFunctions';

/** Standard normal CDF, accurate in the tails (through erfc = Q(1/2, z^2/2)). */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  const tail = 0.5 * regularizedGammaQ(0.5, (z * z) / 2);
  return z < 0 ? tail : 1 - tail;
}

/** Standard normal survival function 1 - CDF, accurate for large z. */
export function normalSf(z: number): number {
  return normalCdf(-z);
}

/** Lower tail P(T <= t) of Student's t with `df` > 0 degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN;
  if (t === Number.POSITIVE_INFINITY) return 1;
  if (t === Number.NEGATIVE_INFINITY) return 0;
  const t2 = t * t;
  // P(|T| > |t|) = I_x(df/2, 1/2) with x = df / (df + t^2).
  const tail = 0.5 * regularizedBeta(df / (df + t2), df / 2, 0.5, t2 / (df + t2));
  return t < 0 ? tail : 1 - tail;
}

/** Upper tail P(T > t) of Student's t with `df` degrees of freedom. */
export function studentTSf(t: number, df: number): number {
  return studentTCdf(-t, df);
}
