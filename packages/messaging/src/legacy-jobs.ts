import { type JobDefinition, z } from '@rapport/core/plugin';
import { MessageDispatcher } from './dispatcher.js';
import { deliverJob } from './jobs.js';

/**
 * Jobs a core 0.1 queued under its names before the upgrade (`core.messaging.*`): still handled, so a
 * message queued then is delivered and a running mailing goes on. New jobs use `messaging.*`.
 */
export const LEGACY_JOBS = {
  /** A single message's delivery, as core 0.1 queued it. */
  'core.messaging.deliver': deliverJob,
  /** A mailing's dispatcher, as core 0.1 queued it (`campaignId`); it hands over to `messaging.dispatch`. */
  'core.messaging.dispatch': {
    schema: z.object({ campaignId: z.uuid() }),
    retry: { limit: 10, delaySeconds: 5, backoff: true },
    async handle(job) {
      await job.container
        .resolve(MessageDispatcher)
        .dispatch(job.ctx.tenantId, job.data.campaignId, job.signal);
    },
  } satisfies JobDefinition<{ campaignId: string }>,
} as const;
