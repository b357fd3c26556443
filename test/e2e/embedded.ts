import { runEmbedded, type RunningPlatform } from '@tradeplane/kit';
import { freshPglite, TEST_INTERNAL_SECRET } from '@tradeplane/kit/testing';
import { CATALOG } from '../../scripts/catalog.ts';
import { waitFor } from './cluster.ts';

export interface EmbeddedPlatform {
  running: RunningPlatform;
  gateway: string;
  close(): Promise<void>;
}

/** The whole platform in this process on a fresh PGlite, every service on a free port. */
export async function startEmbeddedPlatform(env: Record<string, string> = {}): Promise<EmbeddedPlatform> {
  const { handle } = await freshPglite();
  const names = CATALOG.map((d) => d.name);
  const ports = Object.fromEntries(names.map((n) => [n, 0]));
  const running = await runEmbedded(CATALOG, {
    env: {
      LOG_LEVEL: 'silent',
      INTERNAL_AUTH_SECRET: TEST_INTERNAL_SECRET,
      GATEWAY_REQUIRED_SERVICES: names.filter((n) => n !== 'gateway').join(','),
      CONTROL_EXPECTED_SERVICES: names.join(','),
      HEALTH_POLL_MS: '500',
      // A small market: the suites test behaviour, not the size of the history.
      MARKET_SESSION_MODE: 'always',
      MARKET_BACKFILL_DAILY_YEARS: '1',
      MARKET_BACKFILL_MINUTE_SESSIONS: '1',
      MARKET_NEWS_PER_HOUR: '0',
      ...env,
    },
    database: handle,
    keepDatabase: true,
    ports,
  });
  return {
    running,
    gateway: running.urls.get('gateway')!,
    async close() {
      await running.close();
      await handle.close();
    },
  };
}

export interface Json {
  status: number;
  headers: Headers;
  body: any;
}

export async function http(
  base: string,
  method: string,
  path: string,
  opts: { body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<Json> {
  const headers: Record<string, string> = { ...opts.headers };
  let body: string | undefined;
  if (opts.raw !== undefined) {
    body = opts.raw;
    headers['content-type'] ??= 'application/json';
  } else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(base + path, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

export async function signUp(
  base: string,
  email: string,
  password = 'correct-horse-battery',
): Promise<{ accessToken: string; refreshToken: string; userId: string }> {
  const reg = await http(base, 'POST', '/v1/auth/register', { body: { email, password } });
  if (reg.status !== 201) throw new Error(`register failed: ${reg.status} ${JSON.stringify(reg.body)}`);
  const login = await http(base, 'POST', '/v1/auth/login', { body: { email, password } });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${JSON.stringify(login.body)}`);
  return { accessToken: login.body.accessToken, refreshToken: login.body.refreshToken, userId: reg.body.id };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export interface TraderLogin {
  userId: string;
  email: string;
  token: string;
  keyId: string;
  secret: string;
  /** APCA-API-KEY-ID / APCA-API-SECRET-KEY headers of the trader's API key. */
  keyHeaders: Record<string, string>;
  /** The default paper account, opened from the user.registered event. */
  accountId: string;
}

/** Signs a new user up, gives them an API key and waits for their default paper account. */
export async function trader(base: string, name: string): Promise<TraderLogin> {
  const email = `${name}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@example.com`;
  const s = await signUp(base, email);
  const key = await http(base, 'POST', '/v1/api-keys', { body: { name }, headers: bearer(s.accessToken) });
  if (key.status !== 201) throw new Error(`api key failed: ${key.status} ${JSON.stringify(key.body)}`);
  let accountId = '';
  await waitFor(async () => {
    const res = await http(base, 'GET', '/v1/accounts', { headers: bearer(s.accessToken) });
    accountId = res.body?.data?.[0]?.id ?? '';
    return res.status === 200 && accountId !== '';
  }, 30_000);
  return {
    userId: s.userId,
    email,
    token: s.accessToken,
    keyId: key.body.keyId,
    secret: key.body.secret,
    keyHeaders: { 'apca-api-key-id': key.body.keyId, 'apca-api-secret-key': key.body.secret },
    accountId,
  };
}
