import type { DeliveryOutcome } from '@rapport/messaging';
import nodemailer from 'nodemailer';
import { classifySmtpError, type SmtpErrorLike } from './classify.js';
import type { EmailMessage, EmailTransport } from './email-transport.js';
import type { EmailOptions } from './options.js';

/**
 * Sends through an SMTP server with nodemailer (pooled by default). Every failure is classified
 * (see `classifySmtpError`); the pool never re-sends a message on its own after a dropped
 * connection (`maxRequeues: 0`), so each retry is one of the message's own, recorded and bounded.
 */
export class SmtpTransport implements EmailTransport {
  private readonly mailer: ReturnType<typeof nodemailer.createTransport>;

  constructor(smtp: EmailOptions['smtp']) {
    this.mailer = nodemailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      requireTLS: smtp.requireTLS,
      ignoreTLS: smtp.ignoreTLS,
      tls: { rejectUnauthorized: smtp.rejectUnauthorized },
      ...(smtp.auth ? { auth: { user: smtp.auth.user, pass: smtp.auth.pass } } : {}),
      ...(smtp.name ? { name: smtp.name } : {}),
      connectionTimeout: smtp.connectionTimeoutMs,
      greetingTimeout: smtp.greetingTimeoutMs,
      socketTimeout: smtp.socketTimeoutMs,
      ...(smtp.pool
        ? {
            pool: true as const,
            maxConnections: smtp.maxConnections,
            maxMessages: smtp.maxMessages,
            maxRequeues: 0,
          }
        : {}),
    } as Parameters<typeof nodemailer.createTransport>[0]);
  }

  async send(message: EmailMessage): Promise<DeliveryOutcome> {
    try {
      const info = await this.mailer.sendMail({
        from: message.from,
        to: message.to,
        ...(message.replyTo ? { replyTo: message.replyTo } : {}),
        subject: message.subject,
        text: message.text,
        ...(message.html !== undefined ? { html: message.html } : {}),
        messageId: message.messageId,
        headers: message.headers,
        ...(message.attachments?.length
          ? {
              attachments: message.attachments.map((a) => ({
                filename: a.filename,
                content: a.content,
                contentType: a.contentType,
              })),
            }
          : {}),
      });
      return { status: 'sent', providerId: info.messageId, response: String(info.response ?? '') };
    } catch (error) {
      return classifySmtpError(error as SmtpErrorLike);
    }
  }

  async close(): Promise<void> {
    this.mailer.close();
  }
}
