import { importPKCS8, SignJWT } from 'jose';
import { request } from 'undici';
import type { FcmServiceAccount } from '../config.ts';
import type { NotificationsDeps } from '../domain/deps.ts';
import { deleteDeviceToken, listDevices } from '../store/devices.store.ts';
import { describeError, type ChannelSender, type SendOutcome } from './channel.ts';

const FCM_SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** A cached access token is renewed this long before it expires. */
const RENEW_BEFORE_MS = 60_000;

type SendResult =
  { ok: true } | { ok: false; retry: boolean; unregistered: boolean; status: number; error: string };

/**
 * Firebase Cloud Messaging HTTP v1. The service account signs a JWT (RS256) that is exchanged at its
 * token_uri for an OAuth2 access token (RFC 7523 JWT-bearer grant), cached until shortly before it
 * expires; each device token then gets its own `messages:send`.
 */
export class FcmClient {
  readonly #account: FcmServiceAccount;
  readonly #baseUrl: string;
  readonly #timeoutMs: number;
  readonly #now: () => Date;
  #token: { value: string; expiresAt: number } | undefined;
  #key: ReturnType<typeof importPKCS8> | undefined;

  constructor(account: FcmServiceAccount, baseUrl: string, timeoutMs: number, now: () => Date) {
    this.#account = account;
    this.#baseUrl = baseUrl.replace(/\/+$/, '');
    this.#timeoutMs = timeoutMs;
    this.#now = now;
  }

  async #accessToken(): Promise<string> {
    const now = this.#now().getTime();
    if (this.#token && this.#token.expiresAt - RENEW_BEFORE_MS > now) return this.#token.value;
    this.#key ??= importPKCS8(this.#account.privateKey, 'RS256');
    const iat = Math.floor(now / 1000);
    const assertion = await new SignJWT({ scope: FCM_SCOPE })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .setIssuer(this.#account.clientEmail)
      .setSubject(this.#account.clientEmail)
      .setAudience(this.#account.tokenUri)
      .setIssuedAt(iat)
      .setExpirationTime(iat + 3600)
      .sign(await this.#key);
    const res = await request(this.#account.tokenUri, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: JWT_BEARER, assertion }).toString(),
      signal: AbortSignal.timeout(this.#timeoutMs),
    });
    const body = (await res.body.json().catch(() => undefined)) as
      { access_token?: unknown; expires_in?: unknown; error?: unknown } | undefined;
    if (res.statusCode !== 200 || typeof body?.access_token !== 'string')
      throw new Error(
        `FCM token endpoint answered ${res.statusCode}${body?.error ? ` (${String(body.error)})` : ''}`,
      );
    const ttl = typeof body.expires_in === 'number' ? body.expires_in * 1000 : 3_600_000;
    this.#token = { value: body.access_token, expiresAt: now + ttl };
    return body.access_token;
  }

  async send(
    deviceToken: string,
    message: { title: string; body: string; data: Record<string, string> },
  ): Promise<SendResult> {
    for (let attempt = 1; ; attempt++) {
      const accessToken = await this.#accessToken();
      const res = await request(
        `${this.#baseUrl}/v1/projects/${encodeURIComponent(this.#account.projectId)}/messages:send`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            message: {
              token: deviceToken,
              notification: { title: message.title, body: message.body },
              data: message.data,
            },
          }),
          signal: AbortSignal.timeout(this.#timeoutMs),
        },
      );
      const answer = (await res.body.json().catch(() => undefined)) as
        { error?: { status?: string; message?: string; details?: { errorCode?: string }[] } } | undefined;
      const status = res.statusCode;
      if (status >= 200 && status < 300) return { ok: true };
      // A token refused mid-life (revoked, rotated key): fetch a new one once.
      if (status === 401 && attempt === 1) {
        this.#token = undefined;
        continue;
      }
      const codes = [answer?.error?.status, ...(answer?.error?.details ?? []).map((d) => d.errorCode)];
      const error = `FCM ${status}${answer?.error?.message ? `: ${answer.error.message}` : ''}`;
      // FCM v1 reports a token that no longer names an app install as UNREGISTERED (404).
      const unregistered = codes.includes('UNREGISTERED') || status === 404;
      const retry = status === 429 || status >= 500 || status === 401;
      return { ok: false, retry, unregistered, status, error };
    }
  }
}

export function pushChannel(deps: NotificationsDeps, fcm: FcmClient | undefined): ChannelSender {
  return {
    async send({ delivery, notification }): Promise<SendOutcome> {
      if (!fcm) return { kind: 'skipped', reason: 'push is not configured (FCM_SERVICE_ACCOUNT_JSON)' };
      if (!notification) return { kind: 'skipped', reason: 'no notification to send' };
      const devices = await listDevices(deps.db, delivery.userId);
      if (devices.length === 0) return { kind: 'skipped', reason: 'no registered devices' };
      const message = {
        title: notification.title,
        body: notification.body,
        data: { notificationId: notification.id, type: notification.type },
      };
      let delivered = 0;
      let retryable: string | undefined;
      const errors: string[] = [];
      let lastStatus: number | undefined;
      for (const device of devices) {
        try {
          const r = await fcm.send(device.token, message);
          if (r.ok) {
            delivered += 1;
            continue;
          }
          lastStatus = r.status;
          errors.push(r.error);
          if (r.unregistered) await deleteDeviceToken(deps.db, device.token);
          else if (r.retry) retryable = r.error;
        } catch (err) {
          retryable = describeError(err);
          errors.push(retryable);
        }
      }
      // Sent to at least one device: delivered, so a retry never pushes twice to the others.
      if (delivered > 0)
        return {
          kind: 'delivered',
          note: errors.length ? `${errors.length} device(s) failed: ${errors[0]}` : '',
        };
      if (retryable)
        return { kind: 'retry', error: retryable, ...(lastStatus ? { statusCode: lastStatus } : {}) };
      return {
        kind: 'failed',
        error: errors[0] ?? 'no device accepted the message',
        ...(lastStatus ? { statusCode: lastStatus } : {}),
      };
    },
  };
}
