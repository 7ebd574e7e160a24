import { pipelinePlugin } from '@rapport/pipeline';
import { type PipelineFixture, seedPipeline } from '@rapport/pipeline/testing';
import { adminQuery, createTestCrm, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyticsPlugin } from '../src/index.js';

/**
 * With the pipeline installed. Partner One referred Globex and Initech (relationships), Partner Two
 * referred Umbrella (relationship) and Referred Co (its source referrer); Hooli has no partner.
 * Deals (the period: yesterday → tomorrow; "old" deals were created 40 days ago):
 * - Globex: D1 created and won now; D2 old, won now          → One: created 1, won 2
 * - Initech: D3 created now, open; D4 old, open               → One: created 2 (D1, D3)
 * - Umbrella: D5 created now, lost                            → Two: created 1, won 0
 * - Referred Co: D6 created and won now                       → Two: created 2, won 1
 * - Hooli: D7 created and won now                             → nobody's
 * Partner One: 2 customers, deals created 2, won 2; Partner Two: 2 customers, created 2, won 1.
 */
describe('partners compared on their customers’ deals (with the pipeline)', () => {
  let env: TestCrm<[typeof pipelinePlugin, typeof analyticsPlugin]>;
  let f: PipelineFixture;
  const period = () => ({ from: new Date(Date.now() - 86_400_000), to: new Date(Date.now() + 86_400_000) });

  beforeAll(async () => {
    env = await createTestCrm({
      plugins: [pipelinePlugin, analyticsPlugin] as [typeof pipelinePlugin, typeof analyticsPlugin],
    });
    f = await seedPipeline(env.crm);
    const s = env.crm.services;
    const partner = async (organizationName: string) =>
      (
        await s.parties.create(f.system, {
          kind: 'organization',
          organizationName,
          roles: ['partner'],
          ownerId: f.alice.id,
        })
      ).party.id;
    const one = await partner('Partner One');
    const two = await partner('Partner Two');
    const referredCo = (
      await s.parties.create(f.system, {
        kind: 'organization',
        organizationName: 'Referred Co',
        ownerId: f.bob.id,
        source: { channel: 'partner', referrerId: two },
      })
    ).party.id;
    for (const [from, to] of [
      [one, f.customers.globex],
      [one, f.customers.initech],
      [two, f.customers.umbrella],
    ] as const)
      await s.relationships.relate(f.system, { type: 'referred', fromId: from, toId: to });
    const deal = async (
      title: string,
      customerId: string,
      options: { old?: boolean; close?: 'won' | 'lost' },
    ) => {
      const d = await s.deals.create(f.system, {
        pipelineId: f.pipeline.id,
        stageId: f.stages.lead.id,
        title,
        customerId,
        ownerId: f.alice.id,
        amount: '1000',
      });
      if (options.old)
        await adminQuery(
          `update pipeline_deal set created_at = now() - interval '40 days' where id = $1`,
          [d.id],
          {
            adminUrl: env.database.adminUrl,
          },
        );
      if (options.close === 'won') await s.deals.win(f.system, d.id, { reason: 'signed' });
      if (options.close === 'lost') await s.deals.lose(f.system, d.id, { reason: 'price' });
    };
    await deal('D1', f.customers.globex, { close: 'won' });
    await deal('D2', f.customers.globex, { old: true, close: 'won' });
    await deal('D3', f.customers.initech, {});
    await deal('D4', f.customers.initech, { old: true });
    await deal('D5', f.customers.umbrella, { close: 'lost' });
    await deal('D6', referredCo, { close: 'won' });
    await deal('D7', f.customers.hooli, { close: 'won' });
  });
  afterAll(() => env?.close());

  it('counts the deals of each partner’s customers created and won in the period', async () => {
    const r = await env.crm.services.partners.compare(f.system, { period: period() });
    expect(r.partners.map((p) => [p.name, p.customers, p.deals])).toEqual([
      ['Partner One', 2, { created: 2, won: 2 }],
      ['Partner Two', 2, { created: 2, won: 1 }],
    ]);
  });
});
