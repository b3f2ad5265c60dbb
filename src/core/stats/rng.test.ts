import { describe, expect, it } from 'vitest';
import { createRng } from './rng';

describe('createRng', () => {
  it('gives the same stream for the same seed, another for another seed', () => {
    const draw = (seed: number): number[] => {
      const rng = createRng(seed);
      return Array.from({ length: 8 }, () => rng.nextUint32());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('fills in bulk exactly as it draws one by one', () => {
    const one = createRng(5);
    const bulk = createRng(5);
    const filled = new Uint32Array(100);
    bulk.fillUint32(filled);
    expect([...filled]).toEqual(Array.from({ length: 100 }, () => one.nextUint32()));
    expect(bulk.nextUint32()).toBe(one.nextUint32());
  });

  it('draws floats in [0, 1) and integers in range, roughly uniformly', () => {
    const rng = createRng(1);
    const counts = new Array<number>(10).fill(0);
    let sum = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = rng.next();
      sum += u;
      min = Math.min(min, u);
      max = Math.max(max, u);
      counts[rng.nextInt(10)]! += 1;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(sum / 100_000).toBeCloseTo(0.5, 2);
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
  });
});

describe('fillBelow', () => {
  it('draws every integer below k about equally often', () => {
    for (const k of [7, 3600, 100_000]) {
      const rng = createRng(k);
      const target = new Uint32Array(200_000);
      rng.fillBelow(target, k);
      const counts = new Float64Array(k);
      let max = 0;
      for (const v of target) {
        counts[v] = (counts[v] as number) + 1;
        max = Math.max(max, v);
      }
      expect(max).toBeLessThan(k);
      if (k === 7) for (const c of counts) expect(Math.abs(c - 200_000 / 7)).toBeLessThan(600);
    }
  });

  it('is reproducible for a seed', () => {
    const a = new Uint32Array(50);
    const b = new Uint32Array(50);
    createRng(9).fillBelow(a, 22);
    createRng(9).fillBelow(b, 22);
    expect([...a]).toEqual([...b]);
  });
});
