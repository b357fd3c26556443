import { describe, expect, it } from 'vitest';
import { createRng } from '../src/domain/rng.ts';

const draw = (seed: number | string, n: number) => {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => rng.next());
};

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const variance = (xs: number[]) => {
  const m = mean(xs);
  return xs.reduce((a, x) => a + (x - m) ** 2, 0) / xs.length;
};

describe('seeded rng', () => {
  it('repeats the same stream for the same seed', () => {
    expect(draw(7, 1000)).toEqual(draw(7, 1000));
    expect(draw('market', 10)).toEqual(draw('market', 10));
  });

  it('gives different streams for different seeds', () => {
    expect(draw(7, 10)).not.toEqual(draw(8, 10));
  });

  it('derives forked streams from the label alone, not from draws made before', () => {
    const a = createRng(1);
    const b = createRng(1);
    for (let i = 0; i < 100; i++) b.next();
    expect(a.fork('AAPL').next()).toBe(b.fork('AAPL').next());
    expect(a.fork('AAPL').next()).not.toBe(a.fork('MSFT').next());
  });

  it('draws uniforms in [0, 1) with mean 1/2', () => {
    const xs = draw(3, 100_000);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(mean(xs)).toBeCloseTo(0.5, 2);
  });

  it('draws standard normals', () => {
    const rng = createRng(11);
    const xs = Array.from({ length: 100_000 }, () => rng.normal());
    expect(mean(xs)).toBeCloseTo(0, 1);
    expect(variance(xs)).toBeCloseTo(1, 1);
    expect(xs.filter((x) => Math.abs(x) > 1.96).length / xs.length).toBeCloseTo(0.05, 2);
  });

  it('draws Poisson counts with the requested mean, small and large', () => {
    const rng = createRng(5);
    for (const lambda of [0.3, 4, 120]) {
      const xs = Array.from({ length: 50_000 }, () => rng.poisson(lambda));
      expect(xs.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
      expect(mean(xs) / lambda).toBeCloseTo(1, 1);
      expect(variance(xs) / lambda).toBeCloseTo(1, 1);
    }
    expect(rng.poisson(0)).toBe(0);
    expect(() => rng.poisson(-1)).toThrow(RangeError);
  });

  it('draws Bernoulli outcomes with probability p', () => {
    const rng = createRng(9);
    const hits = Array.from({ length: 50_000 }, () => rng.bernoulli(0.2)).filter(Boolean).length;
    expect(hits / 50_000).toBeCloseTo(0.2, 2);
  });
});
