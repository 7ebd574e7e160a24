import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuotePage } from '../src/index.js';
import { adminSql, quotesTestCrm } from './quotes-fixture.js';

type Env = Awaited<ReturnType<typeof quotesTestCrm>>;

/**
 * Seven quotes for Globex whose creation times are set out of id order, with ties (quotes drafted in
 * one transaction share the time); one for Initech in between:
 *   q1 2030-01-01 · q2, q3, q4 2026-06-01 12:00:00.123456 · q5, q6 2026-05-01 · q7 2026-01-01
 * Newest first, ties by id (newest id first): q1, q4, q3, q2, q6, q5, q7.
 */
describe('quotes.list pages with a keyset cursor', () => {
  let f: Env;
  const q: string[] = [];
  const alice = () => f.org.as(f.org.alice);

  beforeAll(async () => {
    f = await quotesTestCrm();
    for (let i = 0; i < 7; i++) {
      const quote = await f.env.crm.services.quotes.create(alice(), {
        partyId: f.globex,
        currency: 'EUR',
        lines: [{ sku: 'CHAIR-01', quantity: '1' }],
      });
      q.push(quote.id);
    }
    const other = await f.env.crm.services.quotes.create(alice(), {
      partyId: f.initech,
      currency: 'EUR',
      lines: [{ sku: 'CHAIR-01', quantity: '1' }],
    });
    const at = async (ids: string[], time: string) =>
      adminSql(f.env, 'update pricing_quote set created_at = $2::timestamptz where id = any($1::uuid[])', [
        ids,
        time,
      ]);
    await at([q[0]!], '2030-01-01T00:00:00Z');
    await at([q[1]!, q[2]!, q[3]!], '2026-06-01T12:00:00.123456Z');
    await at([q[4]!, q[5]!], '2026-05-01T00:00:00Z');
    await at([q[6]!], '2026-01-01T00:00:00Z');
    await at([other.id], '2026-05-15T00:00:00Z');
  });
  afterAll(() => f?.env.close());

  const pages = async (options: { partyId?: string; limit: number }, ctx = alice()) => {
    const out: QuotePage[] = [];
    let cursor: string | undefined;
    do {
      const page = await f.env.crm.services.quotes.list(ctx, { ...options, ...(cursor ? { cursor } : {}) });
      out.push(page);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && out.length < 20);
    return out;
  };
  const ids = (list: QuotePage[]) => list.map((p) => p.items.map((x) => x.id));

  it('pages newest first through ties, each quote exactly once, the last page without a cursor', async () => {
    const list = await pages({ partyId: f.globex, limit: 2 });
    expect(ids(list)).toEqual([[q[0], q[3]], [q[2], q[1]], [q[5], q[4]], [q[6]]]);
    expect(list.map((p) => p.nextCursor === null)).toEqual([false, false, false, true]);
  });

  it('splits a tie of three across pages without losing or repeating one', async () => {
    const list = await pages({ partyId: f.globex, limit: 3 });
    expect(ids(list)).toEqual([[q[0], q[3], q[2]], [q[1], q[5], q[4]], [q[6]]]);
  });

  it('keeps the filters on every page: another customer’s quote never appears', async () => {
    const all = (await pages({ limit: 3 })).flatMap((p) => p.items.map((x) => x.partyId));
    expect(all).toHaveLength(8);
    const globex = (await pages({ partyId: f.globex, limit: 3 })).flatMap((p) =>
      p.items.map((x) => x.partyId),
    );
    expect(new Set(globex)).toEqual(new Set([f.globex]));
  });

  it('ends on a full last page with a null cursor', async () => {
    const list = await pages({ partyId: f.globex, limit: 7 });
    expect(list).toHaveLength(1);
    expect(list[0]?.nextCursor).toBeNull();
  });

  it('shows an agent who may not see the customer no quotes, on any page', async () => {
    const list = await pages({ limit: 2 }, f.org.as(f.org.carol));
    expect(ids(list)).toEqual([[]]);
  });

  it('refuses a cursor it did not make, naming the field', async () => {
    const error = await f.env.crm.services.quotes
      .list(alice(), { cursor: 'not-a-cursor' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_DATA', details: { issues: [{ path: 'cursor' }] } });
  });
});
