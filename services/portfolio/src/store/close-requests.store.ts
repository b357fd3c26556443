import type { AnyDB } from '@tradeplane/kit';
import { PortfolioErrors } from '../domain/errors.ts';

export interface CloseRequest {
  accountId: string;
  idempotencyKey: string;
  symbol: string;
  /** What was asked (symbol, qty, percentage), hashed: the same key must ask the same. */
  requestHash: string;
  clientOrderId: string;
}

/**
 * Records the first request under an Idempotency-Key. `claimed` is false when the key was used
 * before; `existing` is then that first request. A key freed between the conflict and the read
 * (its request refused, releaseCloseKey) is claimed again once; freed again meanwhile, the close
 * is refused as in progress (409) rather than guessed at.
 */
export async function claimCloseKey(
  db: AnyDB,
  r: CloseRequest,
): Promise<{ claimed: true } | { claimed: false; existing: CloseRequest }> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const inserted = await db
      .insertInto('close_requests')
      .values({
        account_id: r.accountId,
        idempotency_key: r.idempotencyKey,
        symbol: r.symbol,
        request_hash: r.requestHash,
        client_order_id: r.clientOrderId,
      })
      .onConflict((oc) => oc.columns(['account_id', 'idempotency_key']).doNothing())
      .returning('idempotency_key')
      .executeTakeFirst();
    if (inserted) return { claimed: true };
    const row = (await db
      .selectFrom('close_requests')
      .select(['account_id', 'idempotency_key', 'symbol', 'request_hash', 'client_order_id'])
      .where('account_id', '=', r.accountId)
      .where('idempotency_key', '=', r.idempotencyKey)
      .executeTakeFirst()) as
      | {
          account_id: string;
          idempotency_key: string;
          symbol: string;
          request_hash: string;
          client_order_id: string;
        }
      | undefined;
    if (row)
      return {
        claimed: false,
        existing: {
          accountId: row.account_id,
          idempotencyKey: row.idempotency_key,
          symbol: row.symbol,
          requestHash: row.request_hash,
          clientOrderId: row.client_order_id,
        },
      };
  }
  throw PortfolioErrors.closeInProgress();
}

/** Frees a key whose request was refused before any order could exist (it may be used again). */
export async function releaseCloseKey(
  db: AnyDB,
  r: Pick<CloseRequest, 'accountId' | 'idempotencyKey' | 'requestHash'>,
): Promise<void> {
  await db
    .deleteFrom('close_requests')
    .where('account_id', '=', r.accountId)
    .where('idempotency_key', '=', r.idempotencyKey)
    .where('request_hash', '=', r.requestHash)
    .execute();
}
