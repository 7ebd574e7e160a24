import { definePlugin, RapportError, VetoError } from '@rapport/core/plugin';
import { createTestCrm, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DealCreatedEvent, type DealStageChangedEvent, pipelinePlugin } from '../src/index.js';
import { adminSql, type PipelineFixture, seedPipeline } from './fixture.js';

const seen: { created: DealCreatedEvent[]; changed: DealStageChangedEvent[] } = { created: [], changed: [] };

/** A third-party plugin tapping the pipeline's hooks, as a loyalty or messaging plugin would. */
const listener = definePlugin({
  name: 'deal-listener',
  version: '1.0.0',
  dependencies: { '@rapport/pipeline': '^0.1.0' },
  setup(api) {
    api.tap('dealCreated', async (event) => {
      seen.created.push(event);
    });
    api.tap('dealStageChanged', async (event) => {
      seen.changed.push(event);
    });
    api.tap('beforeDealStageChange', async (request) => {
      if (request.reason === 'forbidden') throw new VetoError('No forbidden reasons');
      return request.reason === 'shout' ? { ...request, reason: 'SHOUT' } : request;
    });
  },
});

describe('deals', () => {
  let env: TestCrm<[typeof pipelinePlugin, typeof listener]>;
  let f: PipelineFixture;
  const deals = () => env.crm.services.deals;

  beforeAll(async () => {
    env = await createTestCrm({ plugins: [pipelinePlugin, listener] });
    f = await seedPipeline(env.crm);
  });
  afterAll(() => env?.close());

  const create = (title = 'Globex licences', extra: Record<string, unknown> = {}) =>
    deals().create(f.as(f.alice), {
      pipelineId: f.pipeline.id,
      title,
      customerId: f.customers.globex,
      ...extra,
    });

  it('creates a deal in the first open stage, owned by the acting agent, in the pipeline currency', async () => {
    const deal = await create('First', {
      amount: '12000.50',
      expectedCloseOn: '2030-06-30',
      source: 'web form',
    });
    expect(deal).toMatchObject({
      pipelineId: f.pipeline.id,
      stageId: f.stages.lead.id,
      ownerId: f.alice.id,
      status: 'open',
      amount: '12000.5',
      currency: 'EUR',
      expectedCloseOn: '2030-06-30',
      source: 'web form',
      version: 1,
      closedAt: null,
    });
    const history = await deals().stageHistory(f.as(f.alice), deal.id);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      fromStageId: null,
      toStageId: f.stages.lead.id,
      employeeId: f.alice.id,
    });
    const entry = await env.crm.services.journal.get(f.as(f.alice), history[0]!.journalEntryId!);
    expect(entry).toMatchObject({
      type: 'pipeline.deal_created',
      subject: { type: 'deal', id: deal.id },
      data: { dealId: deal.id, stage: 'Lead', amount: '12000.50', currency: 'EUR' },
    });
    expect(seen.created.at(-1)).toMatchObject({
      deal: { id: deal.id },
      stage: { name: 'Lead' },
      entry: { id: entry.id },
    });
  });

  it('keeps contact persons and records them as parties of the journal entries', async () => {
    const deal = await create('With contact', { contacts: [f.customers.ada] });
    expect(deal.contacts).toEqual([{ partyId: f.customers.ada, role: 'contact_person' }]);
    const [change] = await deals().stageHistory(f.as(f.alice), deal.id);
    const entry = await env.crm.services.journal.get(f.as(f.alice), change!.journalEntryId!);
    expect(entry.parties).toEqual(
      expect.arrayContaining([
        { partyId: f.customers.globex, role: 'customer' },
        { partyId: f.customers.ada, role: 'contact_person' },
      ]),
    );
  });

  it('refuses bad input with typed errors naming every field, and writes nothing', async () => {
    const before = await adminSql<{ n: number }>(
      env.database.adminUrl,
      'select count(*)::int as n from pipeline_deal',
    );
    const error = await deals()
      .create(f.as(f.alice), {
        pipelineId: 'nope',
        title: ' ',
        customerId: f.customers.globex,
        amount: '-5',
        currency: 'euro',
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RapportError);
    expect((error as RapportError).code).toBe('INVALID_DATA');
    const paths = ((error as RapportError).details.issues as { path: string }[]).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['pipelineId', 'title', 'amount', 'currency']));
    await expect(
      deals().create(f.system, {
        pipelineId: f.pipeline.id,
        title: 'No owner',
        customerId: f.customers.globex,
      }),
    ).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: { issues: [expect.objectContaining({ path: 'ownerId' })] },
    });
    await expect(
      create('Unknown customer', { customerId: '0190a0a0-0000-7000-8000-000000000000' }),
    ).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: { issues: [expect.objectContaining({ path: 'customerId' })] },
    });
    await expect(create('Starts won', { stageId: f.stages.won.id })).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: { issues: [expect.objectContaining({ path: 'stageId', code: 'wrong_outcome' })] },
    });
    await expect(create('Customer twice', { contacts: [f.customers.globex] })).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: { issues: [expect.objectContaining({ path: 'contacts.0' })] },
    });
    const after = await adminSql<{ n: number }>(
      env.database.adminUrl,
      'select count(*)::int as n from pipeline_deal',
    );
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('moves a deal: one history row, one journal entry and one typed event per change', async () => {
    const deal = await create('Mover', { amount: '500' });
    const moved = await deals().move(f.as(f.alice), deal.id, {
      stageId: f.stages.qualified.id,
      reason: 'budget confirmed',
    });
    expect(moved).toMatchObject({ stageId: f.stages.qualified.id, status: 'open', version: 2 });
    expect(moved.stageEnteredAt.getTime()).toBeGreaterThanOrEqual(deal.stageEnteredAt.getTime());
    const history = await deals().stageHistory(f.as(f.alice), deal.id);
    expect(history.map((h) => [h.fromStageId, h.toStageId, h.reason])).toEqual([
      [null, f.stages.lead.id, null],
      [f.stages.lead.id, f.stages.qualified.id, 'budget confirmed'],
    ]);
    const event = seen.changed.at(-1)!;
    expect(event).toMatchObject({
      kind: 'move',
      outcome: 'open',
      from: { name: 'Lead' },
      to: { name: 'Qualified' },
      reason: 'budget confirmed',
      deal: { id: deal.id, version: 2 },
      change: { id: history[1]!.id },
      actor: { kind: 'employee', id: f.alice.id },
    });
    expect(event.entry).toMatchObject({
      id: history[1]!.journalEntryId,
      type: 'pipeline.stage_changed',
      subject: { type: 'deal', id: deal.id },
      data: { fromStage: 'Lead', toStage: 'Qualified', kind: 'move', amount: '500', currency: 'EUR' },
    });
    const timeline = await adminSql<{ n: number }>(
      env.database.adminUrl,
      `select count(*)::int as n from core_journal_entry where subject_type = 'deal' and subject_id = $1`,
      [deal.id],
    );
    expect(timeline[0]!.n).toBe(2);
  });

  it('moving a deal to the stage it is in changes nothing', async () => {
    const deal = await create('Stay');
    const same = await deals().move(f.as(f.alice), deal.id, { stageId: f.stages.lead.id });
    expect(same.version).toBe(1);
    expect(await deals().stageHistory(f.as(f.alice), deal.id)).toHaveLength(1);
  });

  it('refuses a stage of another pipeline with a typed error naming stageId', async () => {
    const other = await env.crm.services.pipelines.create(f.system, {
      name: 'Partners',
      stages: [
        { name: 'Talk', probability: 0.2 },
        { name: 'Signed', outcome: 'won' },
        { name: 'Gone', outcome: 'lost' },
      ],
    });
    const deal = await create('Cross');
    await expect(
      deals().move(f.as(f.alice), deal.id, { stageId: other.stages[0]!.id }),
    ).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: { issues: [expect.objectContaining({ path: 'stageId', code: 'other_pipeline' })] },
    });
    expect((await deals().get(f.as(f.alice), deal.id)).version).toBe(1);
  });

  it('wins and loses only with a reason, recorded on the deal, the history and the journal', async () => {
    const a = await create('To win', { amount: '1000' });
    await expect(deals().win(f.as(f.alice), a.id, { reason: ' ' })).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: { issues: [expect.objectContaining({ path: 'reason' })] },
    });
    await expect(deals().move(f.as(f.alice), a.id, { stageId: f.stages.won.id })).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: { issues: [expect.objectContaining({ path: 'reason' })] },
    });
    const won = await deals().win(f.as(f.alice), a.id, { reason: 'best price' });
    expect(won).toMatchObject({ status: 'won', stageId: f.stages.won.id, closeReason: 'best price' });
    expect(won.closedAt).toBeInstanceOf(Date);
    expect(seen.changed.at(-1)).toMatchObject({ kind: 'win', outcome: 'won', reason: 'best price' });

    const b = await create('To lose');
    const lost = await deals().move(f.as(f.alice), b.id, { stageId: f.stages.lost.id, reason: 'no budget' });
    expect(lost).toMatchObject({ status: 'lost', closeReason: 'no budget' });
    expect(seen.changed.at(-1)).toMatchObject({
      kind: 'lose',
      outcome: 'lost',
      entry: { data: { reason: 'no budget' } },
    });
  });

  it('refuses to move a closed deal (conflict) until it is reopened explicitly', async () => {
    const deal = await create('Closed');
    await deals().lose(f.as(f.alice), deal.id, { reason: 'went silent' });
    await expect(
      deals().move(f.as(f.alice), deal.id, { stageId: f.stages.proposal.id }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(deals().win(f.as(f.alice), deal.id, { reason: 'x' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(deals().reopen(f.as(f.alice), deal.id, { stageId: f.stages.won.id })).rejects.toMatchObject({
      code: 'INVALID_DATA',
    });
    const reopened = await deals().reopen(f.as(f.alice), deal.id, {
      stageId: f.stages.proposal.id,
      reason: 'came back',
    });
    expect(reopened).toMatchObject({
      status: 'open',
      closedAt: null,
      closeReason: null,
      stageId: f.stages.proposal.id,
    });
    expect(seen.changed.at(-1)).toMatchObject({
      kind: 'reopen',
      from: { name: 'Lost' },
      to: { name: 'Proposal' },
    });
    await expect(deals().reopen(f.as(f.alice), deal.id, { stageId: f.stages.lead.id })).rejects.toMatchObject(
      {
        code: 'CONFLICT',
      },
    );
    expect(await deals().stageHistory(f.as(f.alice), deal.id)).toHaveLength(3);
  });

  it('lets a beforeDealStageChange tap transform or veto a change (vetoed: nothing written)', async () => {
    const deal = await create('Hooked');
    const moved = await deals().move(f.as(f.alice), deal.id, {
      stageId: f.stages.qualified.id,
      reason: 'shout',
    });
    expect((await deals().stageHistory(f.as(f.alice), deal.id)).at(-1)!.reason).toBe('SHOUT');
    await expect(
      deals().move(f.as(f.alice), deal.id, { stageId: f.stages.proposal.id, reason: 'forbidden' }),
    ).rejects.toMatchObject({ code: 'VETOED' });
    const after = await deals().get(f.as(f.alice), deal.id);
    expect(after).toMatchObject({ stageId: f.stages.qualified.id, version: moved.version });
    expect(await deals().stageHistory(f.as(f.alice), deal.id)).toHaveLength(2);
  });

  it('refuses a stale expectedVersion with a conflict', async () => {
    const deal = await create('Versioned');
    await deals().move(f.as(f.alice), deal.id, { stageId: f.stages.qualified.id, expectedVersion: 1 });
    await expect(
      deals().move(f.as(f.alice), deal.id, { stageId: f.stages.proposal.id, expectedVersion: 1 }),
    ).rejects.toMatchObject({ code: 'CONFLICT', details: { version: 2, expectedVersion: 1 } });
  });

  it('updates fields with an audit of every change, and refuses a stale version', async () => {
    const deal = await create('Editable', { amount: '100' });
    const updated = await deals().update(f.as(f.alice), deal.id, {
      title: 'Edited',
      amount: '250.00',
      custom: { priority: 'high' },
      expectedVersion: 1,
    });
    expect(updated).toMatchObject({
      title: 'Edited',
      amount: '250',
      currency: 'EUR',
      custom: { priority: 'high' },
      version: 2,
    });
    const noop = await deals().update(f.as(f.alice), deal.id, { title: 'Edited', amount: '250' });
    expect(noop.version).toBe(2);
    const history = await deals().history(f.as(f.alice), deal.id);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      operation: 'update',
      actor: { kind: 'employee', id: f.alice.id },
      changes: { title: ['Editable', 'Edited'], amount: ['100', '250'], custom: [{}, { priority: 'high' }] },
    });
    await expect(
      deals().update(f.as(f.alice), deal.id, { title: 'Stale', expectedVersion: 1 }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(
      deals().update(f.as(f.alice), deal.id, { amount: null, currency: 'USD' }),
    ).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: { issues: [expect.objectContaining({ path: 'amount' })] },
    });
  });

  it('lists deals in keyset pages with filters', async () => {
    const ctx = f.as(f.manager);
    const all: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await deals().list(ctx, {
        pipelineId: f.pipeline.id,
        limit: 3,
        ...(cursor ? { cursor } : {}),
      });
      all.push(...page.items.map((d) => d.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toEqual([...all].sort());
    const total = await adminSql<{ n: number }>(
      env.database.adminUrl,
      'select count(*)::int as n from pipeline_deal where pipeline_id = $1',
      [f.pipeline.id],
    );
    expect(all).toHaveLength(total[0]!.n);
    const won = await deals().list(ctx, { status: 'won' });
    expect(won.items.length).toBeGreaterThan(0);
    expect(won.items.every((d) => d.status === 'won')).toBe(true);
    await expect(deals().list(ctx, { cursor: 'garbage' })).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: { issues: [expect.objectContaining({ path: 'cursor' })] },
    });
  });
});
