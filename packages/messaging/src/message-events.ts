import { HOOKS, type JobDefinition, LOGGER, type TxContext, z } from '@rapport/core/plugin';
import type { MessageEventItem, MessageOutcomeEvent, MessageQueuedEvent } from './hooks.js';
import type { MessageRow } from './messages.js';

/** The message hooks, by name. */
export type MessageHookName = 'messageQueued' | 'messageSent' | 'messageFailed' | 'messageDelivered';

/** What the `messaging.notify` job carries: which hook to fire, with what. */
export interface NotifyPayload {
  hook: MessageHookName;
  event: MessageQueuedEvent | MessageOutcomeEvent;
}

/**
 * Fires `hook` with `event` once `tx` has committed: writes a `messaging.notify` job in `tx` (so a
 * rolled-back command fires nothing), and only when some plugin taps the hook (otherwise no write).
 */
export async function notifyAfterCommit(
  tx: TxContext,
  hook: MessageHookName,
  event: MessageQueuedEvent | MessageOutcomeEvent,
): Promise<void> {
  if (!tx.resolve(HOOKS)[hook].isUsed()) return;
  await tx.enqueue('messaging.notify', { hook, event });
}

/** Statuses that fire `messageFailed`. */
const FAILED: ReadonlySet<string> = new Set(['failed', 'bounced', 'unknown']);

/**
 * After one round of finalisation: the messages that became `sent` fire `messageSent`, those that
 * became `failed`, `bounced` or `unknown` fire `messageFailed` — one event each per round, after commit.
 */
export async function notifyOutcomes(
  tx: TxContext,
  channel: string,
  messages: readonly MessageEventItem[],
): Promise<void> {
  const sent = messages.filter((m) => m.status === 'sent');
  const failed = messages.filter((m) => FAILED.has(m.status));
  if (sent.length > 0)
    await notifyAfterCommit(tx, 'messageSent', { tenantId: tx.tenantId, channel, messages: sent });
  if (failed.length > 0)
    await notifyAfterCommit(tx, 'messageFailed', { tenantId: tx.tenantId, channel, messages: failed });
}

/**
 * After a delivery report changed a message: `delivered` fires `messageDelivered`, `bounced` and
 * `failed` fire `messageFailed` (with the reason recorded) — one message, after commit.
 */
export async function notifyReported(tx: TxContext, message: MessageRow): Promise<void> {
  const delivered = message.status === 'delivered';
  await notifyAfterCommit(tx, delivered ? 'messageDelivered' : 'messageFailed', {
    tenantId: tx.tenantId,
    channel: message.channel,
    messages: [
      {
        id: message.id,
        partyId: message.party_id,
        mailingId: message.mailing_id,
        status: message.status,
        reason: delivered ? null : message.last_error,
      },
    ],
  });
}

type AnyTap = { name: string; type: 'sync' | 'async' | 'promise'; fn: (...args: unknown[]) => unknown };

/**
 * Runs the message hooks after commit. Each tap runs on its own: one that throws is logged (with
 * the tap's name) and neither stops the others nor makes the job retry — a retry would run the taps
 * that succeeded a second time.
 */
export const notifyJob: JobDefinition<NotifyPayload> = {
  schema: z.object({
    hook: z.enum(['messageQueued', 'messageSent', 'messageFailed', 'messageDelivered']),
    event: z.custom<MessageQueuedEvent | MessageOutcomeEvent>((v) => typeof v === 'object' && v !== null),
  }),
  retry: { limit: 3, delaySeconds: 5, backoff: true },
  async handle({ data, ctx, container }) {
    const hook = container.resolve(HOOKS)[data.hook];
    const logger = container.resolve(LOGGER);
    const args: unknown[] = [data.event, ctx];
    await Promise.all(
      (hook.taps as unknown as AnyTap[]).map(async (tap) => {
        try {
          if (tap.type === 'sync') tap.fn(...args);
          else if (tap.type === 'promise') await tap.fn(...args);
          else
            await new Promise<void>((resolve, reject) =>
              tap.fn(...args, (error?: unknown) => (error ? reject(error) : resolve())),
            );
        } catch (error) {
          logger.error('a tap of a messaging hook threw; the other taps ran, nothing is retried', {
            hook: data.hook,
            tap: tap.name,
            error,
          });
        }
      }),
    );
  },
};
