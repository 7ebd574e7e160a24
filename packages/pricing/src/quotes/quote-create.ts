import {
  ConflictError,
  InvalidDataError,
  type TxContext,
  tenantToday,
  visibilityOf,
} from '@rapport/core/plugin';
import { uuidv7 } from 'uuidv7';
import { priceLines } from './line-pricing.js';
import {
  checkQuoteOwner,
  checkQuoteParty,
  requireManualPricePermission,
  requireQuoteWriter,
} from './quote-checks.js';
import { addDays, type QuoteDeps } from './quote-deps.js';
import type { ParsedQuoteInput, ParsedQuoteRevision } from './quote-input.js';
import { readQuotes, requireVisibleQuote } from './quote-reader.js';
import type { Quote, QuoteLine } from './quote-types.js';
import { insertVersion, replaceLines } from './quote-writer.js';

const issue = (path: string, message: string, code = 'custom') =>
  new InvalidDataError('quote', [{ path, message, code }]);

/** Creates a quote with its first (draft) version, numbered, priced, and drafted in the party's journal. */
export async function createQuote(tx: TxContext, deps: QuoteDeps, input: ParsedQuoteInput): Promise<Quote> {
  const visibility = await visibilityOf(tx);
  const ownerId = input.ownerId ?? visibility.employeeId;
  if (!ownerId) throw issue('ownerId', 'a quote created by a system process needs an owner', 'invalid_type');
  await checkQuoteParty(tx, input.partyId);
  await checkQuoteOwner(tx, ownerId);
  if (input.dealId) await checkDeal(tx, deps, input.dealId, input.partyId);
  const today = await tenantToday(tx);
  const validUntil = input.validUntil ?? addDays(today, deps.options.validityDays);
  if (validUntil < today) throw issue('validUntil', `must not be before today (${today})`, 'too_small');
  const locale = input.locale ?? deps.options.defaultLocale;
  const { lines, manualPositions } = await priceLines(
    tx,
    deps.integrations.lookup,
    { partyId: input.partyId, currency: input.currency, date: input.priceDate ?? today, locale },
    input.lines,
  );
  await requireManualPricePermission(tx, deps.options, manualPositions);
  const id = uuidv7();
  const number = await deps.integrations.allocateNumber(tx, today);
  await tx.sql(
    `insert into pricing_quote (tenant_id, id, number, party_id, deal_id, owner_id, currency, locale, current_version)
     values ($1, $2, $3, $4, $5, $6, $7, $8, 1)`,
    [tx.tenantId, id, number, input.partyId, input.dealId ?? null, ownerId, input.currency, locale],
  );
  const totals = await insertVersion(
    tx,
    { quoteId: id, version: 1, currency: input.currency, validUntil, terms: input.terms ?? null },
    lines,
  );
  await recordDrafted(
    tx,
    deps,
    { id, number, partyId: input.partyId, currency: input.currency },
    1,
    totals.gross,
  );
  return (await readQuotes(tx, [id]))[0]!;
}

/**
 * Revises a sent, declined or expired quote: a new draft version (the old ones stay, read-only) with
 * the lines given (re-priced) or the current ones as they were; it becomes the current version.
 */
export async function reviseQuote(
  tx: TxContext,
  deps: QuoteDeps,
  id: string,
  revision: ParsedQuoteRevision,
): Promise<Quote> {
  const quote = await requireVisibleQuote(tx, id, true);
  await requireQuoteWriter(tx, quote);
  if (quote.status === 'draft')
    throw new ConflictError(
      `Quote ${quote.number} version ${quote.currentVersion} is a draft: change it instead`,
      {
        details: { quoteId: id, status: quote.status },
      },
    );
  const [accepted] = await tx.sql(
    `select version from pricing_quote_version where tenant_id = $1 and quote_id = $2 and status = 'accepted'`,
    [tx.tenantId, id],
  );
  if (accepted)
    throw new ConflictError(`Quote ${quote.number} was accepted: it cannot be revised`, {
      details: { quoteId: id, status: 'accepted' },
    });
  const today = await tenantToday(tx);
  const lines = revision.lines ? await priceFor(tx, deps, quote, revision, today) : quote.current.lines;
  const validUntil =
    revision.validUntil ??
    (quote.current.validUntil >= today
      ? quote.current.validUntil
      : addDays(today, deps.options.validityDays));
  if (validUntil < today) throw issue('validUntil', `must not be before today (${today})`, 'too_small');
  const version = quote.currentVersion + 1;
  const terms = revision.terms === undefined ? quote.current.terms : revision.terms;
  const totals = await insertVersion(
    tx,
    { quoteId: id, version, currency: quote.currency, validUntil, terms },
    lines,
  );
  await tx.sql(
    `update pricing_quote set current_version = $3, version = version + 1, updated_at = clock_timestamp()
     where tenant_id = $1 and id = $2`,
    [tx.tenantId, id, version],
  );
  await recordDrafted(tx, deps, quote, version, totals.gross);
  return (await readQuotes(tx, [id]))[0]!;
}

/** Changes the current draft version (validity, terms, lines re-priced); a sent version is read-only. */
export async function updateDraft(
  tx: TxContext,
  deps: QuoteDeps,
  id: string,
  revision: ParsedQuoteRevision,
): Promise<Quote> {
  const quote = await requireVisibleQuote(tx, id, true);
  await requireQuoteWriter(tx, quote);
  if (quote.status !== 'draft')
    throw new ConflictError(
      `Quote ${quote.number} version ${quote.currentVersion} is ${quote.status}: revise it for a new version`,
      { details: { quoteId: id, status: quote.status } },
    );
  const today = await tenantToday(tx);
  if (revision.validUntil !== undefined && revision.validUntil < today)
    throw issue('validUntil', `must not be before today (${today})`, 'too_small');
  const key = { quoteId: id, version: quote.currentVersion, currency: quote.currency };
  if (revision.lines) await replaceLines(tx, key, await priceFor(tx, deps, quote, revision, today));
  await tx.sql(
    `update pricing_quote_version set valid_until = coalesce($4::date, valid_until),
       terms = case when $5 then $6 else terms end
     where tenant_id = $1 and quote_id = $2 and version = $3`,
    [
      tx.tenantId,
      id,
      quote.currentVersion,
      revision.validUntil ?? null,
      revision.terms !== undefined,
      revision.terms ?? null,
    ],
  );
  await tx.sql(
    'update pricing_quote set version = version + 1, updated_at = clock_timestamp() where tenant_id = $1 and id = $2',
    [tx.tenantId, id],
  );
  return (await readQuotes(tx, [id]))[0]!;
}

async function priceFor(
  tx: TxContext,
  deps: QuoteDeps,
  quote: Quote,
  revision: ParsedQuoteRevision,
  today: string,
): Promise<QuoteLine[]> {
  const { lines, manualPositions } = await priceLines(
    tx,
    deps.integrations.lookup,
    {
      partyId: quote.partyId,
      currency: quote.currency,
      date: revision.priceDate ?? today,
      locale: quote.locale,
    },
    revision.lines ?? [],
  );
  await requireManualPricePermission(tx, deps.options, manualPositions);
  return lines;
}

async function checkDeal(tx: TxContext, deps: QuoteDeps, dealId: string, partyId: string): Promise<void> {
  const deals = deps.integrations.deals;
  if (!deals) throw issue('dealId', 'deals need @rapport/pipeline, which is not installed', 'unavailable');
  const deal = await deals.get(tx, dealId);
  if (deal.customerId !== partyId)
    throw issue('dealId', `deal ${dealId} is another customer's (${deal.customerId})`, 'other_party');
}

async function recordDrafted(
  tx: TxContext,
  deps: QuoteDeps,
  quote: { id: string; number: string; partyId: string; currency: string },
  version: number,
  total: string,
): Promise<void> {
  await deps.journal.record(tx, {
    type: 'pricing.quote_drafted',
    subject: { type: 'quote', id: quote.id },
    parties: [{ partyId: quote.partyId, role: 'customer' }],
    data: { quoteId: quote.id, number: quote.number, version, total, currency: quote.currency },
  });
}
