import { createHash } from 'node:crypto';
import { isAppError, toProblem } from '@tradeplane/kit';
import { claimKey, completeKey, getKey, releaseKey, takeOverStale } from '../store/idempotency.store.ts';
import type { OrdersDeps } from './deps.ts';
import { OrdersErrors } from './errors.ts';

/**
 * `Idempotency-Key` on the native POSTs that move money or orders (IETF draft
 * "The Idempotency-Key HTTP Header Field"): the first request under a key runs; its answer
 * (status and body) is stored for IDEMPOTENCY_TTL_HOURS and every retry gets exactly that
 * answer. A different request under the same key is refused (422 IDEMPOTENCY_KEY_REUSED), and
 * a retry while the first is still running gets 409 IDEMPOTENCY_IN_PROGRESS.
 *
 * Answers with status >= 500 are not kept: nothing happened (e.g. risk was unavailable), so a
 * retry must be able to run. A key left in flight by a crashed process is taken over after
 * STALE_MS; the order row carries the key too, so a takeover finds an order the crashed
 * request already committed instead of placing a second one.
 */
const STALE_MS = 60_000;

export interface KeptResponse {
  status: number;
  body: unknown;
  replayed: boolean;
}

export function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${path}\n${canonicalJson(body)}`)
    .digest('hex');
}

/** JSON with object keys sorted, so the same body always hashes the same. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

export async function withIdempotencyKey(
  deps: Pick<OrdersDeps, 'db' | 'config' | 'log'>,
  scope: { userId: string; key: string; hash: string; instance: string },
  run: () => Promise<{ status: number; body: unknown }>,
): Promise<KeptResponse> {
  const { userId, key, hash } = scope;
  let claimed = await claimKey(deps.db, {
    userId,
    key,
    requestHash: hash,
    ttlHours: deps.config.IDEMPOTENCY_TTL_HOURS,
  });
  if (!claimed) {
    const existing = await getKey(deps.db, userId, key);
    if (!existing) {
      claimed = await claimKey(deps.db, {
        userId,
        key,
        requestHash: hash,
        ttlHours: deps.config.IDEMPOTENCY_TTL_HOURS,
      });
      if (!claimed) throw OrdersErrors.idempotencyInProgress();
    } else {
      if (existing.requestHash !== hash) throw OrdersErrors.idempotencyKeyReused();
      if (existing.state === 'completed') {
        return { status: existing.responseStatus ?? 200, body: existing.responseBody, replayed: true };
      }
      const stale = new Date(Date.now() - STALE_MS);
      if (!(await takeOverStale(deps.db, userId, key, stale))) throw OrdersErrors.idempotencyInProgress();
    }
  }
  let answer: { status: number; body: unknown };
  try {
    answer = await run();
  } catch (err) {
    if (isAppError(err) && err.status < 500) {
      const problem = toProblem(err, scope.instance);
      await completeKey(deps.db, userId, key, err.status, problem);
      throw err;
    }
    await releaseKey(deps.db, userId, key).catch((e: unknown) =>
      deps.log.warn({ err: e }, 'could not release idempotency key'),
    );
    throw err;
  }
  if (answer.status >= 500) await releaseKey(deps.db, userId, key);
  else await completeKey(deps.db, userId, key, answer.status, answer.body);
  return { ...answer, replayed: false };
}
