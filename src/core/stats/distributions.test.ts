import { describe, expect, it } from 'vitest';
import { normalCdf, normalSf, studentTCdf, studentTSf } from './distributions';
import { logGamma } from './specialFunctions';

// Expected values: bench/stats_reference.py (scipy.stats.norm / scipy.stats.t, SciPy 1.17).
const relative = (actual: number, expected: number): number => Math.abs(actual / expected - 1);

describe('normal distribution', () => {
  it.each([
    [-8, 6.22096057427174e-16],
    [-3, 0.0013498980316300933],
    [-1, 0.15865525393145707],
    [0, 0.5],
    [0.5, 0.6914624612740131],
    [2.5, 0.9937903346742238],
    [6, 0.9999999990134123],
  ])('cdf(%d) matches SciPy to 1e-12 relative', (z, expected) => {
    expect(relative(normalCdf(z), expected)).toBeLessThan(1e-12);
  });

  it('keeps precision far in the upper tail', () => {
    expect(relative(normalSf(6), 9.865876450376946e-10)).toBeLessThan(1e-12);
    expect(relative(normalSf(9), 1.1285884059538324e-19)).toBeLessThan(1e-12);
  });
});

describe('Student t distribution', () => {
  it.each([
    [2.1, 20, 0.9756912063712215],
    [-3.5, 10, 0.002863252714942605],
    [0.3, 3, 0.6081183539800405],
    [8, 40, 0.9999999996047458],
    [1.2, 1000, 0.8847882238377665],
    [-12, 5, 3.544746258580761e-5],
    [0.7, 1, 0.6944001122142147],
  ])('cdf(%d; df %d) matches SciPy to 1e-12 relative', (t, df, expected) => {
    expect(relative(studentTCdf(t, df), expected)).toBeLessThan(1e-12);
    expect(studentTSf(t, df)).toBeCloseTo(1 - expected, 12);
  });
});

describe('logGamma', () => {
  it('matches Python math.lgamma', () => {
    expect(logGamma(0.5)).toBeCloseTo(0.5723649429247004, 14);
    expect(logGamma(10.3)).toBeCloseTo(13.48203678613836, 12);
    expect(logGamma(1)).toBeCloseTo(0, 14);
  });
});
