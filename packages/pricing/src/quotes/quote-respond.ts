import { ConflictError, type TxContext, tenantToday } from '@rapport/core/plugin';
import { assertTransition } from './lifecycle.js';
import { requireQuoteWriter } from './quote-checks.js';
import type { QuoteDeps } from './quote-deps.js';
import { fireStatusChanged } from './quote-events.js';
import { readQuotes, readVersions, requireVisibleQuote } from './quote-reader.js';
import type { Quote, QuoteLine, QuoteVersion } from './quote-types.js';
import { setStatus } from './quote-writer.js';

/**
 * Records the customer's answer to the quote's sent version: the version becomes accepted or declined,
 * one `offer_response` journal entry carries the lines and the reason, and `quoteStatusChanged` fires;
 * an acceptance then runs the follow-ups the options ask for (deal won, `sale` entry) and `quoteAccepted`,
 * all inside this transaction.
 */
export async function respondToQuote(
  tx: TxContext,
  deps: QuoteDeps,
  id: string,
  response: 'accepted' | 'declined',
  reason: string | null,
): Promise<Quote> {
  const quote = await requireVisibleQuote(tx, id, true);
  await requireQuoteWriter(tx, quote);
  const sent = await sentVersion(tx, quote);
  assertTransition({ number: quote.number, version: sent.version }, sent.status, response);
  const today = await tenantToday(tx);
  if (sent.validUntil < today)
    throw new ConflictError(
      `Quote ${quote.number} expired on ${sent.validUntil}: revise it and send it again`,
      {
        details: { quoteId: id, version: sent.version, validUntil: sent.validUntil },
      },
    );
  await setStatus(tx, { quoteId: id, version: sent.version }, response, { respondedAt: true, reason });
  const unique = (values: Array<string | null>) => [
    ...new Set(values.filter((v): v is string => v !== null)),
  ];
  const { entry } = await deps.journal.record(tx, {
    type: 'offer_response',
    subject: { type: 'quote', id },
    parties: [{ partyId: quote.partyId, role: 'customer' }],
    direction: 'inbound',
    outcome: response,
    amount: sent.gross,
    currency: quote.currency,
    ...(reason ? { notes: reason } : {}),
    data: {
      quoteId: id,
      number: quote.number,
      version: sent.version,
      response,
      reason,
      lines: sent.lines.map((l) => ({
        sku: l.sku,
        productId: l.productId,
        categoryId: l.categoryId,
        quantity: l.quantity,
        net: l.net,
      })),
      categoryIds: unique(sent.lines.map((l) => l.categoryId)),
      productIds: unique(sent.lines.map((l) => l.productId)),
      net: sent.net,
      total: sent.gross,
      currency: quote.currency,
    },
  });
  await fireStatusChanged(tx, deps, id, { version: sent.version, from: 'sent', to: response, reason });
  if (response === 'accepted') {
    await followUps(tx, deps, quote, sent);
    const [after] = await readQuotes(tx, [id]);
    await deps.hooks.quoteAccepted.promise(
      { quote: after!, version: sent.version, lines: sent.lines, entry },
      tx,
    );
  }
  return (await readQuotes(tx, [id]))[0]!;
}

/** The version waiting for an answer (a conflict when none was sent or the answer is in). */
async function sentVersion(tx: TxContext, quote: Quote): Promise<QuoteVersion> {
  const rows = await tx.sql<{ version: number }>(
    `select version from pricing_quote_version where tenant_id = $1 and quote_id = $2
     and status in ('sent', 'accepted', 'declined', 'expired') order by sent_at desc limit 1`,
    [tx.tenantId, quote.id],
  );
  if (rows.length === 0)
    throw new ConflictError(`Quote ${quote.number} has not been sent: there is nothing to answer`, {
      details: { quoteId: quote.id, status: quote.status },
    });
  const version = rows[0]!.version;
  return (await readVersions(tx, [{ quoteId: quote.id, version }])).get(`${quote.id}:${version}`)!;
}

/** What an acceptance does when the options ask for it and the plugins are installed. */
async function followUps(tx: TxContext, deps: QuoteDeps, quote: Quote, sent: QuoteVersion): Promise<void> {
  const deals = deps.integrations.deals;
  if (deps.options.onAccept.winDeal && quote.dealId && deals) {
    const deal = await deals.get(tx, quote.dealId);
    if (deal.status === 'open')
      await deals.win(tx, quote.dealId, { reason: `quote ${quote.number} accepted` });
  }
  const contracts = deps.integrations.contracts;
  if (deps.options.onAccept.createContract && contracts)
    await contracts.create(tx, {
      partyId: quote.partyId,
      ...(quote.dealId ? { dealId: quote.dealId } : {}),
      quoteId: quote.id,
      subject: `Offer ${quote.number}`,
      value: { kind: 'total', amount: sent.gross, currency: quote.currency },
      startOn: await tenantToday(tx),
      ownerId: quote.ownerId,
      documentIds: sent.documentId ? [sent.documentId] : [],
    });
  if (deps.options.onAccept.recordSale)
    await deps.journal.record(tx, {
      type: 'sale',
      subject: { type: 'quote', id: quote.id },
      parties: [{ partyId: quote.partyId, role: 'customer' }],
      amount: sent.gross,
      currency: quote.currency,
      data: { orderNumber: quote.number, items: sent.lines.map(saleLine) },
    });
}

/** A quote line as a line of a `sale` entry (core checks its total against the price, discount and tax). */
function saleLine(line: QuoteLine) {
  return {
    sku: line.sku,
    ...(line.productId ? { productId: line.productId } : {}),
    name: line.name,
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    ...(line.discount !== '0' && /[1-9]/.test(line.discount) ? { discount: { amount: line.discount } } : {}),
    ...(line.taxRate !== '0' ? { tax: { rate: line.taxRate } } : {}),
    total: line.gross,
  };
}
