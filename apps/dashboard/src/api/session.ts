/**
 * The browser session, following identity's token model: a short-lived access JWT (15 min) kept in
 * memory only, and a single-use refresh token that rotates on every refresh (presenting a spent one
 * revokes the whole session family).
 *
 * Where the refresh token lives: sessionStorage. It survives a reload (so a reload or an expired
 * access token never loses the page) but not the closing of the tab, it is not sent with any
 * request the way a cookie would be, and each tab is its own session, so two tabs never race to
 * rotate the same token. A duplicated tab (which copies sessionStorage) detects that the original
 * is still open and does not use the copied token: it asks for a sign-in instead, so neither tab
 * trips identity's reuse detection.
 *
 * Refresh is single-flight: concurrent callers share one rotation. Calls refresh ahead of expiry
 * (30 s margin), and once more after a 401.
 */
import { ApiError, configureAuth, rawRequest } from './http.ts';
import type { TokenPair } from './endpoints.ts';
import { uuid } from '../lib/ids.ts';

const REFRESH_KEY = 'tradeplane.refreshToken';
const TAB_KEY = 'tradeplane.tabId';
const EXPIRY_MARGIN_MS = 30_000;

export type SessionStatus = 'unknown' | 'signedIn' | 'signedOut';
export interface SessionSnapshot {
  status: SessionStatus;
  /** Why the session ended, when it was not the user's own sign-out. */
  reason?: string;
}

let access: { token: string; expiresAt: number } | null = null;
let refreshToken: string | null = null;
let inflight: Promise<string | null> | null = null;
let snapshot: SessionSnapshot = { status: 'unknown' };
const listeners = new Set<(s: SessionSnapshot) => void>();

function storage(): Storage | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null;
  }
}

function emit(next: SessionSnapshot): void {
  snapshot = next;
  for (const l of listeners) l(next);
}

export function sessionSnapshot(): SessionSnapshot {
  return snapshot;
}

export function onSession(listener: (s: SessionSnapshot) => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

function store(pair: TokenPair): void {
  access = { token: pair.accessToken, expiresAt: Date.now() + pair.expiresIn * 1000 };
  refreshToken = pair.refreshToken;
  storage()?.setItem(REFRESH_KEY, pair.refreshToken);
  if (snapshot.status !== 'signedIn') emit({ status: 'signedIn' });
}

function clear(reason?: string): void {
  access = null;
  refreshToken = null;
  storage()?.removeItem(REFRESH_KEY);
  emit(reason ? { status: 'signedOut', reason } : { status: 'signedOut' });
}

/** Claims of the current access token (sub, email, roles), for display only: the server decides. */
export function tokenClaims(): { sub?: string; email?: string; roles?: string[]; exp?: number } {
  if (!access) return {};
  try {
    const part = access.token.split('.')[1] ?? '';
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
    return JSON.parse(json) as { sub?: string; email?: string; roles?: string[]; exp?: number };
  } catch {
    return {};
  }
}

export async function signIn(email: string, password: string): Promise<void> {
  const pair = (await rawRequest('post', '/v1/auth/login', {
    body: { email, password },
    auth: false,
  })) as TokenPair;
  store(pair);
}

export async function signUp(email: string, password: string): Promise<void> {
  await rawRequest('post', '/v1/auth/register', { body: { email, password }, auth: false });
  await signIn(email, password);
}

export async function signOut(): Promise<void> {
  const token = refreshToken;
  clear();
  if (token) {
    // Revokes the session server-side; the local state is gone whatever the answer.
    await rawRequest('post', '/v1/auth/logout', { body: { refreshToken: token }, auth: false }).catch(
      () => {},
    );
  }
}

/** Rotates the refresh token; resolves to the new access token, or null when the session is over. */
export function refresh(): Promise<string | null> {
  if (inflight) return inflight;
  const presented = refreshToken;
  if (!presented) return Promise.resolve(null);
  inflight = (async () => {
    try {
      const pair = (await rawRequest('post', '/v1/auth/refresh', {
        body: { refreshToken: presented },
        auth: false,
      })) as TokenPair;
      store(pair);
      return pair.accessToken;
    } catch (err) {
      if (err instanceof ApiError && err.status !== 0 && err.status < 500 && err.status !== 429) {
        clear('Your session has ended. Sign in again to continue where you were.');
        return null;
      }
      // The gateway is unreachable or failing: keep the session and let the caller show the error.
      throw err;
    } finally {
      inflight = null;
    }
  })();
  return inflight;
}

/** A valid access token (refreshed first when it is about to expire), or null when signed out. */
export async function accessToken(): Promise<string | null> {
  if (access && Date.now() < access.expiresAt - EXPIRY_MARGIN_MS) return access.token;
  if (!refreshToken) return null;
  return refresh();
}

configureAuth({
  token: accessToken,
  async refreshAfter401(stale) {
    // Another call may already have refreshed since this one was sent.
    if (access && access.token !== stale && Date.now() < access.expiresAt - EXPIRY_MARGIN_MS)
      return access.token;
    access = null;
    return refresh();
  },
});

// ------------------------------------------------------------------------------------ boot

let channel: BroadcastChannel | null = null;

/** True when another open tab claims this tab's id: this tab is a duplicate with a copied token. */
async function duplicateTab(): Promise<boolean> {
  const s = storage();
  if (!s || typeof BroadcastChannel === 'undefined') return false;
  const existing = s.getItem(TAB_KEY);
  const myId = existing ?? uuid();
  let duplicate = false;
  const probe = new BroadcastChannel('tradeplane.session');
  const answered = new Promise<void>((resolve) => {
    probe.onmessage = (e: MessageEvent<{ type?: string; tabId?: string }>) => {
      if (e.data?.type === 'mine' && e.data.tabId === myId) {
        duplicate = true;
        resolve();
      }
    };
  });
  if (existing) {
    probe.postMessage({ type: 'who', tabId: myId });
    await Promise.race([answered, new Promise((r) => setTimeout(r, 200))]);
  }
  probe.close();
  const id = duplicate ? uuid() : myId;
  s.setItem(TAB_KEY, id);
  channel = new BroadcastChannel('tradeplane.session');
  channel.onmessage = (e: MessageEvent<{ type?: string; tabId?: string }>) => {
    if (e.data?.type === 'who' && e.data.tabId === id) channel?.postMessage({ type: 'mine', tabId: id });
  };
  return duplicate;
}

/** Restores the session of this tab after a load or reload, without losing the page. */
export async function restoreSession(): Promise<void> {
  const s = storage();
  if (await duplicateTab()) {
    s?.removeItem(REFRESH_KEY);
    clear('This tab is a copy of another signed-in tab. Sign in to give it its own session.');
    return;
  }
  refreshToken = s?.getItem(REFRESH_KEY) ?? null;
  if (!refreshToken) {
    emit({ status: 'signedOut' });
    return;
  }
  try {
    const token = await refresh();
    if (!token && snapshot.status === 'unknown') emit({ status: 'signedOut' });
  } catch {
    // Gateway unreachable at boot: stay signed out for now, keeping the token for a retry.
    emit({ status: 'signedOut', reason: 'Cannot reach the Tradeplane gateway. Retry in a moment.' });
  }
}

/** Test hook: forget everything (used by unit tests only). */
export function resetSessionForTests(): void {
  access = null;
  refreshToken = null;
  inflight = null;
  snapshot = { status: 'unknown' };
  listeners.clear();
}
