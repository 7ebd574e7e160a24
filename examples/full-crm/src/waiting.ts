import { setTimeout as sleep } from 'node:timers/promises';
import type { CallContext } from '@rapport/core';
import type { Message, MessagingService } from '@rapport/messaging';

/** How long the demo waits for the workers, which act after the command committed. */
const PATIENCE_MS = 30_000;

/** Reads `read` every `intervalMs` until `done` holds or the patience runs out; returns the last value read. */
async function poll<T>(read: () => T | Promise<T>, done: (value: T) => boolean, intervalMs = 50): Promise<T> {
  let value = await read();
  for (const started = Date.now(); !done(value) && Date.now() - started < PATIENCE_MS; ) {
    await sleep(intervalMs);
    value = await read();
  }
  return value;
}

/** Waits until a local server's `received` list holds `count` messages; an error names how many arrived. */
export async function received(list: readonly unknown[], count: number, what: string): Promise<void> {
  const arrived = await poll(
    () => list.length,
    (length) => length >= count,
    100,
  );
  if (arrived < count) throw new Error(`Only ${arrived} of ${count} ${what} arrived`);
}

/** The message once its worker recorded it `sent` (or as it is when the patience runs out). */
export function sentMessage(messaging: MessagingService, ctx: CallContext, id: string): Promise<Message> {
  return poll(
    () => messaging.get(ctx, id),
    (message) => message.status === 'sent',
  );
}

/** A mailing's progress once it is done (or as it is when the patience runs out). */
export function finishedMailing(messaging: MessagingService, ctx: CallContext, mailingId: string) {
  return poll(
    () => messaging.progress(ctx, mailingId),
    (progress) => progress.done,
  );
}
