import { describe, expect, it } from 'vitest';
import { EMPTY_TICKET, buildOrder, describeOrder, type TicketForm } from '../src/lib/orderTicket.ts';

const ticket = (over: Partial<TicketForm>): TicketForm => ({
  ...EMPTY_TICKET,
  symbol: 'AAPL',
  qty: '10',
  ...over,
});

function ok(form: TicketForm) {
  const r = buildOrder(form, 'acc-1');
  if (!r.ok) throw new Error(`expected a valid order, got ${JSON.stringify(r.errors)}`);
  return r.order;
}
function errors(form: TicketForm) {
  const r = buildOrder(form, 'acc-1');
  if (r.ok) throw new Error(`expected errors, got ${JSON.stringify(r.order)}`);
  return r.errors;
}

describe('order ticket', () => {
  it('builds a market order', () => {
    expect(ok(ticket({ symbol: ' aapl ' }))).toEqual({
      accountId: 'acc-1',
      symbol: 'AAPL',
      side: 'buy',
      type: 'market',
      timeInForce: 'day',
      orderClass: 'simple',
      qty: '10',
    });
  });

  it('asks for the prices each order type needs', () => {
    expect(errors(ticket({ type: 'limit' })).limitPrice).toMatch(/required/);
    expect(errors(ticket({ type: 'stop' })).stopPrice).toMatch(/required/);
    const sl = errors(ticket({ type: 'stop_limit' }));
    expect(sl.limitPrice && sl.stopPrice).toBeTruthy();
    expect(ok(ticket({ type: 'stop_limit', stopPrice: '190', limitPrice: '189.5' }))).toMatchObject({
      stopPrice: '190',
      limitPrice: '189.5',
    });
    expect(errors(ticket({ type: 'limit', limitPrice: '190.001' })).limitPrice).toMatch(/cents/);
    expect(ok(ticket({ type: 'limit', limitPrice: '0.1234' })).limitPrice).toBe('0.1234');
  });

  it('trailing stops take a percent or a dollar trail, Day or GTC only', () => {
    expect(ok(ticket({ type: 'trailing_stop', trail: '2.5', trailKind: 'percent' })).trailPercent).toBe(
      '2.5',
    );
    expect(
      ok(ticket({ type: 'trailing_stop', trail: '1.25', trailKind: 'price', timeInForce: 'gtc' })).trailPrice,
    ).toBe('1.25');
    expect(errors(ticket({ type: 'trailing_stop', trail: '100' })).trail).toMatch(/below 100/);
    expect(
      errors(ticket({ type: 'trailing_stop', trail: '1', timeInForce: 'ioc' })).timeInForce,
    ).toBeTruthy();
  });

  it('dollar amounts are for simple market Day orders, at least $1', () => {
    expect(ok(ticket({ amountKind: 'notional', notional: '250.50', qty: '' }))).toMatchObject({
      notional: '250.50',
    });
    expect(errors(ticket({ amountKind: 'notional', notional: '0.5' })).notional).toMatch(/at least/);
    expect(
      errors(ticket({ amountKind: 'notional', notional: '100', type: 'limit', limitPrice: '1' })).notional,
    ).toBeTruthy();
    expect(errors(ticket({ qty: '0.5', timeInForce: 'gtc' })).timeInForce).toMatch(/Fractional/);
  });

  it('validates symbol and quantity', () => {
    expect(errors(ticket({ symbol: '' })).symbol).toMatch(/required/);
    expect(errors(ticket({ symbol: '1AB' })).symbol).toBeTruthy();
    expect(errors(ticket({ qty: '0' })).qty).toBeTruthy();
    expect(errors(ticket({ qty: '-3' })).qty).toBeTruthy();
    expect(errors(ticket({ qty: 'ten' })).qty).toBeTruthy();
  });

  it('builds a bracket with both legs and checks their order', () => {
    const o = ok(
      ticket({
        orderClass: 'bracket',
        takeProfit: '210',
        stopLossStop: '180',
        stopLossKind: 'stop_limit',
        stopLossLimit: '179.5',
      }),
    );
    expect(o).toMatchObject({
      orderClass: 'bracket',
      takeProfit: { limitPrice: '210' },
      stopLoss: { stopPrice: '180', limitPrice: '179.5' },
    });
    expect(
      errors(ticket({ orderClass: 'bracket', takeProfit: '170', stopLossStop: '180' })).takeProfit,
    ).toMatch(/above/);
    expect(
      errors(ticket({ orderClass: 'bracket', side: 'sell', takeProfit: '210', stopLossStop: '180' }))
        .takeProfit,
    ).toMatch(/below/);
    expect(
      ok(
        ticket({
          orderClass: 'bracket',
          takeProfit: '210',
          stopLossKind: 'trail_percent',
          stopLossTrail: '3',
        }),
      ).stopLoss,
    ).toEqual({
      trailPercent: '3',
    });
    expect(
      errors(ticket({ orderClass: 'bracket', timeInForce: 'ioc', takeProfit: '210', stopLossStop: '180' }))
        .timeInForce,
    ).toBeTruthy();
    expect(
      errors(ticket({ orderClass: 'bracket', qty: '1.5', takeProfit: '210', stopLossStop: '180' }))
        .orderClass,
    ).toBeTruthy();
  });

  it('an OCO is a limit exit whose limit is its take-profit', () => {
    const o = ok(
      ticket({ side: 'sell', type: 'limit', orderClass: 'oco', takeProfit: '220', stopLossStop: '190' }),
    );
    expect(o).toMatchObject({
      type: 'limit',
      limitPrice: '220',
      takeProfit: { limitPrice: '220' },
      stopLoss: { stopPrice: '190' },
    });
    expect(
      errors(
        ticket({ side: 'sell', type: 'market', orderClass: 'oco', takeProfit: '220', stopLossStop: '190' }),
      ).type,
    ).toBeTruthy();
    expect(
      errors(
        ticket({
          side: 'sell',
          type: 'limit',
          orderClass: 'oco',
          takeProfit: '220',
          stopLossKind: 'trail_percent',
          stopLossTrail: '2',
        }),
      ).stopLossKind,
    ).toBeTruthy();
  });

  it('an OTO has exactly one exit leg', () => {
    expect(ok(ticket({ orderClass: 'oto', otoLeg: 'take_profit', takeProfit: '220' }))).toMatchObject({
      takeProfit: { limitPrice: '220' },
    });
    const sl = ok(ticket({ orderClass: 'oto', otoLeg: 'stop_loss', stopLossStop: '150' }));
    expect(sl.stopLoss).toEqual({ stopPrice: '150' });
    expect(sl.takeProfit).toBeUndefined();
  });

  it('extended hours is for simple Day limit orders', () => {
    expect(ok(ticket({ type: 'limit', limitPrice: '190', extendedHours: true })).extendedHours).toBe(true);
    expect(errors(ticket({ extendedHours: true })).extendedHours).toBeTruthy();
  });

  it('describes the order in one line', () => {
    expect(describeOrder(ok(ticket({})))).toBe('Buy 10 AAPL at market, DAY');
    expect(describeOrder(ok(ticket({ orderClass: 'bracket', takeProfit: '210', stopLossStop: '180' })))).toBe(
      'Buy 10 AAPL at market, DAY (bracket: take profit 210, stop loss 180)',
    );
  });
});
