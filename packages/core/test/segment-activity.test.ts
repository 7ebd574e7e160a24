import { type CallContext, type Filter, f, InvalidDataError } from '@rapport/core';
import { defineActivityType, definePlugin } from '@rapport/core/plugin';
import { createTestCrm, type OrgFixture, seedOrganisation, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

declare module '@rapport/core/plugin' {
  interface ActivityTypeMap {
    /** This test's stand-in for an offer's answer. */
    'segtest.offer_response': { response: 'accepted' | 'declined'; categoryIds: string[] };
  }
}

const DAY = 86_400_000;

const offerResponse = defineActivityType({
  key: 'segtest.offer_response',
  label: 'Offer response',
  schema: z.strictObject({ response: z.enum(['accepted', 'declined']), categoryIds: z.array(z.string()) }),
  traits: {},
});
const offersPlugin = definePlugin({
  name: 'offers-test',
  version: '1.0.0',
  dependencies: { '@rapport/core': '*' },
  activityTypes: [offerResponse],
});

describe('segments on journal activity', () => {
  let env: TestCrm<[typeof offersPlugin]>;
  let org: OrgFixture;
  let ctx: CallContext;
  const id: Record<string, string> = {};

  const names = async (filter: Filter, c: CallContext = ctx): Promise<string[]> => {
    const { items } = await env.crm.services.segments.query(c, filter, { limit: 100 });
    expect(await env.crm.services.segments.count(c, filter)).toBe(items.length);
    return items.map((p) => p.displayName).sort();
  };
  const ago = (days: number, minutes = 0) => new Date(Date.now() - days * DAY - minutes * 60_000);
  const record = async (party: string, type: string, occurredAt: Date, extra: object = {}) =>
    (
      await env.crm.services.journal.record(ctx, {
        type,
        occurredAt,
        parties: [{ partyId: id[party]! }],
        ...extra,
      } as never)
    ).entry;
  const sale = (party: string, occurredAt: Date) =>
    record(party, 'sale', occurredAt, { amount: '10.00', currency: 'EUR' });
  const response = (party: string, occurredAt: Date, data: object) =>
    record(party, 'segtest.offer_response', occurredAt, { data });

  beforeAll(async () => {
    env = await createTestCrm({ plugins: [offersPlugin] });
    org = await seedOrganisation(env.crm);
    ctx = org.system;
    for (const [name, owner] of [
      ['Ada', org.alice],
      ['Bob', org.bob],
      ['Cy', org.alice],
      ['Dee', org.alice],
      ['Eve', org.alice],
      ['Fay', org.alice],
    ] as const) {
      const { party } = await env.crm.services.parties.create(ctx, {
        kind: 'person',
        givenName: name,
        ownerId: owner.id,
      });
      id[name] = party.id;
    }
    await sale('Ada', ago(10));
    await record('Ada', 'call_outgoing', ago(40), {
      direction: 'outbound',
      outcome: 'interested',
      data: { phone: '+49 30 1234567' },
    });
    await sale('Bob', ago(40));
    await response('Bob', ago(5), { response: 'declined', categoryIds: ['c1', 'c2'] });
    const voided = await sale('Cy', ago(5));
    await env.crm.services.journal.void(ctx, voided.id, 'entered twice');
    const first = await response('Cy', ago(3), { response: 'declined', categoryIds: ['c2'] });
    await env.crm.services.journal.amend(ctx, first.id, {
      data: { response: 'accepted', categoryIds: ['c2'] },
      reason: 'misheard',
    });
    for (const days of [1, 2, 3]) await sale('Dee', ago(days));
    // Just inside and just outside a 30-day window.
    await sale('Eve', ago(30, -10));
    await sale('Fay', ago(30, 10));
  });
  afterAll(() => env?.close());

  it('selects the parties with a current entry of the type', async () => {
    expect(await names(f.activity('sale'))).toEqual(['Ada', 'Bob', 'Dee', 'Eve', 'Fay']);
    expect(await names(f.activity(['call_outgoing', 'segtest.offer_response']))).toEqual([
      'Ada',
      'Bob',
      'Cy',
    ]);
  });

  it('selects the parties without such an entry with notExists, the exact complement', async () => {
    expect(await names(f.activity('sale').none())).toEqual(['Cy']);
    expect(await names(f.not(f.activity('sale')))).toEqual(['Cy']);
  });

  it('counts an entry in withinLastDays up to the window boundary, not beyond', async () => {
    expect(await names(f.activity('sale').withinLastDays(30))).toEqual(['Ada', 'Dee', 'Eve']);
    expect(await names(f.activity('sale').withinLastDays(30).none())).toEqual(['Bob', 'Cy', 'Fay']);
  });

  it('bounds entries by between, inclusive', async () => {
    const filter = f.activity('sale').between(ago(41).toISOString(), ago(39).toISOString());
    expect(await names(filter)).toEqual(['Bob']);
  });

  it('matches data by JSON containment, arrays included', async () => {
    expect(await names(f.activity('segtest.offer_response').data({ response: 'declined' }))).toEqual(['Bob']);
    expect(await names(f.activity('segtest.offer_response').data({ categoryIds: ['c2'] }))).toEqual([
      'Bob',
      'Cy',
    ]);
    expect(await names(f.activity('segtest.offer_response').data({ categoryIds: ['c1', 'c2'] }))).toEqual([
      'Bob',
    ]);
  });

  it('counts an amended entry by its amendment only', async () => {
    expect(await names(f.activity('segtest.offer_response').data({ response: 'accepted' }))).toEqual(['Cy']);
    expect(await names(f.activity('segtest.offer_response').atLeast(2))).toEqual([]);
  });

  it('never counts a voided entry nor the void itself', async () => {
    expect(await names(f.and(f.field('id').eq(id.Cy!), f.activity('sale')))).toEqual([]);
  });

  it('filters on direction and outcome', async () => {
    expect(await names(f.activity('call_outgoing').direction('outbound').outcome('interested'))).toEqual([
      'Ada',
    ]);
    expect(await names(f.activity('call_outgoing').direction('inbound'))).toEqual([]);
    expect(await names(f.activity('call_outgoing').outcome(['busy', 'no_answer']))).toEqual([]);
  });

  it('requires minCount entries with atLeast, and fewer with none', async () => {
    expect(await names(f.activity('sale').atLeast(3))).toEqual(['Dee']);
    expect(await names(f.activity('sale').withinLastDays(7).atLeast(3).none())).toEqual([
      'Ada',
      'Bob',
      'Cy',
      'Eve',
      'Fay',
    ]);
  });

  it('accepts the plain JSON form and combines with other conditions', async () => {
    const filter: Filter = {
      and: [
        { field: 'activity', op: 'exists', value: { type: 'sale', withinLastDays: 30 } },
        { field: 'ownerId', op: 'eq', value: org.alice.id },
      ],
    };
    expect(await names(filter)).toEqual(['Ada', 'Dee', 'Eve']);
  });

  it('covers only the parties the agent may see', async () => {
    expect(await names(f.activity('sale'), org.as(org.bob))).toEqual(['Bob']);
    expect(await names(f.activity('sale'), org.as(org.carol))).toEqual([]);
  });

  it('counts by a field over an activity filter', async () => {
    const groups = await env.crm.services.segments.countBy(
      ctx,
      f.activity('sale').withinLastDays(30),
      'ownerId',
    );
    expect(groups).toEqual([{ value: org.alice.id, count: 3 }]);
  });

  it('refuses an unregistered type, naming its path', async () => {
    const error = await env.crm.services.segments
      .count(ctx, f.and(f.tag('vip'), f.activity(['sale', 'nope'])))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidDataError);
    expect((error as InvalidDataError).issues).toEqual([
      expect.objectContaining({ path: 'filter.and.1.value.type.1', code: 'invalid_value' }),
    ]);
    const single = await env.crm.services.segments.count(ctx, f.activity('nope')).catch((e: unknown) => e);
    expect((single as InvalidDataError).issues.map((i) => i.path)).toEqual(['filter.value.type']);
  });

  it('refuses data that is not a plain JSON object, and unknown keys', async () => {
    const bad = async (value: unknown) => {
      const filter = { and: [{ field: 'activity', op: 'exists', value }] } as unknown as Filter;
      const error = await env.crm.services.segments.count(ctx, filter).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidDataError);
      return (error as InvalidDataError).issues.map((i) => i.path);
    };
    expect(await bad({ type: 'sale', data: ['x'] })).toEqual(['filter.and.0.value.data']);
    expect(await bad({ type: 'sale', data: 'x' })).toEqual(['filter.and.0.value.data']);
    expect(await bad({ type: 'sale', minCount: 0 })).toEqual(['filter.and.0.value.minCount']);
    expect(await bad({ type: 'sale', when: 1 })).toEqual(['filter.and.0.value']);
  });

  it('saves a segment on activity and lists its members', async () => {
    const segment = await env.crm.services.segments.save(ctx, {
      name: 'Declined an offer lately',
      filter: f.activity('segtest.offer_response').withinLastDays(90).data({ response: 'declined' }),
    });
    const { items } = await env.crm.services.segments.members(ctx, segment.id);
    expect(items.map((p) => p.displayName)).toEqual(['Bob']);
  });
});
