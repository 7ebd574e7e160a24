import { type CallContext, definePlugin, type TxContext } from '@rapport/core/plugin';
import { describe, expectTypeOf, it } from 'vitest';
import type { QueryResult, ReportSavedEvent, SavedReport } from '../src/index.js';
import type { AnalyticsTestCrm } from './fixture.js';

declare const crm: AnalyticsTestCrm['crm'];
declare const ctx: CallContext;

describe('the typed analytics API', () => {
  it('types query rows by the measures and dimensions asked', async () => {
    const r = await crm.services.analytics.query(ctx, {
      measures: ['revenue', 'orders'],
      dimensions: ['employee', 'period.month'],
      filters: { period: { last: 'month' } },
    });
    expectTypeOf(r).toEqualTypeOf<QueryResult<'revenue' | 'orders', 'employee' | 'period.month'>>();
    const row = r.rows[0]!;
    expectTypeOf(row.measures.revenue).toEqualTypeOf<string | null>();
    expectTypeOf(row.measures.orders).toEqualTypeOf<number>();
    expectTypeOf(row.dimensions['period.month']).toEqualTypeOf<string | null>();
    // @ts-expect-error a measure that was not asked is not on the row
    row.measures.refunds;
    // @ts-expect-error a dimension that was not asked is not on the row
    row.dimensions.country;
  });

  it('types margin as money and its coverage as counts', async () => {
    const r = await crm.services.analytics.query(ctx, {
      measures: ['margin', 'linesWithoutCost', 'entriesWithoutLines'],
      dimensions: ['category'],
      filters: { period: { last: 'month' } },
    });
    const row = r.rows[0]!;
    expectTypeOf(row.measures.margin).toEqualTypeOf<string | null>();
    expectTypeOf(row.measures.linesWithoutCost).toEqualTypeOf<number>();
    expectTypeOf(row.measures.entriesWithoutLines).toEqualTypeOf<number>();
    expectTypeOf(r.totals[0]!.measures.margin).toEqualTypeOf<string | null>();
  });

  it('refuses unknown measures at compile time', () => {
    // @ts-expect-error not a measure
    void crm.services.analytics.query(ctx, { measures: ['vanity'], filters: { period: { last: 'month' } } });
  });

  it('types taps of reportSaved for every plugin', () => {
    definePlugin({
      name: 'typed',
      version: '1.0.0',
      setup(api) {
        api.tap('reportSaved', async (event, tx) => {
          expectTypeOf(event).toEqualTypeOf<ReportSavedEvent>();
          expectTypeOf(event.report).toEqualTypeOf<SavedReport>();
          expectTypeOf(tx).toEqualTypeOf<TxContext>();
        });
      },
    });
  });
});
