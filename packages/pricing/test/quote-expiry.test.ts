import { JOB_QUEUE } from '@rapport/core/plugin';
import { seedOrganisation } from '@rapport/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { adminSql, quotesTestCrm, seedCatalogue } from './quotes-fixture.js';

describe('quote expiry', () => {
  let f: Awaited<ReturnType<typeof quotesTestCrm>>;

  beforeAll(async () => {
    f = await quotesTestCrm();
  });
  afterAll(() => f?.env.close());
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A sent quote of the tenant whose last valid day is `validUntil`. */
  async function sentQuote(org: typeof f.org, partyId: string, validUntil: string) {
    const ctx = org.as(org.alice);
    const quote = await f.env.crm.services.quotes.create(ctx, {
      partyId,
      currency: 'EUR',
      lines: [{ sku: 'CHAIR-01', quantity: '1' }],
    });
    await f.env.crm.services.quotes.send(ctx, quote.id);
    await adminSql(f.env, 'update pricing_quote_version set valid_until = $2 where quote_id = $1', [
      quote.id,
      validUntil,
    ]);
    return quote.id;
  }

  it('expires on the tenant calendar: past midnight in Kiritimati (UTC+14) but not yet in UTC', async () => {
    const kiribati = await seedOrganisation(f.env.crm, 'Kiribati Traders');
    await adminSql(f.env, `update core_tenant set time_zone = 'Pacific/Kiritimati' where id = $1`, [
      kiribati.tenantId,
    ]);
    await seedCatalogue(f.env.crm, kiribati.system);
    const islander = (
      await f.env.crm.services.parties.create(kiribati.system, {
        kind: 'organization',
        organizationName: 'Islander',
        ownerId: kiribati.alice.id,
      })
    ).party.id;
    const there = await sentQuote(kiribati, islander, '2030-06-01');
    const here = await sentQuote(f.org, f.globex, '2030-06-01');
    // 11:00 UTC on 1 June is already 01:00 on 2 June in Kiritimati.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-06-01T11:00:00Z'));
    expect(await f.env.crm.services.quotes.expireDue(kiribati.system)).toBe(1);
    expect(await f.env.crm.services.quotes.expireDue(f.org.system)).toBe(0);
    expect((await f.env.crm.services.quotes.get(kiribati.system, there)).status).toBe('expired');
    expect((await f.env.crm.services.quotes.get(f.org.system, here)).status).toBe('sent');
    vi.setSystemTime(new Date('2030-06-02T00:00:01Z'));
    expect(await f.env.crm.services.quotes.expireDue(f.org.system)).toBe(1);
  });

  it('declares the hourly pricing.expire-quotes schedule', () => {
    expect(f.env.crm.container.resolve(JOB_QUEUE).schedules()['pricing.expire-quotes']).toEqual({
      cron: '10 * * * *',
      tz: 'UTC',
    });
  });
});
