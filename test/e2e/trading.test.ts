import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streaming, trading } from '@alpacahq/alpaca-trade-api';
import {
  bearer,
  http,
  startEmbeddedPlatform,
  trader as newTrader,
  type EmbeddedPlatform,
} from './embedded.ts';
import { waitFor } from './cluster.ts';
import { realtimeContract, startSinks, type Sinks } from './realtime-contract.ts';

/**
 * The money path (ARCHITECTURE §7) as an Alpaca client sees it: the official SDK pointed at the
 * gateway places orders on the paper exchange, the fills reach the trade_updates stream, the
 * position and the cash in portfolio — and another user sees none of it.
 */
let platform: EmbeddedPlatform;
let sinks: Sinks;
beforeAll(async () => {
  sinks = await startSinks();
  platform = await startEmbeddedPlatform({
    MARKET_SESSION_MODE: 'always',
    MARKET_BACKFILL_DAILY_YEARS: '1',
    MARKET_BACKFILL_MINUTE_SESSIONS: '1',
    MARKET_NEWS_PER_HOUR: '0',
    ...sinks.env,
  });
}, 120_000);
afterAll(async () => {
  await platform?.close();
  await sinks?.close();
});

describe('real time (embedded)', () => {
  realtimeContract(
    () => platform.gateway,
    () => sinks,
  );
});

interface Trader {
  userId: string;
  token: string;
  keyId: string;
  secret: string;
  accountId: string;
  config: trading.Configuration;
}

async function trader(name: string): Promise<Trader> {
  const t = await newTrader(platform.gateway, name);
  return {
    userId: t.userId,
    token: t.token,
    keyId: t.keyId,
    secret: t.secret,
    accountId: t.accountId,
    config: new trading.Configuration({
      basePath: `${platform.gateway}/alpaca`,
      keyId: t.keyId,
      secret: t.secret,
    }),
  };
}

describe('trading through the Alpaca SDK (embedded)', () => {
  let alice: Trader;
  let bob: Trader;
  beforeAll(async () => {
    alice = await trader('alice');
    bob = await trader('bob');
    // Portfolio learns of the account from account.opened; wait until the ledger has it.
    await waitFor(async () => {
      try {
        const account = await new trading.AccountsApi(alice.config).getAccount();
        return account.cash !== undefined;
      } catch {
        return false;
      }
    }, 20_000);
  }, 60_000);

  it('starts a paper account with $100,000', async () => {
    const account = await new trading.AccountsApi(alice.config).getAccount();
    expect(Number(account.cash)).toBe(100000);
    expect(account.status).toBe('ACTIVE');
  });

  it('fills a market buy, streams the fill, and shows the position and the cash', async () => {
    const updates: { event: string; symbol: string }[] = [];
    const stream = new streaming.TradingStream({
      credentials: { keyId: alice.keyId, secret: alice.secret },
      url: platform.gateway.replace('http', 'ws') + '/alpaca/stream',
      reconnect: false,
    } as never);
    stream.onTradeUpdate((u) => updates.push({ event: u.event, symbol: u.order.symbol ?? '' }));
    const listening = new Promise<void>((resolve) => stream.on('subscription' as never, () => resolve()));
    stream.onConnect(() => stream.subscribeTradeUpdates());
    stream.connect();
    await listening;

    const orders = new trading.OrdersApi(alice.config);
    const placed = await orders.postOrder({
      postOrderRequest: {
        symbol: 'AAPL',
        qty: '10',
        side: 'buy',
        type: 'market',
        timeInForce: 'day',
        clientOrderId: `e2e-${Date.now()}`,
      } as never,
    });
    expect(placed.symbol).toBe('AAPL');

    await waitFor(
      async () => (await orders.getOrderByOrderID({ orderId: placed.id! })).status === 'filled',
      20_000,
    );
    const filled = await orders.getOrderByOrderID({ orderId: placed.id! });
    expect(filled.filledQty).toBe('10');

    await waitFor(async () => updates.some((u) => u.event === 'fill' && u.symbol === 'AAPL'), 10_000);
    stream.disconnect();

    const positions = new trading.PositionsApi(alice.config);
    await waitFor(
      async () => (await positions.getAllOpenPositions()).some((p) => p.symbol === 'AAPL'),
      10_000,
    );
    const position = await positions.getOpenPosition({ symbolOrAssetId: 'AAPL' } as never);
    expect(position.qty).toBe('10');
    const account = await new trading.AccountsApi(alice.config).getAccount();
    const spent = 100000 - Number(account.cash);
    // Ten shares at the ask plus costs: the cash moved by exactly the position's cost basis.
    expect(spent).toBeGreaterThan(0);
    expect(Math.abs(spent - Number(position.costBasis))).toBeLessThan(
      0.01 + 1e-9 + Number(position.costBasis) * 0.001,
    );
  });

  it('rests a far limit order, cancels it, and refuses to cancel it twice', async () => {
    const orders = new trading.OrdersApi(alice.config);
    const placed = await orders.postOrder({
      postOrderRequest: {
        symbol: 'MSFT',
        qty: '1',
        side: 'buy',
        type: 'limit',
        limitPrice: '1.00',
        timeInForce: 'gtc',
      } as never,
    });
    expect(['new', 'accepted', 'pending_new']).toContain(placed.status);
    await orders.deleteOrderByOrderID({ orderId: placed.id! });
    await waitFor(
      async () => (await orders.getOrderByOrderID({ orderId: placed.id! })).status === 'canceled',
      10_000,
    );
    const again = await fetch(`${platform.gateway}/alpaca/v2/orders/${placed.id}`, {
      method: 'DELETE',
      headers: { 'apca-api-key-id': alice.keyId, 'apca-api-secret-key': alice.secret },
    });
    expect(again.status).toBe(422);
  });

  it('rejects an order above buying power with the risk reason', async () => {
    // About $150k of shares: under the order-notional limit ($250k), over the $100k of cash.
    const quote = await http(platform.gateway, 'GET', '/v1/market/quotes?symbols=AAPL', {
      headers: bearer(alice.token),
    });
    const qty = Math.ceil(150_000 / Number(quote.body.quotes.AAPL.askPrice));
    const res = await fetch(`${platform.gateway}/alpaca/v2/orders`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'apca-api-key-id': alice.keyId,
        'apca-api-secret-key': alice.secret,
      },
      body: JSON.stringify({
        symbol: 'AAPL',
        qty: String(qty),
        side: 'buy',
        type: 'market',
        time_in_force: 'day',
      }),
    });
    expect(res.status).toBe(403);
    const body = (await res.json()) as { code: number; message: string };
    expect(body.message).toMatch(/buying power/i);
  });

  it('creates exactly one order from 50 parallel submissions with one client_order_id', async () => {
    const clientOrderId = `dup-${Date.now()}`;
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        fetch(`${platform.gateway}/alpaca/v2/orders`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'apca-api-key-id': alice.keyId,
            'apca-api-secret-key': alice.secret,
          },
          body: JSON.stringify({
            symbol: 'MSFT',
            qty: '1',
            side: 'buy',
            type: 'limit',
            limit_price: '1.00',
            time_in_force: 'gtc',
            client_order_id: clientOrderId,
          }),
        }).then(async (r) => ({ status: r.status, body: (await r.json()) as { id?: string } })),
      ),
    );
    const ids = new Set(results.filter((r) => r.status === 200).map((r) => r.body.id));
    expect(ids.size).toBe(1);
    const all = await new trading.OrdersApi(alice.config).getAllOrders({
      status: 'all',
      limit: 500,
    } as never);
    expect(all.filter((o) => o.clientOrderId === clientOrderId)).toHaveLength(1);
  });

  it("never shows one user's orders, positions or accounts to another", async () => {
    const mine = await new trading.OrdersApi(alice.config).getAllOrders({ status: 'all' } as never);
    const orderId = mine[0]!.id!;
    const bobsView = await fetch(`${platform.gateway}/alpaca/v2/orders/${orderId}`, {
      headers: { 'apca-api-key-id': bob.keyId, 'apca-api-secret-key': bob.secret },
    });
    expect(bobsView.status).toBe(404);
    const account = await http(platform.gateway, 'GET', `/v1/accounts/${alice.accountId}`, {
      headers: bearer(bob.token),
    });
    expect(account.status).toBe(404);
    const positions = await http(
      platform.gateway,
      'GET',
      `/v1/portfolio/positions?accountId=${alice.accountId}`,
      { headers: bearer(bob.token) },
    );
    expect(positions.status).toBe(404);
    expect((await new trading.PositionsApi(bob.config).getAllOpenPositions()).length).toBe(0);
  });

  it('aggregates the enriched portfolio at the gateway', async () => {
    const res = await http(platform.gateway, 'GET', `/v1/portfolio/enriched?accountId=${alice.accountId}`, {
      headers: bearer(alice.token),
    });
    expect(res.status).toBe(200);
    const aapl = res.body.positions.find((p: { symbol: string }) => p.symbol === 'AAPL');
    expect(aapl).toBeDefined();
    expect(aapl.last).toMatch(/^\d+(\.\d+)?$/);
  });
});
