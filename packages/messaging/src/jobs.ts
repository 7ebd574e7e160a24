import { type JobDefinition, z } from '@rapport/core/plugin';
import { MessageDispatcher } from './dispatcher.js';

/** Delivers one single message; its retries of transient failures are jobs of their own (`startAfter`). */
export const deliverJob: JobDefinition<{ messageId: string }> = {
  schema: z.object({ messageId: z.uuid() }),
  // Retries here cover a worker that failed to reach the database; delivery retries are the message's own.
  retry: { limit: 10, delaySeconds: 5, backoff: true },
  async handle(job) {
    await job.container.resolve(MessageDispatcher).deliverOne(job.ctx.tenantId, job.data.messageId);
  },
};

/** Sends a mailing's due messages for a while, then hands over to the next dispatcher job. */
export const dispatchJob: JobDefinition<{ mailingId: string }> = {
  schema: z.object({ mailingId: z.uuid() }),
  retry: { limit: 10, delaySeconds: 5, backoff: true },
  async handle(job) {
    await job.container.resolve(MessageDispatcher).dispatch(job.ctx.tenantId, job.data.mailingId, job.signal);
  },
};
