import {
  NotAllowedError,
  NotFoundError,
  paramBinder,
  rowVisibilitySql,
  type TxContext,
  visibilityOf,
} from '@rapport/core/plugin';
import { QUOTE_PARTICIPATION } from './participation.js';
import type { Quote, QuoteLine, QuoteVersion } from './quote-types.js';
import { minorUnits } from './totals.js';

const QUOTE_COLUMNS = `q.id, q.number, q.party_id as "partyId", q.deal_id as "dealId", q.owner_id as "ownerId",
  trim(q.currency) as currency, q.locale, q.current_version as "currentVersion", q.created_at as "createdAt",
  q.updated_at as "updatedAt"`;

const VERSION_COLUMNS = `v.quote_id as "quoteId", v.version, v.status, to_char(v.valid_until, 'YYYY-MM-DD') as "validUntil",
  v.terms, v.net::text as net, v.tax::text as tax, v.gross::text as gross, v.document_id as "documentId",
  v.document_version as "documentVersion", v.message_id as "messageId", v.sent_at as "sentAt",
  v.responded_at as "respondedAt", v.response_reason as "responseReason", v.created_by as "createdBy",
  v.created_at as "createdAt"`;

const LINE_COLUMNS = `l.quote_id as "quoteId", l.version, l.position, l.product_id as "productId", l.sku, l.name,
  l.category_id as "categoryId", trim_scale(l.quantity)::text as quantity, trim_scale(l.unit_price)::text as "unitPrice",
  trim_scale(l.list_unit_price)::text as "listUnitPrice", l.price_list_id as "priceListId",
 trim_scale(l.discount_percent)::text as "discountPercent", l.discount::text as discount, trim_scale(l.tax_rate)::text as "taxRate",
  l.net::text as net, l.tax::text as tax, l.gross::text as gross, l.manual, l.manual_by as "manualBy",
  l.manual_reason as "manualReason"`;

type QuoteRow = Omit<Quote, 'status' | 'current'>;
type VersionRow = Omit<QuoteVersion, 'lines'> & { quoteId: string; currency: string };
type LineRow = QuoteLine & { quoteId: string; version: number; currency: string };

/** `tx.sql` gives timestamps as text: the API gives `Date`s. */
const toDate = (value: Date | string | null): Date | null => (value === null ? null : new Date(value));

/** Amounts read at the columns' scale (4), given at the currency's minor unit (`449.7000` → `449.70`). */
function money<T extends { net: string; tax: string; gross: string; discount?: string }>(
  row: T,
  currency: string,
): T {
  const places = minorUnits(currency);
  const amounts = {
    net: fixed(row.net, places),
    tax: fixed(row.tax, places),
    gross: fixed(row.gross, places),
  };
  return row.discount === undefined
    ? { ...row, ...amounts }
    : { ...row, ...amounts, discount: fixed(row.discount, places) };
}

function fixed(value: string, places: number): string {
  const [whole, fraction = ''] = value.split('.');
  return places === 0 ? whole! : `${whole}.${fraction.padEnd(places, '0').slice(0, places)}`;
}

/** The SQL predicate (over alias `q`) of the quotes the actor may see, values bound into `params`. */
export async function quoteVisibility(tx: TxContext, params: unknown[]): Promise<string> {
  return rowVisibilitySql(await visibilityOf(tx), QUOTE_PARTICIPATION, 'q', paramBinder(params));
}

/** Reads quotes by id with their current versions and lines (no visibility check), in the order given. */
export async function readQuotes(tx: TxContext, ids: readonly string[], lock = false): Promise<Quote[]> {
  if (ids.length === 0) return [];
  const rows = await tx.sql<QuoteRow>(
    `select ${QUOTE_COLUMNS} from pricing_quote q where q.tenant_id = $1 and q.id = any($2::uuid[])
     ${lock ? 'for update' : ''}`,
    [tx.tenantId, ids],
  );
  for (const row of rows) {
    row.createdAt = toDate(row.createdAt)!;
    row.updatedAt = toDate(row.updatedAt)!;
  }
  const versions = await readVersions(
    tx,
    rows.map((r) => ({ quoteId: r.id, version: r.currentVersion })),
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    const current = row && versions.get(`${id}:${row.currentVersion}`);
    return row && current ? [{ ...row, status: current.status, current }] : [];
  });
}

/** Reads the given versions with their lines, keyed `quoteId:version`. */
export async function readVersions(
  tx: TxContext,
  keys: ReadonlyArray<{ quoteId: string; version: number }>,
): Promise<Map<string, QuoteVersion>> {
  const quoteIds = keys.map((k) => k.quoteId);
  const numbers = keys.map((k) => k.version);
  const pairs = `select * from unnest($2::uuid[], $3::int[]) as k(quote_id, version)`;
  const versions = await tx.sql<VersionRow>(
    `select ${VERSION_COLUMNS}, trim(q.currency) as currency from pricing_quote_version v
     join (${pairs}) k using (quote_id, version) join pricing_quote q on q.tenant_id = v.tenant_id and q.id = v.quote_id
     where v.tenant_id = $1`,
    [tx.tenantId, quoteIds, numbers],
  );
  const lines = await tx.sql<LineRow>(
    `select ${LINE_COLUMNS}, trim(q.currency) as currency from pricing_quote_line l
     join (${pairs}) k using (quote_id, version) join pricing_quote q on q.tenant_id = l.tenant_id and q.id = l.quote_id
     where l.tenant_id = $1 order by l.quote_id, l.version, l.position`,
    [tx.tenantId, quoteIds, numbers],
  );
  const result = new Map<string, QuoteVersion>();
  for (const { quoteId, currency, ...v } of versions)
    result.set(`${quoteId}:${v.version}`, {
      ...money(v, currency),
      sentAt: toDate(v.sentAt),
      respondedAt: toDate(v.respondedAt),
      createdAt: toDate(v.createdAt)!,
      lines: [],
    });
  for (const { quoteId, version, currency, ...line } of lines)
    result.get(`${quoteId}:${version}`)?.lines.push(money(line, currency));
  return result;
}

/** Every version of a quote, oldest first. */
export async function readAllVersions(tx: TxContext, quote: Quote): Promise<QuoteVersion[]> {
  const keys = Array.from({ length: quote.currentVersion }, (_, i) => ({
    quoteId: quote.id,
    version: i + 1,
  }));
  const map = await readVersions(tx, keys);
  return keys.flatMap((k) => map.get(`${k.quoteId}:${k.version}`) ?? []);
}

/** Reads one quote the actor may see (not found / not allowed otherwise); `lock` locks its row. */
export async function requireVisibleQuote(tx: TxContext, id: string, lock = false): Promise<Quote> {
  const [quote] = await readQuotes(tx, [id], lock);
  if (!quote) throw new NotFoundError('Quote', id);
  const params: unknown[] = [tx.tenantId, id];
  const visible = await quoteVisibility(tx, params);
  const [row] = await tx.sql(
    `select 1 from pricing_quote q where q.tenant_id = $1 and q.id = $2 and ${visible}`,
    params,
  );
  if (!row) throw new NotAllowedError(`You may not see quote ${quote.number}`, { quoteId: id });
  return quote;
}
