/**
 * Seeded pseudo-random numbers for the simulated market. Everything the simulator and the news
 * generator draw comes from here, so one seed reproduces one market exactly.
 *
 * Generator: xoshiro128** (Blackman & Vigna, https://prng.di.unimi.it/) — 32-bit arithmetic that
 * maps onto JS integers without BigInt, period 2^128 − 1, and it passes BigCrush, unlike
 * mulberry32 whose 2^32 period a multi-year minute-bar backfill would come close to using up.
 * Its 128-bit state is filled from the seed with cyrb128 so that string seeds and nearby numeric
 * seeds give unrelated streams.
 */

export type Seed = number | string;

export interface Rng {
  /** The seed path this stream was derived from; `fork` appends to it. */
  readonly key: string;
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
  /** Uniform in [min, max). */
  uniform(min: number, max: number): number;
  /** Normal via Box–Muller. */
  normal(mean?: number, sd?: number): number;
  /** Poisson-distributed count with the given mean. */
  poisson(mean: number): number;
  bernoulli(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /**
   * An independent stream named `label`. It depends only on this stream's key and the label,
   * not on how many numbers were drawn, so adding a symbol does not change any other symbol's path.
   */
  fork(label: string): Rng;
}

export function createRng(seed: Seed): Rng {
  return new Xoshiro128(String(seed));
}

const TWO_POW_32 = 4294967296;

/** cyrb128 string hash (bryc, public domain): four well-mixed 32-bit words. */
function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k));

class Xoshiro128 implements Rng {
  readonly key: string;
  #s0: number;
  #s1: number;
  #s2: number;
  #s3: number;
  #spareNormal: number | undefined;

  constructor(key: string) {
    this.key = key;
    [this.#s0, this.#s1, this.#s2, this.#s3] = cyrb128(key);
    // xoshiro must not start from the all-zero state.
    if ((this.#s0 | this.#s1 | this.#s2 | this.#s3) === 0) this.#s0 = 1;
  }

  #nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.#s1, 5), 7), 9) >>> 0;
    const t = this.#s1 << 9;
    this.#s2 ^= this.#s0;
    this.#s3 ^= this.#s1;
    this.#s1 ^= this.#s2;
    this.#s0 ^= this.#s3;
    this.#s2 ^= t;
    this.#s3 = rotl(this.#s3, 11);
    return result;
  }

  next(): number {
    return this.#nextUint32() / TWO_POW_32;
  }

  int(maxExclusive: number): number {
    if (!Number.isInteger(maxExclusive) || maxExclusive <= 0) {
      throw new RangeError(`int() needs a positive integer bound, got ${maxExclusive}`);
    }
    return Math.floor(this.next() * maxExclusive);
  }

  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  normal(mean = 0, sd = 1): number {
    if (this.#spareNormal !== undefined) {
      const z = this.#spareNormal;
      this.#spareNormal = undefined;
      return mean + sd * z;
    }
    // 1 − u keeps the argument of log in (0, 1], so it is never log(0).
    const u1 = 1 - this.next();
    const u2 = this.next();
    const r = Math.sqrt(-2 * Math.log(u1));
    const theta = 2 * Math.PI * u2;
    this.#spareNormal = r * Math.sin(theta);
    return mean + sd * r * Math.cos(theta);
  }

  poisson(mean: number): number {
    if (!(mean >= 0) || !Number.isFinite(mean))
      throw new RangeError(`poisson() needs a finite mean >= 0, got ${mean}`);
    if (mean === 0) return 0;
    if (mean < 30) {
      // Knuth's multiplication method: exact, and cheap for the small means the simulator uses.
      const limit = Math.exp(-mean);
      let k = 0;
      let p = this.next();
      while (p > limit) {
        k++;
        p *= this.next();
      }
      return k;
    }
    // For large means the normal approximation is within a fraction of a percent and O(1).
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
  }

  bernoulli(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new RangeError('pick() needs a non-empty list');
    return item;
  }

  fork(label: string): Rng {
    return new Xoshiro128(`${this.key}/${label}`);
  }
}
