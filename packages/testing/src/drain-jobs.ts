import { type Crm, type DrainOptions, type DrainResult, JOB_QUEUE } from '@rapport/core/plugin';

/**
 * Runs the CRM's queued jobs in this process until none is left (the jobs they enqueue included)
 * and returns what ran: a test sees a job's effects at once, without waiting for a worker to poll.
 * `names` limits it to some job types; `delayed` also runs jobs whose start lies in the future
 * (delayed sends, retries waiting out their delay). Use it on a CRM without workers (the default of
 * `createTestCrm`), so that what ran is exactly what the test drained.
 *
 * @example
 * await crm.services.notes.create(ctx, { text: 'call back' });
 * const { completed } = await drainJobs(crm, { names: ['notes.created'] });
 */
export function drainJobs(crm: Pick<Crm, 'container'>, options: DrainOptions = {}): Promise<DrainResult> {
  return crm.container.resolve(JOB_QUEUE).drain(options);
}
