import { createTestCrm, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describe('a tenant’s time zone', () => {
  let env: TestCrm<[]>;
  beforeAll(async () => {
    env = await createTestCrm();
  });
  afterAll(() => env?.close());

  it('is UTC unless given, and can be changed to any IANA zone', async () => {
    const tenant = await env.crm.services.tenants.create({ name: 'Zoned' });
    expect(tenant.timeZone).toBe('UTC');
    const moved = await env.crm.services.tenants.setTimeZone(tenant.id, 'Europe/Berlin');
    expect(moved.timeZone).toBe('Europe/Berlin');
    expect((await env.crm.services.tenants.get(tenant.id)).timeZone).toBe('Europe/Berlin');
  });

  it('refuses an unknown zone with an error naming the field, and keeps the old one', async () => {
    const tenant = await env.crm.services.tenants.create({ name: 'Strict', timeZone: 'Asia/Tokyo' });
    await expect(env.crm.services.tenants.setTimeZone(tenant.id, 'Mars/Olympus')).rejects.toMatchObject({
      code: 'INVALID_DATA',
      issues: [expect.objectContaining({ path: 'timeZone' })],
    });
    await expect(env.crm.services.tenants.create({ name: 'Bad', timeZone: 'Nowhere' })).rejects.toMatchObject(
      {
        code: 'INVALID_DATA',
      },
    );
    expect((await env.crm.services.tenants.get(tenant.id)).timeZone).toBe('Asia/Tokyo');
  });

  it('computes "today" for birthdays in the tenant’s zone, not in UTC', async () => {
    // 12:00 UTC on 14 June is already 15 June at UTC+14.
    const noonUtc = new Date('2026-06-14T12:00:00Z');
    const birthdayOn15June = async (timeZone: string) => {
      const tenant = await env.crm.services.tenants.create({ name: `Birthdays ${timeZone}`, timeZone });
      const ctx = env.crm.context({ tenantId: tenant.id, actor: { kind: 'system', name: 'test' } });
      await env.crm.services.parties.create(ctx, {
        kind: 'person',
        familyName: 'Born',
        dates: [{ kind: 'birthday', month: 6, day: 15 }],
      });
      return env.crm.services.partyDates.upcoming(ctx, { from: noonUtc, days: 0 });
    };
    expect((await birthdayOn15June('Pacific/Kiritimati')).map((d) => d.occursOn)).toEqual(['2026-06-15']);
    expect(await birthdayOn15June('UTC')).toEqual([]);
  });
});
