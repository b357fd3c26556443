import { describe, expect, it } from 'vitest';
import { NEWS_SOURCE, generateNews, newsArrivals } from '../src/domain/news-generator.ts';
import { createRng } from '../src/domain/rng.ts';
import { DEFAULT_UNIVERSE } from '../src/domain/universe.ts';

const at = new Date('2025-05-06T14:05:00Z');
const POSITIVE = /beats|raises|upgrades|unveils|clears|cools|holds rates/i;
const NEGATIVE = /misses|cuts guidance|downgrades|delays|inquiry|pushes yields|fall/i;

describe('simulated news', () => {
  it('is deterministic for a seed', () => {
    const a = Array.from(
      { length: 20 },
      (
        (rng) => () =>
          generateNews(rng, DEFAULT_UNIVERSE, at)
      )(createRng(1)),
    );
    const b = Array.from(
      { length: 20 },
      (
        (rng) => () =>
          generateNews(rng, DEFAULT_UNIVERSE, at)
      )(createRng(1)),
    );
    expect(a).toEqual(b);
  });

  it('writes about listed symbols with a sentiment that agrees with the story', () => {
    const rng = createRng(2);
    const listed = new Set(DEFAULT_UNIVERSE.map((a) => a.symbol));
    const categories = new Set<string>();
    for (let i = 0; i < 400; i++) {
      const item = generateNews(rng, DEFAULT_UNIVERSE, at);
      categories.add(item.category);
      expect(item.source).toBe(NEWS_SOURCE);
      expect(item.created_at).toBe(at.toISOString());
      expect(item.symbols.length).toBeGreaterThan(0);
      for (const s of item.symbols) expect(listed.has(s)).toBe(true);
      expect(item.headline).not.toMatch(/\{\w+\}/);
      expect(item.content).not.toMatch(/\{\w+\}/);
      expect(item.sentiment).toBeGreaterThanOrEqual(-1);
      expect(item.sentiment).toBeLessThanOrEqual(1);
      expect(item.sentiment).not.toBe(0);
      if (POSITIVE.test(item.headline)) expect(item.sentiment, item.headline).toBeGreaterThan(0);
      if (NEGATIVE.test(item.headline)) expect(item.sentiment, item.headline).toBeLessThan(0);
      if (item.category !== 'macro') expect(item.content).toContain(`(${item.symbols[0]})`);
    }
    expect([...categories].sort()).toEqual([
      'analyst',
      'earnings',
      'guidance',
      'macro',
      'product',
      'regulatory',
    ]);
  });

  it('schedules arrivals at the configured average rate', () => {
    const from = new Date('2025-01-01T00:00:00Z');
    const to = new Date('2025-01-11T00:00:00Z');
    const arrivals = newsArrivals(createRng(3), 12, from, to);
    expect(arrivals.length / (10 * 24)).toBeCloseTo(12, 0);
    expect(arrivals.every((d, i) => d > from && d <= to && (i === 0 || d >= arrivals[i - 1]!))).toBe(true);
    expect(newsArrivals(createRng(3), 0, from, to)).toEqual([]);
  });
});
