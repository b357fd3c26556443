import { describe, expect, it } from 'vitest';
import { ProviderError, providerErrorToAppError, selectProviders } from '../../src/providers/index.ts';
import { retryAfterMs } from '../../src/providers/rest.ts';

describe('selectProviders', () => {
  it('leaves prices to the simulator and has no news without keys', async () => {
    const p = selectProviders({});
    expect(p.market).toBeUndefined();
    expect(p.news).toEqual([]);
    await p.close();
  });

  it('uses Polygon for prices and both for news when both are configured', async () => {
    const p = selectProviders({
      POLYGON_API_KEY: 'pk',
      ALPACA_DATA_KEY_ID: 'id',
      ALPACA_DATA_SECRET_KEY: 'secret',
    });
    expect(p.market?.name).toBe('polygon');
    expect(p.news.map((n) => n.name)).toEqual(['polygon', 'alpaca']);
    await p.close();
  });

  it('uses Alpaca for prices when only Alpaca is configured', async () => {
    const p = selectProviders({
      ALPACA_DATA_KEY_ID: 'id',
      ALPACA_DATA_SECRET_KEY: 'secret',
      ALPACA_DATA_FEED: 'sip',
    });
    expect(p.market?.name).toBe('alpaca');
    expect(p.news.map((n) => n.name)).toEqual(['alpaca']);
    await p.close();
  });

  it('honours an explicit choice, including the simulator with keys set', async () => {
    const both = { POLYGON_API_KEY: 'pk', ALPACA_DATA_KEY_ID: 'id', ALPACA_DATA_SECRET_KEY: 'secret' };
    const alpaca = selectProviders({ ...both, MARKET_DATA_PROVIDER: 'alpaca' });
    const simulated = selectProviders({ ...both, MARKET_DATA_PROVIDER: 'simulator' });
    expect(alpaca.market?.name).toBe('alpaca');
    expect(simulated.market).toBeUndefined();
    expect(simulated.news).toHaveLength(2);
    await Promise.all([alpaca.close(), simulated.close()]);
  });

  it('treats blank keys as unset', () => {
    expect(
      selectProviders({ POLYGON_API_KEY: '  ', ALPACA_DATA_KEY_ID: '', ALPACA_DATA_SECRET_KEY: '' }).market,
    ).toBeUndefined();
  });

  it('refuses half an Alpaca key pair and a choice without its keys', () => {
    expect(() => selectProviders({ ALPACA_DATA_KEY_ID: 'id' })).toThrow(/must be set together/);
    expect(() => selectProviders({ MARKET_DATA_PROVIDER: 'polygon' })).toThrow(/POLYGON_API_KEY/);
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2024-01-02T14:30:00Z');

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '12' }), now)).toBe(12_000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Tue, 02 Jan 2024 14:30:20 GMT' }), now)).toBe(20_000);
  });

  it('falls back to X-RateLimit-Reset and knows when neither is there', () => {
    expect(retryAfterMs(new Headers({ 'x-ratelimit-reset': String(now / 1000 + 7) }), now)).toBe(7_000);
    expect(retryAfterMs(new Headers({ 'x-ratelimit-reset': String(now / 1000 - 7) }), now)).toBe(0);
    expect(retryAfterMs(new Headers(), now)).toBeUndefined();
  });
});

describe('providerErrorToAppError', () => {
  it("does not pass an upstream 401 on as the caller's 401", () => {
    const e = providerErrorToAppError(new ProviderError('polygon', 401, 'Unknown API Key'));
    expect(e).toMatchObject({ status: 502, code: 'MARKET_DATA_PROVIDER_AUTH_FAILED' });
    expect(e.message).not.toContain('Unknown API Key');
  });

  it('turns a rate limit into 503 with Retry-After in whole seconds', () => {
    const e = providerErrorToAppError(new ProviderError('alpaca', 429, 'too many', { retryAfterMs: 1_200 }));
    expect(e).toMatchObject({
      status: 503,
      code: 'MARKET_DATA_PROVIDER_RATE_LIMITED',
      headers: { 'retry-after': '2' },
    });
  });

  it('maps timeouts to 504 and unreadable answers to 502', () => {
    expect(providerErrorToAppError(new ProviderError('alpaca', 0, 'slow', { kind: 'timeout' })).status).toBe(
      504,
    );
    expect(
      providerErrorToAppError(new ProviderError('alpaca', 200, 'junk', { kind: 'bad_response' })).status,
    ).toBe(502);
  });
});
