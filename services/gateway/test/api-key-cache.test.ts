import { describe, expect, it } from 'vitest';
import { AppError, createMemoryCache, type ServiceContext } from '@tradeplane/kit';
import { Authenticator } from '../src/domain/authenticate.ts';

/**
 * API key pairs at the edge: verified by identity, then trusted for API_KEY_CACHE_MS from that
 * verification — through the shared cache (every gateway instance) and in process (no round
 * trip per request) — and never longer in either.
 */
function fakeContext(shared = createMemoryCache()) {
  const calls = { identity: 0, sharedReads: 0 };
  const cache = {
    ...shared,
    get: <T>(key: string) => {
      calls.sharedReads += 1;
      return shared.get<T>(key);
    },
    set: shared.set.bind(shared),
  };
  const ctx = {
    cache,
    client: () => ({
      call: async (o: { body: { keyId: string; secret: string } }) => {
        calls.identity += 1;
        if (o.body.secret !== 'right') throw new AppError('AUTH_INVALID_API_KEY', 401, 'Invalid API key');
        return { userId: 'u-1', roles: ['user'], plan: 'free', apiKeyId: 'k-1' };
      },
    }),
  } as unknown as ServiceContext;
  return { ctx, calls, shared };
}

const pair = (secret = 'right') => ({ 'apca-api-key-id': 'PK1', 'apca-api-secret-key': secret });

describe('API key verification at the edge', () => {
  it('asks identity once, then answers from the process without any round trip', async () => {
    const { ctx, calls } = fakeContext();
    const auth = new Authenticator(ctx, 30_000);
    for (let i = 0; i < 5; i++) expect((await auth.authenticate(pair()))?.userId).toBe('u-1');
    expect(calls).toEqual({ identity: 1, sharedReads: 1 });
  });

  it('takes another instance’s verification from the shared cache, for what is left of its trust', async () => {
    const first = fakeContext();
    await new Authenticator(first.ctx, 80).authenticate(pair());
    const second = fakeContext(first.shared);
    const auth = new Authenticator(second.ctx, 80);
    expect((await auth.authenticate(pair()))?.userId).toBe('u-1');
    expect(second.calls.identity).toBe(0);
    await new Promise((r) => setTimeout(r, 120));
    // The first verification is 120 ms old: neither copy trusts it any longer.
    await auth.authenticate(pair());
    expect(second.calls.identity).toBe(1);
  });

  it('refuses a wrong secret every time, and remembers nothing of it', async () => {
    const { ctx, calls } = fakeContext();
    const auth = new Authenticator(ctx, 30_000);
    for (let i = 0; i < 2; i++)
      await expect(auth.authenticate(pair('wrong'))).rejects.toMatchObject({ code: 'AUTH_INVALID_API_KEY' });
    expect(calls.identity).toBe(2);
  });
});
