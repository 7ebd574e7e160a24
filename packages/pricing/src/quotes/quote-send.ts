import { ConflictError, type TxContext, tenantToday } from '@rapport/core/plugin';
import { assertTransition } from './lifecycle.js';
import { requireQuoteWriter } from './quote-checks.js';
import type { QuoteDeps } from './quote-deps.js';
import { recordStatusChange } from './quote-events.js';
import { readQuotes, requireVisibleQuote } from './quote-reader.js';
import type { Quote } from './quote-types.js';
import { setStatus } from './quote-writer.js';

/** A rendered quote: the stored document and the PDF to attach. */
export interface RenderedQuote {
  documentId: string;
  documentVersion: number;
  filename: string;
  pdf: Buffer;
}

/** Renders and stores a quote version's document (null when `@rapport/documents` is not installed). */
export type QuoteRenderer = (tx: TxContext, quote: Quote) => Promise<RenderedQuote | null>;

/** Options of `quotes.send`. */
export interface SendOptions {
  /** Email it (with the PDF) when messaging is installed (default true); false only marks it sent. */
  email?: boolean;
}

/**
 * Sends the current draft version: supersedes a version sent before, renders and stores the document,
 * emails it with the PDF attached (when messaging is installed; the message is queued in this
 * transaction), and marks it sent — all in one transaction, in the party's journal.
 */
export async function sendQuote(
  tx: TxContext,
  deps: QuoteDeps,
  id: string,
  options: SendOptions,
): Promise<Quote> {
  const quote = await requireVisibleQuote(tx, id, true);
  await requireQuoteWriter(tx, quote);
  const version = quote.currentVersion;
  assertTransition({ number: quote.number, version }, quote.status, 'sent');
  const today = await tenantToday(tx);
  if (quote.current.validUntil < today)
    throw new ConflictError(
      `Quote ${quote.number} was valid until ${quote.current.validUntil}: change the date first`,
      {
        details: { quoteId: id, validUntil: quote.current.validUntil },
      },
    );
  const previous = await tx.sql<{ version: number }>(
    `select version from pricing_quote_version where tenant_id = $1 and quote_id = $2 and status = 'sent'`,
    [tx.tenantId, id],
  );
  for (const { version: old } of previous) {
    await setStatus(tx, { quoteId: id, version: old }, 'superseded');
    await recordStatusChange(tx, deps, quote, {
      version: old,
      from: 'sent',
      to: 'superseded',
      reason: `version ${version} sent`,
    });
  }
  const rendered = await deps.integrations.render(tx, quote);
  const messaging = options.email === false ? undefined : deps.integrations.messaging;
  const message = messaging
    ? await messaging.send(tx, {
        channel: 'email',
        partyId: quote.partyId,
        template: deps.options.emailTemplate,
        locale: quote.locale,
        data: { quote: emailData(quote) },
        ...(rendered
          ? {
              attachments: [
                // A copy typed as messaging takes it (`Uint8Array<ArrayBuffer>`; a Buffer may sit on a shared pool).
                {
                  filename: rendered.filename,
                  contentType: 'application/pdf',
                  content: new Uint8Array(rendered.pdf),
                },
              ],
            }
          : {}),
      })
    : null;
  await setStatus(tx, { quoteId: id, version }, 'sent', { sentAt: true });
  await tx.sql(
    `update pricing_quote_version set document_id = $4, document_version = $5, message_id = $6
     where tenant_id = $1 and quote_id = $2 and version = $3`,
    [
      tx.tenantId,
      id,
      version,
      rendered?.documentId ?? null,
      rendered?.documentVersion ?? null,
      message?.id ?? null,
    ],
  );
  await recordStatusChange(tx, deps, quote, {
    version,
    from: 'draft',
    to: 'sent',
    documentId: rendered?.documentId ?? null,
    messageId: message?.id ?? null,
  });
  return (await readQuotes(tx, [id]))[0]!;
}

/** What the email template gets as `quote`. */
function emailData(quote: Quote) {
  return {
    number: quote.number,
    version: quote.currentVersion,
    currency: quote.currency,
    validUntil: quote.current.validUntil,
    net: quote.current.net,
    tax: quote.current.tax,
    gross: quote.current.gross,
    lines: quote.current.lines.map((l) => ({
      sku: l.sku,
      name: l.name,
      quantity: l.quantity,
      gross: l.gross,
    })),
  };
}
