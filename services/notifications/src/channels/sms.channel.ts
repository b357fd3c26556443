import { request } from 'undici';
import type { TwilioSettings } from '../config.ts';
import type { NotificationsDeps } from '../domain/deps.ts';
import { getRecipient } from '../store/recipients.store.ts';
import { describeError, type ChannelSender, type SendOutcome } from './channel.ts';

/** Twilio concatenates long texts up to 1,600 characters. */
const MAX_SMS = 1_600;

/**
 * SMS through Twilio's REST API: `POST /2010-04-01/Accounts/{sid}/Messages.json`, HTTP basic auth
 * with the account SID and auth token, a form body of To, From and Body. Without Twilio settings
 * the channel records each delivery as skipped.
 */
export function smsChannel(deps: NotificationsDeps, twilio: TwilioSettings | undefined): ChannelSender {
  return {
    async send({ delivery, notification }): Promise<SendOutcome> {
      if (!twilio)
        return {
          kind: 'skipped',
          reason: 'SMS is not configured (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM)',
        };
      if (!notification) return { kind: 'skipped', reason: 'no notification to send' };
      const phone = (await getRecipient(deps.db, delivery.userId))?.phone;
      if (!phone) return { kind: 'skipped', reason: 'no phone number in the preferences' };
      const text = `${notification.title}\n${notification.body}`.slice(0, MAX_SMS);
      const url = `${twilio.baseUrl}/2010-04-01/Accounts/${encodeURIComponent(twilio.accountSid)}/Messages.json`;
      const timeout = deps.config.NOTIFICATIONS_PROVIDER_TIMEOUT_MS;
      let status: number;
      let answer: { message?: unknown; code?: unknown } | undefined;
      try {
        const res = await request(url, {
          method: 'POST',
          headers: {
            authorization: `Basic ${Buffer.from(`${twilio.accountSid}:${twilio.authToken}`).toString('base64')}`,
            'content-type': 'application/x-www-form-urlencoded',
            accept: 'application/json',
          },
          body: new URLSearchParams({
            To: phone,
            // A Messaging Service SID (MG…) sends from the service's own number pool.
            ...(/^MG[0-9a-f]{32}$/i.test(twilio.from)
              ? { MessagingServiceSid: twilio.from }
              : { From: twilio.from }),
            Body: text,
          }).toString(),
          headersTimeout: timeout,
          bodyTimeout: timeout,
          signal: AbortSignal.timeout(timeout),
        });
        status = res.statusCode;
        answer = (await res.body.json().catch(() => undefined)) as typeof answer;
      } catch (err) {
        return { kind: 'retry', error: describeError(err) };
      }
      if (status >= 200 && status < 300) return { kind: 'delivered', statusCode: status };
      const error = `Twilio ${status}${answer?.code ? ` ${String(answer.code)}` : ''}${
        typeof answer?.message === 'string' ? `: ${answer.message}` : ''
      }`;
      // 4xx (a bad number, an unverified recipient) will not pass by trying again; 429 and 5xx may.
      return status === 429 || status >= 500
        ? { kind: 'retry', error, statusCode: status }
        : { kind: 'failed', error, statusCode: status };
    },
  };
}
