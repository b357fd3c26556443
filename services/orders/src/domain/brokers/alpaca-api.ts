import type { Logger } from '@tradeplane/kit';
import { OrdersErrors } from '../errors.ts';

/**
 * Alpaca's Trading API v2 REST calls the broker adapter needs (docs.alpaca.markets "Orders",
 * "Account"). Authentication is the key pair in APCA-API-KEY-ID / APCA-API-SECRET-KEY. Every
 * call has a deadline; a call that times out has an unknown outcome, which the caller resolves
 * by looking the order up by client_order_id rather than sending it again.
 */
export interface AlpacaCredentials {
  baseUrl: string;
  keyId: string;
  secret: string;
  timeoutMs: number;
}

/** An Alpaca order as its API returns it (snake_case, numbers as strings). */
export interface AlpacaOrder {
  id: string;
  client_order_id: string;
  status: string;
  symbol?: string;
  qty?: string | null;
  notional?: string | null;
  filled_qty?: string | null;
  filled_avg_price?: string | null;
  order_class?: string;
  type?: string;
  side?: string;
  limit_price?: string | null;
  stop_price?: string | null;
  hwm?: string | null;
  legs?: AlpacaOrder[] | null;
  replaced_by?: string | null;
  replaces?: string | null;
  [key: string]: unknown;
}

export interface AlpacaResponse<T> {
  status: number;
  body: T;
}

/** The call could not complete: no answer (refused, reset) or no answer in time. */
export class AlpacaTransportError extends Error {
  constructor(
    readonly kind: 'timeout' | 'network',
    cause: unknown,
  ) {
    super(`alpaca ${kind}`, { cause });
    this.name = 'AlpacaTransportError';
  }
}

export class AlpacaRest {
  constructor(private readonly creds: AlpacaCredentials) {}

  async request<T = unknown>(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    query?: Record<string, string>,
  ): Promise<AlpacaResponse<T>> {
    const url = new URL(this.creds.baseUrl + path);
    for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, v);
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: {
          'APCA-API-KEY-ID': this.creds.keyId,
          'APCA-API-SECRET-KEY': this.creds.secret,
          accept: 'application/json',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: body === undefined ? null : JSON.stringify(body),
        signal: AbortSignal.timeout(this.creds.timeoutMs),
      });
    } catch (err) {
      const name = (err as { name?: string }).name;
      throw new AlpacaTransportError(
        name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network',
        err,
      );
    }
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      throw new AlpacaTransportError('timeout', err);
    }
    let parsed: unknown = undefined;
    if (text.length > 0) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = { message: text };
      }
    }
    return { status: res.status, body: parsed as T };
  }

  submitOrder(body: Record<string, unknown>) {
    return this.request<AlpacaOrder>('POST', '/v2/orders', body);
  }

  getByClientOrderId(clientOrderId: string) {
    return this.request<AlpacaOrder>('GET', '/v2/orders:by_client_order_id', undefined, {
      client_order_id: clientOrderId,
    });
  }

  getOrder(id: string) {
    return this.request<AlpacaOrder>('GET', `/v2/orders/${encodeURIComponent(id)}`, undefined, {
      nested: 'true',
    });
  }

  cancelOrder(id: string) {
    return this.request<unknown>('DELETE', `/v2/orders/${encodeURIComponent(id)}`);
  }

  replaceOrder(id: string, body: Record<string, unknown>) {
    return this.request<AlpacaOrder>('PATCH', `/v2/orders/${encodeURIComponent(id)}`, body);
  }

  openOrders() {
    return this.request<AlpacaOrder[]>('GET', '/v2/orders', undefined, {
      status: 'open',
      nested: 'true',
      limit: '500',
    });
  }

  account() {
    return this.request<{ cash?: string }>('GET', '/v2/account');
  }
}

/** Alpaca's error body `{code, message}`: the message, for our own error. */
export function alpacaMessage(body: unknown, fallback: string): string {
  if (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { message?: unknown }).message === 'string'
  )
    return (body as { message: string }).message;
  return fallback;
}

/** Checks a key pair against GET /v2/account before an account is configured with it. */
export async function verifyAlpacaCredentials(
  creds: AlpacaCredentials,
  log: Logger,
): Promise<{ cash: string }> {
  let res: AlpacaResponse<{ cash?: string }>;
  try {
    res = await new AlpacaRest(creds).account();
  } catch (err) {
    log.warn({ err, baseUrl: creds.baseUrl }, 'alpaca unreachable while verifying credentials');
    throw OrdersErrors.brokerUnavailable();
  }
  if (res.status === 401 || res.status === 403) throw OrdersErrors.brokerCredentialsInvalid();
  const cash = res.body?.cash;
  if (res.status !== 200 || typeof cash !== 'string' || !/^-?\d+(\.\d+)?$/.test(cash)) {
    log.warn({ status: res.status }, 'alpaca account answer unusable');
    throw OrdersErrors.brokerUnavailable();
  }
  return { cash: cash.startsWith('-') ? '0' : cash };
}
