import { RapportError } from '@rapport/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canTransition, lineAmounts, type Quote, sumAmounts } from '../src/index.js';
import { adminSql, quotesTestCrm } from './quotes-fixture.js';

type Env = Awaited<ReturnType<typeof quotesTestCrm>>;

const codeOf = (error: unknown) => (error instanceof RapportError ? error.code : String(error));

describe('quotes', () => {
  let f: Env;
  const quotes = () => f.env.crm.services.quotes;
  const alice = () => f.org.as(f.org.alice);
  const manager = () => f.org.as(f.org.salesManager);

  beforeAll(async () => {
    f = await quotesTestCrm();
  });
  afterAll(() => f?.env.close());

  const draft = (lines = [{ sku: 'CHAIR-01', quantity: '3' }], extra: Record<string, unknown> = {}) =>
    quotes().create(alice(), { partyId: f.globex, currency: 'EUR', lines, ...extra });

  it('drafts a quote priced from the price lists, numbered, with exact totals', async () => {
    const quote = await draft([
      { sku: 'CHAIR-01', quantity: '3' },
      { sku: 'DESK-01', quantity: '7' },
    ]);
    expect(quote).toMatchObject({
      status: 'draft',
      currentVersion: 1,
      ownerId: f.org.alice.id,
      currency: 'EUR',
    });
    expect(quote.number).toMatch(/^Q-\d{4}-\d{5}$/);
    const [chair, desk] = quote.current.lines;
    // 3 × 149.90 = 449.70; tax 19 % = 85.443 → 85.44
    expect(chair).toMatchObject({
      unitPrice: '149.9',
      net: '449.70',
      tax: '85.44',
      gross: '535.14',
      manual: false,
    });
    // 7 × 0.333 = 2.331 → 2.33, less 10 % (0.233 → 0.23) = 2.10; tax 7 % = 0.147 → 0.15
    expect(desk).toMatchObject({
      discount: '0.23',
      net: '2.10',
      tax: '0.15',
      gross: '2.25',
      discountPercent: '10',
    });
    expect(quote.current).toMatchObject({ net: '451.80', tax: '85.59', gross: '537.39' });
  });

  it('computes line amounts in exact decimals, rounded half away from zero to the currency minor unit', () => {
    expect(
      lineAmounts({ quantity: '3', unitPrice: '0.1', discountPercent: null, taxRate: '0' }, 'EUR').net,
    ).toBe('0.30');
    expect(
      lineAmounts({ quantity: '1', unitPrice: '0.125', discountPercent: null, taxRate: '0' }, 'EUR').net,
    ).toBe('0.13');
    expect(
      lineAmounts({ quantity: '1', unitPrice: '1000.5', discountPercent: null, taxRate: '10' }, 'JPY'),
    ).toEqual({
      discount: '0',
      net: '1001',
      tax: '100',
      gross: '1101',
    });
    const many = Array.from({ length: 10 }, () =>
      lineAmounts({ quantity: '1', unitPrice: '0.1', discountPercent: null, taxRate: '0' }, 'EUR'),
    );
    expect(sumAmounts(many, 'EUR').net).toBe('1.00');
  });

  it('refuses unknown SKUs and lines without a price, naming each line, and writes nothing', async () => {
    const before = await adminSql(f.env, 'select count(*)::int as n from pricing_quote');
    const error = await draft([
      { sku: 'NOPE', quantity: '1' },
      { sku: 'NOPRICE-01', quantity: '1' },
    ]).catch((e: unknown) => e);
    expect(codeOf(error)).toBe('INVALID_DATA');
    expect((error as RapportError).details.issues).toEqual([
      expect.objectContaining({ path: 'lines.0.sku', code: 'not_found' }),
      expect.objectContaining({ path: 'lines.1.unitPrice', code: 'no_price' }),
    ]);
    expect(await adminSql(f.env, 'select count(*)::int as n from pricing_quote')).toEqual(before);
  });

  it('refuses a manual price from an agent and records one set by a manager with who and why', async () => {
    const lines = [{ sku: 'CHAIR-01', quantity: '2', unitPrice: '120', reason: 'fair discount' }];
    await expect(draft(lines)).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    const noReason = await quotes()
      .create(manager(), {
        partyId: f.globex,
        ownerId: f.org.alice.id,
        currency: 'EUR',
        lines: [{ sku: 'CHAIR-01', quantity: '1', discountPercent: '5' }],
      })
      .catch((e: unknown) => e);
    expect((noReason as RapportError).details.issues).toEqual([
      expect.objectContaining({ path: 'lines.0.reason' }),
    ]);
    const quote = await quotes().create(manager(), {
      partyId: f.globex,
      ownerId: f.org.alice.id,
      currency: 'EUR',
      lines,
    });
    expect(quote.current.lines[0]).toMatchObject({
      unitPrice: '120',
      listUnitPrice: '149.9',
      manual: true,
      manualBy: f.org.salesManager.id,
      manualReason: 'fair discount',
      net: '240.00',
    });
  });

  it('moves through draft → sent → declined, each step in the party journal, and refuses other transitions', async () => {
    const quote = await draft();
    await expect(quotes().accept(alice(), quote.id)).rejects.toMatchObject({ code: 'CONFLICT' });
    const sent = await quotes().send(alice(), quote.id);
    expect(sent.status).toBe('sent');
    expect(sent.current.sentAt).toBeInstanceOf(Date);
    await expect(quotes().send(alice(), quote.id)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(quotes().updateDraft(alice(), quote.id, { terms: 'x' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    const declined = await quotes().decline(alice(), quote.id, { reason: 'too expensive' });
    expect(declined.current).toMatchObject({ status: 'declined', responseReason: 'too expensive' });
    await expect(quotes().accept(alice(), quote.id)).rejects.toMatchObject({ code: 'CONFLICT' });
    const entries = await adminSql<{ type: string; data: Record<string, unknown> }>(
      f.env,
      `select type, data from core_journal_entry where subject_type = 'quote' and subject_id = $1 order by recorded_at, id`,
      [quote.id],
    );
    expect(entries.map((e) => e.type)).toEqual([
      'pricing.quote_drafted',
      'pricing.quote_status_changed',
      'offer_response',
    ]);
    expect(entries[2]!.data).toMatchObject({
      quoteId: quote.id,
      number: quote.number,
      version: 1,
      response: 'declined',
      reason: 'too expensive',
      total: '535.14',
      currency: 'EUR',
      categoryIds: [f.catalogue.categories.seating],
      lines: [
        {
          sku: 'CHAIR-01',
          quantity: '3',
          net: '449.70',
          productId: f.catalogue.products.chair,
          categoryId: f.catalogue.categories.seating,
        },
      ],
    });
    expect(canTransition('declined', 'accepted')).toBe(false);
  });

  it('keeps old versions read-only, supersedes the sent one when a revision is sent, and accepts the current one', async () => {
    const quote = await draft();
    await quotes().send(alice(), quote.id);
    const revised = await quotes().revise(alice(), quote.id, { lines: [{ sku: 'CHAIR-01', quantity: '5' }] });
    expect(revised).toMatchObject({ currentVersion: 2, status: 'draft' });
    await expect(quotes().revise(alice(), quote.id)).rejects.toMatchObject({ code: 'CONFLICT' });
    await quotes().send(alice(), quote.id);
    const accepted = await quotes().accept(alice(), quote.id, { reason: 'signed' });
    expect(accepted.current).toMatchObject({ version: 2, status: 'accepted', gross: '891.91' });
    const versions = await quotes().versions(alice(), quote.id);
    expect(versions.map((v) => [v.version, v.status, v.lines[0]!.quantity])).toEqual([
      [1, 'superseded', '3'],
      [2, 'accepted', '5'],
    ]);
    await expect(quotes().revise(alice(), quote.id)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('expires sent quotes once their last valid day has passed in the tenant time zone, idempotently', async () => {
    const past = await draft();
    await quotes().send(alice(), past.id);
    const current = await draft();
    await quotes().send(alice(), current.id);
    await adminSql(
      f.env,
      `update pricing_quote_version set valid_until = (now() at time zone 'UTC')::date - 1 where quote_id = $1`,
      [past.id],
    );
    await adminSql(
      f.env,
      `update pricing_quote_version set valid_until = (now() at time zone 'UTC')::date where quote_id = $1`,
      [current.id],
    );
    expect(await quotes().expireDue(f.org.system)).toBeGreaterThanOrEqual(1);
    expect(await quotes().expireDue(f.org.system)).toBe(0);
    expect((await quotes().get(alice(), past.id)).status).toBe('expired');
    expect((await quotes().get(alice(), current.id)).status).toBe('sent');
    const entries = await adminSql(
      f.env,
      `select 1 from core_journal_entry where subject_id = $1 and data->>'to' = 'expired'`,
      [past.id],
    );
    expect(entries).toHaveLength(1);
    await expect(quotes().accept(alice(), past.id)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(quotes().expireDue(alice())).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
  });

  it('finds the parties who declined an offer in the last 90 days, and those who accepted one of a category, by segment', async () => {
    const declined = await draft();
    await quotes().send(alice(), declined.id);
    await quotes().decline(alice(), declined.id, { reason: 'no budget' });
    const accepted = await quotes().create(alice(), {
      partyId: f.initech,
      currency: 'EUR',
      lines: [{ sku: 'DESK-01', quantity: '10' }],
    });
    await quotes().send(alice(), accepted.id);
    await quotes().accept(alice(), accepted.id);
    const segment = async (value: Record<string, unknown>) =>
      (
        await f.env.crm.services.segments.query(alice(), {
          field: 'activity',
          op: 'exists',
          value: { type: 'offer_response', withinLastDays: 90, ...value },
        })
      ).items.map((p) => p.id);
    expect(await segment({ data: { response: 'declined' } })).toEqual([f.globex]);
    expect(
      await segment({
        data: { response: 'accepted', categoryIds: [f.catalogue.categories.desks] },
      }),
    ).toEqual([f.initech]);
    expect(
      await segment({
        data: { response: 'accepted', categoryIds: [f.catalogue.products.onRequest] },
      }),
    ).toEqual([]);
  });

  it('hides quotes from agents who may not see them', async () => {
    const quote: Quote = await draft();
    await expect(quotes().get(f.org.as(f.org.carol), quote.id)).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
    expect((await quotes().list(f.org.as(f.org.carol), {})).items.map((q) => q.id)).not.toContain(quote.id);
    expect((await quotes().list(alice(), { partyId: f.globex })).items.map((q) => q.id)).toContain(quote.id);
  });
});
