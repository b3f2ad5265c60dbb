/** A seeded pseudo-random stream: the same seed always gives the same sequence. */
export interface Rng {
  /** Next 32-bit unsigned integer. */
  nextUint32(): number;
  /** Next float, uniform in [0, 1), with 32 bits of randomness. */
  next(): number;
  /** Next integer, uniform in [0, n) for 0 < n <= 2^21 (bias below n / 2^32). */
  nextInt(n: number): number;
  /**
   * Fills `target` with the next target.length 32-bit unsigned integers, the same values
   * nextUint32 would give one by one; several times faster in hot loops.
   */
  fillUint32(target: Uint32Array): void;
  /**
   * Fills `target` with integers uniform in [0, k). Exactly unbiased for k <= 65,536 (two
   * draws per 32 bits, Lemire's multiply-and-reject); for larger k, bias below k / 2^32.
   */
  fillBelow(target: Uint32Array, k: number): void;
}

const TWO_POW_32 = 4294967296;

/**
 * xoshiro128** (Blackman and Vigna, 2018), seeded through splitmix32 so that nearby seeds
 * (1, 2, 3...) still give unrelated streams. Small, fast, and good enough for resampling;
 * not for cryptography.
 */
class Xoshiro128 implements Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number) {
    let mix = seed >>> 0;
    const splitmix32 = (): number => {
      mix = (mix + 0x9e3779b9) | 0;
      let z = mix;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) | 0;
    };
    this.s0 = splitmix32();
    this.s1 = splitmix32();
    this.s2 = splitmix32();
    this.s3 = splitmix32();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  nextUint32(): number {
    const x = Math.imul(this.s1, 5);
    const result = Math.imul((x << 7) | (x >>> 25), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result;
  }

  next(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  nextInt(n: number): number {
    return Math.floor((this.nextUint32() / TWO_POW_32) * n);
  }

  fillUint32(target: Uint32Array): void {
    // The state lives in locals for the loop: field writes on every draw cost ~2x.
    let s0 = this.s0;
    let s1 = this.s1;
    let s2 = this.s2;
    let s3 = this.s3;
    for (let i = 0; i < target.length; i++) {
      const x = Math.imul(s1, 5);
      target[i] = Math.imul((x << 7) | (x >>> 25), 9);
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
    }
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
  }

  fillBelow(target: Uint32Array, k: number): void {
    if (k > 65536) {
      this.fillUint32(target);
      const scale = k / TWO_POW_32;
      for (let i = 0; i < target.length; i++) target[i] = Math.floor((target[i] as number) * scale);
      return;
    }
    // Bulk resampling spends most of its time here: the bootstrap of 3,600 values draws 18
    // million indices, and taking two per 32-bit output with integer arithmetic saves ~40%.
    const threshold = 65536 % k;
    let s0 = this.s0;
    let s1 = this.s1;
    let s2 = this.s2;
    let s3 = this.s3;
    const length = target.length;
    let i = 0;
    while (i < length) {
      const x = Math.imul(s1, 5);
      const word = Math.imul((x << 7) | (x >>> 25), 9);
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      let m = (word >>> 16) * k;
      if ((m & 0xffff) >= threshold) target[i++] = m >>> 16;
      m = (word & 0xffff) * k;
      if (i < length && (m & 0xffff) >= threshold) target[i++] = m >>> 16;
    }
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
  }
}

/** A seeded xoshiro128** stream (see {@link Rng}). */
export function createRng(seed: number): Rng {
  return new Xoshiro128(seed);
}
