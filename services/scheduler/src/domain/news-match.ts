import type { NewsSchedule } from './trigger.ts';

export interface Article {
  headline: string;
  summary: string;
  symbols: readonly string[];
}

export interface NewsMatch {
  symbols: string[];
  keywords: string[];
}

const patterns = new Map<string, RegExp>();

/** The keyword as a whole word or phrase, any case: "AI" matches "AI chips" but not "said". */
function keywordPattern(keyword: string): RegExp {
  let re = patterns.get(keyword);
  if (!re) {
    const body = keyword.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
    re = new RegExp(`(?<![\\p{L}\\p{N}_])${body}(?![\\p{L}\\p{N}_])`, 'iu');
    if (patterns.size > 10_000) patterns.clear();
    patterns.set(keyword, re);
  }
  return re;
}

/**
 * Whether an article matches a news trigger. Each list the trigger has must match (an article
 * about one of the symbols AND, when keywords are given, mentioning one of them in its headline or
 * summary); within a list any entry does. Undefined when it does not match.
 */
export function matchNews(s: NewsSchedule, a: Article): NewsMatch | undefined {
  const tagged = new Set(a.symbols.map((x) => x.toUpperCase()));
  const symbols = s.symbols.filter((x) => tagged.has(x));
  if (s.symbols.length > 0 && symbols.length === 0) return undefined;
  const text = `${a.headline}\n${a.summary}`;
  const keywords = s.keywords.filter((k) => keywordPattern(k).test(text));
  if (s.keywords.length > 0 && keywords.length === 0) return undefined;
  return { symbols, keywords };
}

export function describeMatch(m: NewsMatch): string {
  const parts: string[] = [];
  if (m.symbols.length > 0) parts.push(`on ${m.symbols.join(', ')}`);
  if (m.keywords.length > 0) parts.push(`mentioning ${m.keywords.map((k) => `"${k}"`).join(', ')}`);
  return parts.join(' ');
}
