import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Value } from 'typebox/value';
import { OrderSnapshot, alpacaAssetId } from '@tradeplane/contracts';
import { buildEvent } from '@tradeplane/kit';
import { startTestService, type TestService } from '@tradeplane/kit/testing';
import { gatewayService } from '../src/app.ts';
import { fakeIdentity } from './fake-identity.ts';
import { StreamClient } from '../../../test/e2e/stream-client.ts';

/**
 * The `order` of Alpaca's trade_updates messages carries what Alpaca's Order object does, from the
 * snapshot orders publishes: a bracket parent's `legs`, a trailing stop's trail fields and
 * high-water mark, extended_hours, replaces, and the lifecycle timestamps.
 */
const KEYS = { PKCAROL: { secret: 'carol-secret', userId: 'user-carol' } };

const snap = (over: Partial<OrderSnapshot>): OrderSnapshot => ({
  id: 'o-1',
  clientOrderId: 'c-1',
  accountId: 'acct-carol',
  userId: 'user-carol',
  symbol: 'AAPL',
  assetId: null,
  assetClass: 'us_equity',
  side: 'buy',
  type: 'limit',
  timeInForce: 'gtc',
  orderClass: 'simple',
  qty: '10',
  notional: null,
  filledQty: '0',
  filledAvgPrice: null,
  limitPrice: '190',
  stopPrice: null,
  trailPrice: null,
  trailPercent: null,
  hwm: null,
  extendedHours: false,
  status: 'new',
  parentOrderId: null,
  legRole: null,
  replaces: null,
  replacedBy: null,
  positionIntent: null,
  createdAt: '2026-11-20T15:00:00.000Z',
  updatedAt: '2026-11-20T15:00:00.000Z',
  submittedAt: '2026-11-20T15:00:00.000Z',
  filledAt: null,
  expiredAt: null,
  canceledAt: null,
  failedAt: null,
  replacedAt: null,
  expiresAt: '2027-02-18T15:00:00.000Z',
  ...over,
});

describe('/alpaca/stream trade_updates order objects', () => {
  let identity: Awaited<ReturnType<typeof fakeIdentity>>;
  let gw: TestService;
  let client: StreamClient;

  const publish = (type: string, data: unknown) =>
    gw.platform.bus.publish([buildEvent('orders', { type, data })]);

  beforeAll(async () => {
    identity = await fakeIdentity(KEYS);
    gw = await startTestService(gatewayService as never, {
      env: {
        IDENTITY_URL: identity.url,
        CONTROL_URL: 'http://127.0.0.1:1',
        MARKET_DATA_URL: 'http://127.0.0.1:1',
        API_KEY_CACHE_MS: '60000',
      },
    });
    const base = (await gw.service.listen(0)).replace(/^http/, 'ws');
    client = await StreamClient.connect(`${base}/alpaca/stream`);
    client.send({ action: 'auth', key: 'PKCAROL', secret: KEYS.PKCAROL.secret });
    await client.next((m) => m.stream === 'authorization' && m.data.status === 'authorized');
    client.send({ action: 'listen', data: { streams: ['trade_updates'] } });
    await client.next((m) => m.stream === 'listening');
  });
  afterAll(async () => {
    client?.close();
    await gw?.close();
    identity?.server.close();
  });

  const update = (orderId: string, event: string) =>
    client.next((m) => m.stream === 'trade_updates' && m.data.event === event && m.data.order.id === orderId);

  it("a bracket's new event carries its legs, in Alpaca's shape", async () => {
    const legBase = {
      side: 'sell' as const,
      orderClass: 'bracket' as const,
      parentOrderId: 'b-1',
      status: 'held',
    };
    const order = snap({
      id: 'b-1',
      orderClass: 'bracket',
      legs: [
        snap({ ...legBase, id: 'b-1-tp', clientOrderId: 'tp', legRole: 'take_profit', limitPrice: '210' }),
        snap({
          ...legBase,
          id: 'b-1-sl',
          clientOrderId: 'sl',
          legRole: 'stop_loss',
          type: 'stop',
          limitPrice: null,
          stopPrice: '180',
        }),
      ],
    });
    expect(Value.Check(OrderSnapshot, order)).toBe(true);
    await publish('order.accepted', { order });
    const msg = await update('b-1', 'new');
    expect(msg.data.order).toMatchObject({
      id: 'b-1',
      order_class: 'bracket',
      status: 'new',
      submitted_at: '2026-11-20T15:00:00.000Z',
      expires_at: '2027-02-18T15:00:00.000Z',
      asset_id: alpacaAssetId('AAPL'),
    });
    expect(
      msg.data.order.legs.map((l: any) => [
        l.id,
        l.side,
        l.type,
        l.status,
        l.limit_price,
        l.stop_price,
        l.legs,
      ]),
    ).toEqual([
      ['b-1-tp', 'sell', 'limit', 'held', '210', null, null],
      ['b-1-sl', 'sell', 'stop', 'held', null, '180', null],
    ]);
  });

  it("a trailing stop's events carry trail_price / trail_percent and the hwm", async () => {
    const order = snap({
      id: 't-1',
      side: 'sell',
      type: 'trailing_stop',
      limitPrice: null,
      stopPrice: '188',
      trailPrice: '2',
      hwm: '190',
      status: 'new',
    });
    await publish('order.accepted', { order });
    const msg = await update('t-1', 'new');
    expect(msg.data.order).toMatchObject({
      type: 'trailing_stop',
      order_type: 'trailing_stop',
      trail_price: '2',
      trail_percent: null,
      hwm: '190',
      stop_price: '188',
      legs: null,
    });
    const filled = snap({
      ...order,
      hwm: '195.5',
      stopPrice: '193.5',
      status: 'filled',
      filledQty: '10',
      filledAvgPrice: '193.4',
      updatedAt: '2026-11-20T16:00:00.000Z',
      filledAt: '2026-11-20T15:59:59.000Z',
    });
    await publish('order.filled', {
      order: filled,
      fill: { tradeId: 'tr-1', qty: '10', price: '193.4', commission: '0', at: '2026-11-20T15:59:59.000Z' },
    });
    const fill = await update('t-1', 'fill');
    expect(fill.data).toMatchObject({ execution_id: 'tr-1', price: '193.4', qty: '10' });
    expect(fill.data.order).toMatchObject({
      hwm: '195.5',
      trail_price: '2',
      stop_price: '193.5',
      filled_at: '2026-11-20T15:59:59.000Z',
    });
  });

  it('carries extended_hours and replaces, and the replaced_by of a replaced event', async () => {
    await publish('order.accepted', {
      order: snap({ id: 'x-2', extendedHours: true, replaces: 'x-1', timeInForce: 'day' }),
    });
    expect((await update('x-2', 'new')).data.order).toMatchObject({ extended_hours: true, replaces: 'x-1' });
    await publish('order.replaced', {
      order: snap({ id: 'x-1', status: 'replaced', replacedAt: '2026-11-20T15:00:02.000Z' }),
      replacedBy: 'x-2',
    });
    expect((await update('x-1', 'replaced')).data.order).toMatchObject({
      replaced_by: 'x-2',
      replaced_at: '2026-11-20T15:00:02.000Z',
    });
  });

  it('still presents a snapshot published before these fields existed', async () => {
    const old = {
      id: 'old-1',
      clientOrderId: 'c-old',
      accountId: 'acct-carol',
      userId: 'user-carol',
      symbol: 'AAPL',
      side: 'buy',
      type: 'limit',
      timeInForce: 'day',
      orderClass: 'simple',
      qty: '1',
      notional: null,
      filledQty: '0',
      filledAvgPrice: null,
      limitPrice: '1',
      stopPrice: null,
      status: 'canceled',
      parentOrderId: null,
      createdAt: '2026-11-20T15:00:00.000Z',
      updatedAt: '2026-11-20T15:05:00.000Z',
    };
    expect(Value.Check(OrderSnapshot, old)).toBe(true);
    await publish('order.canceled', { order: old });
    expect((await update('old-1', 'canceled')).data.order).toMatchObject({
      submitted_at: '2026-11-20T15:00:00.000Z',
      canceled_at: '2026-11-20T15:05:00.000Z',
      extended_hours: false,
      trail_price: null,
      hwm: null,
      legs: null,
      replaces: null,
    });
  });
});
