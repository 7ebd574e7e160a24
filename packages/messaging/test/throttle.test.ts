import { drainJobs } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postTestCrm } from './http-channel.js';

describe('single sends paced to the channel rate', () => {
  let env: Awaited<ReturnType<typeof postTestCrm>>;
  beforeAll(async () => {
    // Five a second: starts at least 200 ms apart; unpaced, these jobs follow each other in a few ms.
    env = await postTestCrm({ rate: 5 });
  });
  afterAll(() => env?.close());

  it('takes single messages out no faster than the channel rate, as the provider received them', async () => {
    for (const name of ['t1', 't2', 't3', 't4']) {
      const party = await env.party(name);
      await env.crm.services.messaging.send(env.org.system, {
        channel: 'post',
        partyId: party.id,
        template: 'hello',
        data: { who: name },
      });
    }
    await drainJobs(env.crm, { delayed: true });
    const times = env.provider.received.map((r) => r.at);
    expect(times).toHaveLength(4);
    const gaps = times.slice(1).map((at, i) => at - times[i]!);
    // Lower bounds only (a slow machine only widens the gaps), with half the interval as slack for
    // the network between the transport's start and the server's receipt.
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(100);
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(3 * 200 - 100);
  });
});
