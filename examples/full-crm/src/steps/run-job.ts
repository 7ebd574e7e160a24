import { setTimeout as sleep } from 'node:timers/promises';
import { type DemoStep, requireCrm } from '../demo.js';

const JOB = 'visit-notes.follow-up';
const TIMEOUT_MS = 30_000;

/**
 * Records a note that asks for a follow-up: the job is written in the note's own transaction
 * (outbox), and a worker runs it after commit. Waits until the worker has done it.
 */
export const runJob: DemoStep = {
  title: 'Enqueue a job and wait for it',
  async run(demo) {
    const crm = requireCrm(demo);
    const first = demo.tenants[0];
    if (!first) throw new Error('No tenant yet: run the create-tenants step first');
    const [earlier] = await crm.services.visitNotes.list(first.ctx);
    if (!earlier) throw new Error('No visit note yet: run the load-demo-data step first');
    const customer = await crm.services.parties.get(first.ctx, earlier.customerId);
    const note = await crm.services.visitNotes.record(first.ctx, {
      customerId: customer.id,
      topic: 'Complaint',
      body: 'Third late delivery: call the logistics manager.',
      followUp: true,
    });
    const started = Date.now();
    demo.say(
      `recorded a note for ${customer.displayName} in ${first.tenant.name}; job "${JOB}" enqueued with it`,
    );
    for (;;) {
      const job = (await crm.listJobs(JOB)).find((j) => (j.data as { noteId?: string }).noteId === note.id);
      if (job?.state === 'completed') break;
      if (job?.state === 'failed') throw new Error(`Job ${job.id} failed`);
      if (Date.now() - started > TIMEOUT_MS)
        throw new Error(`Job for note ${note.id} did not complete in time`);
      await sleep(100);
    }
    const done = (await crm.services.visitNotes.list(first.ctx)).find((n) => n.id === note.id);
    demo.say(
      `a worker completed it after ${Date.now() - started} ms: followed up at ${done?.followedUpAt?.toISOString()}`,
    );
  },
};
