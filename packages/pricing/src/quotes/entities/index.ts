import type { AnyPlugin, TableOf } from '@rapport/core/plugin';
import { DealLineEntity } from './deal-line.js';
import { QuoteEntity } from './quote.js';
import { QuoteLineEntity } from './quote-line.js';
import { QuoteVersionEntity } from './quote-version.js';

export { DealLineEntity, QuoteEntity, QuoteLineEntity, QuoteVersionEntity };

/** The quotes' entities (and deals' lines), added to the pricing plugin's `entities`. */
export const quoteEntities: NonNullable<AnyPlugin['entities']> = [
  QuoteEntity,
  QuoteVersionEntity,
  QuoteLineEntity,
  DealLineEntity,
];

declare module '@rapport/core/plugin' {
  /** The quotes' tables, added to `tx.db` by declaration merging. */
  interface RapportTables {
    Quote: TableOf<typeof QuoteEntity>;
    QuoteVersion: TableOf<typeof QuoteVersionEntity>;
    QuoteLine: TableOf<typeof QuoteLineEntity>;
    DealLine: TableOf<typeof DealLineEntity>;
  }
}
