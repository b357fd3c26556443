import nodemailer from 'nodemailer';
import type { Logger } from '@tradeplane/kit';
import type { NotificationsConfig } from '../config.ts';
import type { NotificationsDeps } from '../domain/deps.ts';
import { emailAddressOf } from '../domain/preferences.ts';
import { describeError, type ChannelSender, type SendOutcome } from './channel.ts';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  /** 'smtp' sends; 'log' renders the whole message and writes it to the log (no SMTP_URL). */
  readonly kind: 'smtp' | 'log';
  send(message: EmailMessage): Promise<{ messageId: string }>;
  close(): void;
}

/**
 * Email over SMTP (SMTP_URL) through nodemailer; without SMTP_URL the offline default renders the
 * same RFC 5322 message with nodemailer's stream transport and records it in the log, so a
 * self-hosted install without a mail server still shows what would have been sent.
 */
export function createMailer(
  cfg: Pick<NotificationsConfig, 'SMTP_URL' | 'SMTP_FROM' | 'NOTIFICATIONS_PROVIDER_TIMEOUT_MS'>,
  log: Pick<Logger, 'info'>,
): Mailer {
  const timeout = cfg.NOTIFICATIONS_PROVIDER_TIMEOUT_MS;
  if (cfg.SMTP_URL) {
    const transport = nodemailer.createTransport({
      url: cfg.SMTP_URL,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
    return {
      kind: 'smtp',
      async send(m) {
        const info = await transport.sendMail({ from: cfg.SMTP_FROM, ...m });
        return { messageId: String(info.messageId) };
      },
      close: () => transport.close(),
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    kind: 'log',
    async send(m) {
      const info = await transport.sendMail({ from: cfg.SMTP_FROM, ...m });
      const raw = Buffer.isBuffer(info.message) ? info.message.toString('utf8') : String(info.message);
      log.info(
        {
          channel: 'email',
          transport: 'log',
          to: m.to,
          subject: m.subject,
          messageId: info.messageId,
          message: raw,
        },
        'email rendered to the log (no SMTP_URL configured)',
      );
      return { messageId: String(info.messageId) };
    },
    close: () => transport.close(),
  };
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function renderEmail(to: string, n: { type: string; title: string; body: string }): EmailMessage {
  const footer = `You get this email because email is on for ${n.type} notifications in your Tradeplane preferences.`;
  return {
    to,
    subject: n.title,
    text: `${n.body}\n\n-- \n${footer}\n`,
    html:
      `<!doctype html><html><body style="font-family:sans-serif">` +
      `<h2 style="font-size:18px">${escapeHtml(n.title)}</h2>` +
      `<p>${escapeHtml(n.body).replace(/\n/g, '<br>')}</p>` +
      `<hr><p style="color:#777;font-size:12px">${escapeHtml(footer)}</p></body></html>`,
  };
}

/** SMTP answers 5xx for a message it will never take (unknown mailbox); anything else may pass later. */
function isPermanent(err: unknown): boolean {
  const code = (err as { responseCode?: unknown }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

export function emailChannel(deps: NotificationsDeps, mailer: Mailer): ChannelSender {
  return {
    async send({ delivery, notification }): Promise<SendOutcome> {
      if (!notification) return { kind: 'skipped', reason: 'no notification to send' };
      const to = await emailAddressOf(deps, delivery.userId);
      if (!to) return { kind: 'skipped', reason: 'no email address is known for the user' };
      try {
        const { messageId } = await mailer.send(renderEmail(to, notification));
        return { kind: 'delivered', note: messageId };
      } catch (err) {
        const error = describeError(err);
        return isPermanent(err) ? { kind: 'failed', error } : { kind: 'retry', error };
      }
    },
    close: () => mailer.close(),
  };
}
