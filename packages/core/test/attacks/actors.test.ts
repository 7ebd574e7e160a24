import type { CallContext, Crm } from '@rapport/core';
import { createTestCrm, type OrgFixture, seedOrganisation, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Attack: an employee who was deactivated, never existed, or belongs to another tenant acts through
// services that never called the visibility check. The kernel's actor check (once per transaction)
// must refuse every one of them.
describe('attacks: a deactivated, unknown or other-tenant employee may do nothing', () => {
  let env: TestCrm<[]>;
  let crm: Crm;
  let org: OrgFixture;
  let other: OrgFixture;
  const actors: Record<string, () => CallContext> = {};
  const unknownId = '0190a000-0000-7000-8000-00000000dead';
  const someId = '0190a000-0000-7000-8000-00000000beef';

  beforeAll(async () => {
    env = await createTestCrm();
    crm = env.crm;
    org = await seedOrganisation(crm);
    other = await seedOrganisation(crm, 'Other');
    await crm.services.contactPoints.lookup(org.system, { kind: 'email', value: 'x@example.com' });
    await crm.services.employees.deactivate(org.as(org.admin), org.carol.id, {
      leaveUnassigned: true,
      reason: 'left the company',
    });
    actors.deactivated = () => org.as(org.carol);
    actors.unknown = () =>
      crm.context({ tenantId: org.tenantId, actor: { kind: 'employee', id: unknownId } });
    // An employee of another tenant, acting in this one.
    actors['other-tenant'] = () =>
      crm.context({ tenantId: org.tenantId, actor: { kind: 'employee', id: other.alice.id } });
  });
  afterAll(() => env?.close());

  const services: Record<string, (ctx: CallContext) => Promise<unknown>> = {
    'segments.save': (ctx) =>
      crm.services.segments.save(ctx, { name: `s-${Math.random()}`, filter: { tag: 'x' } as never }),
    'segments.list': (ctx) => crm.services.segments.list(ctx),
    'segments.update (rename)': (ctx) => crm.services.segments.update(ctx, someId, { name: 'renamed' }),
    'contactPoints.lookup': (ctx) =>
      crm.services.contactPoints.lookup(ctx, { kind: 'email', value: 'x@example.com' }),
    'customFields.list': (ctx) => crm.services.customFields.list(ctx),
    'relationships.types': (ctx) => crm.services.relationships.types(ctx),
    'templates.history': (ctx) =>
      crm.services.templates.history(ctx, { kind: 'email', name: 'welcome', locale: 'en' }),
    'templates.render': (ctx) =>
      crm.services.templates.render(ctx, { kind: 'email', name: 'welcome', data: {} }),
    'parties.create': (ctx) => crm.services.parties.create(ctx, { kind: 'person', givenName: 'Mallory' }),
  };

  for (const actor of ['deactivated', 'unknown', 'other-tenant']) {
    for (const [name, call] of Object.entries(services)) {
      it(`refuses a ${actor} employee in ${name} with NOT_ALLOWED naming the reason`, async () => {
        const error = await call(actors[actor]!()).catch((e: unknown) => e);
        expect(error).toMatchObject({
          code: 'NOT_ALLOWED',
          details: { reason: actor === 'deactivated' ? 'EMPLOYEE_DEACTIVATED' : 'EMPLOYEE_UNKNOWN' },
        });
      });
    }
  }

  it('lets an administrator act on a deactivated employee (read them, and their history stays)', async () => {
    const carol = await crm.services.employees.get(org.as(org.admin), org.carol.id);
    expect(carol.active).toBe(false);
  });

  it('lets an active agent and a system process keep working', async () => {
    await expect(crm.services.customFields.list(org.as(org.alice))).resolves.toEqual(expect.any(Array));
    await expect(crm.services.segments.list(org.system)).resolves.toEqual(expect.any(Array));
  });
});
