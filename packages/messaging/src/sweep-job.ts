import { DATABASE, type JobDefinition, LOGGER, z } from '@rapport/core/plugin';
import { recoverStaleClaims } from './stale-claims.js';
import { CHANNEL_REGISTRY } from './tokens.js';

/** When the sweep runs: every five minutes (UTC). */
export const SWEEP_SCHEDULE = { cron: '*/5 * * * *', tz: 'UTC' } as const;

/**
 * Recovers stale single-message claims, per tenant, on a schedule: a single message left `sending`
 * past its channel's claim timeout (its worker died, and its `messaging.deliver` job will not run
 * again) becomes `unknown`, with its attempt row and journal entry — the same path the dispatcher
 * takes for a mailing's stale claims. Channels this process does not provide are left to a process
 * that does.
 */
export const sweepStaleJob: JobDefinition<Record<string, never>> = {
  schema: z.object({}).strict() as unknown as z.ZodType<Record<string, never>>,
  schedule: SWEEP_SCHEDULE,
  retry: { limit: 3, delaySeconds: 30, backoff: true },
  async handle({ ctx, container }) {
    const channels = container.resolve(CHANNEL_REGISTRY).list();
    const logger = container.resolve(LOGGER);
    await container.resolve(DATABASE).transaction(ctx, async (tx) => {
      for (const { channel } of channels) await recoverStaleClaims(tx, channel, { singles: true }, logger);
    });
  },
};
