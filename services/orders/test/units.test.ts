import { describe, expect, it } from 'vitest';
import { dec } from '@tradeplane/kit';
import {
  extractQuote,
  parseAsset,
  parseClock,
  parseQuote,
  parseTrade,
} from '../src/clients/market-data.client.ts';
import { canonicalJson, requestHash } from '../src/domain/idempotency.ts';
import { clockAt, isRegularHours } from '../src/domain/market-clock.ts';
import { validateShape } from '../src/domain/order-rules.ts';
import {
  commissionFor,
  onQuote,
  onTradeForLimit,
  roundToTick,
  takerPrice,
  trailingStopPrice,
  triggers,
  type PaperModel,
} from '../src/domain/paper-exchange/pricing.ts';
import { SeededRandom } from '../src/domain/paper-exchange/rng.ts';
import { makeQuote } from '../src/domain/quote-source.ts';
import { secretBox } from '@tradeplane/kit';
import type { Order } from '../src/domain/types.ts';

const model = (over: Partial<PaperModel['slippage']> = {}): PaperModel => ({
  slippage: { model: 'none', bps: dec(0), jitterBps: dec(0), spreadImpact: dec('0.5'), ...over },
  maxQuoteFraction: dec(1),
  participationRate: dec('0.25'),
});

const order = (o: Partial<Order>): Order =>
  ({
    id: 'o',
    side: 'buy',
    type: 'market',
    qty: '100',
    notional: null,
    filledQty: '0',
    filledAvgPrice: null,
    limitPrice: null,
    stopPrice: null,
    trailPrice: null,
    trailPercent: null,
    hwm: null,
    triggeredAt: null,
    ...o,
  }) as Order;

describe('paper exchange pricing', () => {
  it('rounds to the tick against the taker (cents at $1 and above, 1/100 cent below)', () => {
    expect(roundToTick(dec('100.2001'), 'up').toFixed()).toBe('100.21');
    expect(roundToTick(dec('100.2001'), 'down').toFixed()).toBe('100.2');
    expect(roundToTick(dec('0.123456'), 'up').toFixed()).toBe('0.1235');
  });

  it('slippage models: fixed bps, spread × size share, and seeded jitter that repeats for a seed', () => {
    const q = makeQuote({ symbol: 'X', bid: '100', ask: '100.20', bidSize: '100', askSize: '100' });
    expect(
      takerPrice(
        'buy',
        q,
        dec(10),
        model({ model: 'fixed_bps', bps: dec(10) }).slippage,
        new SeededRandom(1),
      ).toFixed(),
    ).toBe('100.31');
    expect(
      takerPrice('sell', q, dec(50), model({ model: 'spread' }).slippage, new SeededRandom(1)).toFixed(),
    ).toBe('99.95');
    const jitter = model({ model: 'fixed_bps', bps: dec(0), jitterBps: dec(20) }).slippage;
    const run = (seed: number) => {
      const rng = new SeededRandom(seed);
      return [1, 2, 3, 4].map(() => takerPrice('buy', q, dec(1), jitter, rng).toFixed());
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });

  it('caps a fill at the displayed size and fills whole shares for whole-share orders', () => {
    const q = makeQuote({ symbol: 'X', bid: '100', ask: '100.1', askSize: '33.7' });
    expect(onQuote(order({}), q, dec('33.7'), model(), new SeededRandom(1))?.qty.toFixed()).toBe('33');
    expect(onQuote(order({ qty: '0.5' }), q, dec('33.7'), model(), new SeededRandom(1))?.qty.toFixed()).toBe(
      '0.5',
    );
    expect(
      onQuote(order({ type: 'limit', limitPrice: '100' }), q, undefined, model(), new SeededRandom(1)),
    ).toBeUndefined();
  });

  it('a resting limit takes its participation share of a print at or through its price', () => {
    const t = { symbol: 'X', price: dec('99.9'), size: dec(100), at: new Date() };
    expect(onTradeForLimit(order({ type: 'limit', limitPrice: '100' }), t, model())).toEqual({
      qty: dec(25),
      price: dec(100),
    });
    expect(onTradeForLimit(order({ type: 'limit', limitPrice: '99' }), t, model())).toBeUndefined();
  });

  it('stops trigger on prints at or through the stop; trailing stops trail by price or percent', () => {
    const at = new Date();
    expect(
      triggers(order({ type: 'stop', side: 'sell', stopPrice: '95' }), {
        symbol: 'X',
        price: dec(95),
        size: dec(1),
        at,
      }),
    ).toBe(true);
    expect(
      triggers(order({ type: 'stop', side: 'sell', stopPrice: '95' }), {
        symbol: 'X',
        price: dec('95.01'),
        size: dec(1),
        at,
      }),
    ).toBe(false);
    expect(
      trailingStopPrice({ side: 'sell', trailPrice: '2.5', trailPercent: null }, dec(100)).toFixed(),
    ).toBe('97.5');
    expect(
      trailingStopPrice({ side: 'buy', trailPrice: null, trailPercent: '1.5' }, dec(200)).toFixed(),
    ).toBe('203');
  });

  it('commissions: per share + bps + per order on the first fill, at least the minimum, in cents', () => {
    const m = { perShare: '0.005', perOrder: '1', bps: '1', min: '0.35' };
    expect(commissionFor(m, dec(100), dec(50), true).toFixed()).toBe('2');
    expect(commissionFor(m, dec(100), dec(50), false).toFixed()).toBe('1');
    expect(commissionFor(m, dec(1), dec(10), false).toFixed()).toBe('0.35');
    expect(commissionFor(null, dec(100), dec(50), true).toFixed()).toBe('0');
  });
});

describe('order rules', () => {
  it('accepts the shapes Alpaca accepts', () => {
    const v = validateShape({
      symbol: 'aapl',
      side: 'buy',
      type: 'limit',
      timeInForce: 'day',
      qty: '10',
      limitPrice: '0.1234',
    });
    expect([v.symbol, v.orderClass, v.limitPrice?.toFixed()]).toEqual(['AAPL', 'simple', '0.1234']);
    const oco = validateShape({
      symbol: 'X',
      side: 'sell',
      type: 'limit',
      timeInForce: 'gtc',
      qty: '1',
      orderClass: 'oco',
      takeProfit: { limitPrice: '110' },
      stopLoss: { stopPrice: '90', limitPrice: '89' },
    });
    expect([oco.limitPrice?.toFixed(), oco.legs.map((l) => l.type)]).toEqual(['110', ['stop_limit']]);
  });

  it.each([
    [{ type: 'market', timeInForce: 'day', qty: '1', notional: '10' }, 'only one of qty or notional'],
    [{ type: 'limit', timeInForce: 'day', qty: '1', limitPrice: '1.001' }, 'sub-penny'],
    [{ type: 'market', timeInForce: 'opg', qty: '1.5' }, 'fractional orders must be day orders'],
    [{ type: 'trailing_stop', timeInForce: 'ioc', qty: '1', trailPrice: '1' }, 'day or gtc'],
    [
      { type: 'limit', timeInForce: 'day', qty: '1', limitPrice: '5', orderClass: 'oto' },
      'exactly one of take_profit or stop_loss',
    ],
    [{ type: 'market', timeInForce: 'day', qty: '1', clientOrderId: 'x'.repeat(49) }, '48 characters'],
  ])('refuses %j', (o, message) => {
    expect(() => validateShape({ symbol: 'X', side: 'buy', ...o })).toThrow(message);
  });
});

describe('market-data client', () => {
  it('reads quotes in Alpaca stream and native shapes', () => {
    expect(
      parseQuote({ S: 'aapl', bp: 187.2, bs: 3, ap: 187.25, as: 5, t: '2026-01-02T15:00:00Z' }),
    ).toMatchObject({
      symbol: 'AAPL',
      bid: dec('187.2'),
      ask: dec('187.25'),
      bidSize: dec(3),
    });
    const native = {
      quotes: {
        MSFT: {
          symbol: 'MSFT',
          bidPrice: '410.10',
          bidSize: 2,
          askPrice: '410.20',
          askSize: 4,
          timestamp: '2026-01-02T15:00:00Z',
        },
      },
    };
    const q = extractQuote(native, 'msft')!;
    expect([q.bid.toFixed(), q.ask.toFixed(), q.last.toFixed()]).toEqual(['410.1', '410.2', '410.15']);
    expect(parseTrade({ S: 'X', p: 10.5, s: 100, t: '2026-01-02T15:00:00Z' })?.price.toFixed()).toBe('10.5');
  });

  it('reads assets and the clock, and infers the 24/7 mode', () => {
    expect(
      parseAsset({
        id: 'a',
        symbol: 'X',
        class: 'us_equity',
        status: 'active',
        tradable: true,
        fractionable: true,
        shortable: false,
      }),
    ).toMatchObject({ tradable: true, fractionable: true });
    expect(parseAsset({ symbol: 'X', status: 'inactive', tradable: true })?.tradable).toBe(false);
    const always = parseClock(
      {
        timestamp: '2026-01-02T15:00:00Z',
        isOpen: true,
        nextOpen: '2026-01-03T00:00:00Z',
        nextClose: '2026-01-03T00:00:00Z',
      },
      undefined,
    );
    expect(always?.mode).toBe('always');
    const exchange = parseClock(
      {
        is_open: false,
        next_open: '2026-01-05T14:30:00Z',
        next_close: '2026-01-05T21:00:00Z',
        sessionMode: 'exchange',
      },
      undefined,
    );
    expect([exchange?.mode, exchange?.isOpen]).toEqual(['exchange', false]);
  });
});

describe('clock by rule', () => {
  it('NYSE-like sessions in exchange mode, UTC days in always mode', () => {
    const c = clockAt(new Date('2026-03-06T20:00:00Z'), 'exchange'); // Friday 15:00 New York
    expect([c.isOpen, c.nextClose.toISOString(), c.nextOpen.toISOString()]).toEqual([
      true,
      '2026-03-06T21:00:00.000Z',
      '2026-03-09T13:30:00.000Z',
    ]);
    expect(isRegularHours(c, new Date('2026-03-06T21:00:00Z'))).toBe(false);
    const a = clockAt(new Date('2026-03-06T20:00:00Z'), 'always');
    expect(a.nextClose.toISOString()).toBe('2026-03-07T00:00:00.000Z');
  });
});

describe('support', () => {
  it('seals secrets so that they open only with the key', () => {
    const box = secretBox('k'.repeat(32));
    const sealed = box.seal('my-secret');
    expect(sealed).not.toContain('my-secret');
    expect(box.open(sealed)).toBe('my-secret');
    expect(() => secretBox('x'.repeat(32)).open(sealed)).toThrow();
  });

  it('hashes a request body independently of key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"e":3,"f":2}]},"b":1}',
    );
    expect(requestHash('POST', '/v1/orders', { a: 1, b: 2 })).toBe(
      requestHash('POST', '/v1/orders', { b: 2, a: 1 }),
    );
  });
});
