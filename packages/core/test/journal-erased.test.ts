import { createTestCrm, type OrgFixture, seedOrganisation, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describe('corrections of an erased person’s entries', () => {
  let env: TestCrm<[]>;
  let org: OrgFixture;

  beforeAll(async () => {
    env = await createTestCrm();
    org = await seedOrganisation(env.crm);
  });
  afterAll(() => env?.close());

  const erasedWithWork = async () => {
    const ctx = org.as(org.alice);
    const { party } = await env.crm.services.parties.create(ctx, { kind: 'person', familyName: 'Gone' });
    const dueAt = new Date(Date.now() + 86_400_000);
    const planned = async (title: string) =>
      (
        await env.crm.services.journal.record(ctx, {
          type: 'task',
          parties: [{ partyId: party.id }],
          data: { title },
          status: 'planned',
          dueAt,
        })
      ).entry;
    const tasks = [await planned('Call Gone about the wedding'), await planned('Send Gone the offer')];
    const { entry: call } = await env.crm.services.journal.record(ctx, {
      type: 'call_outgoing',
      parties: [{ partyId: party.id }],
      notes: 'talked about the wedding',
    });
    await env.crm.services.privacy.erase(org.as(org.admin), party.id, 'data-subject request');
    return { ctx, tasks, call };
  };

  it('completes and cancels the planned tasks of an erased person', async () => {
    const { ctx, tasks } = await erasedWithWork();
    const done = await env.crm.services.agenda.complete(ctx, tasks[0]!.id, { outcome: 'done' });
    expect(done).toMatchObject({ status: 'done', data: {} });
    const cancelled = await env.crm.services.agenda.cancel(ctx, tasks[1]!.id, 'no longer needed');
    expect(cancelled).toMatchObject({ status: 'cancelled', data: {} });
  });

  it('voids an entry of an erased person', async () => {
    const { ctx, call } = await erasedWithWork();
    const voided = await env.crm.services.journal.void(ctx, call.id, 'recorded by mistake');
    expect(voided.corrects).toMatchObject({ id: call.id, kind: 'void' });
  });

  it('still checks new data given in an amendment of an erased person’s entry', async () => {
    const { ctx, tasks } = await erasedWithWork();
    await expect(
      env.crm.services.journal.amend(ctx, tasks[0]!.id, { data: { title: '' }, reason: 'retitle' }),
    ).rejects.toMatchObject({ code: 'INVALID_DATA' });
  });
});
