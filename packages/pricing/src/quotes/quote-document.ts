import type { TemplateInput, TemplateParty, TxContext } from '@rapport/core/plugin';
import type { DocumentService } from '@rapport/documents';
import type { NumberAllocator } from './quote-number.js';
import type { QuoteRenderer } from './quote-send.js';
import type { Quote } from './quote-types.js';

/** What quotes use of `@rapport/documents` (type-only: pricing does not load it at run time). */
export type DocumentsPort = Pick<DocumentService, 'allocateNumber' | 'render' | 'create' | 'addVersion'>;

/** The document type quotes are filed and numbered under (declared through `documentTypes`). */
export const OFFER_DOCUMENT_TYPE = {
  key: 'offer',
  name: 'Offer',
  numberFormat: 'Q-{yyyy}-{seq:5}',
  period: 'year',
} as const;

/** Quote numbers from the documents' gapless counter of type `offer`. */
export function documentNumbers(documents: DocumentsPort): NumberAllocator {
  return async (tx, on) => (await documents.allocateNumber(tx, { type: OFFER_DOCUMENT_TYPE.key, on })).number;
}

/**
 * Renders a quote's current version with the `document` template `pricing.offer` in the quote's
 * locale and files it: the first send creates the quote's document (type `offer`, the quote's number,
 * subject `{ kind: 'quote', id }`), each later version adds a version to it.
 */
export function documentRenderer(documents: DocumentsPort): QuoteRenderer {
  return async (tx, quote) => {
    const party = await templateParty(tx, quote.partyId);
    const rendered = await documents.render(tx, {
      template: 'pricing.offer',
      locale: quote.locale,
      data: { quote: templateData(quote) },
      ...(party ? { party } : {}),
    });
    const filename = `${quote.number}-v${quote.currentVersion}.pdf`.replace(/[^\w.-]+/g, '-');
    const content = { filename, contentType: 'application/pdf', bytes: rendered.pdf };
    const [existing] = await tx.sql<{ documentId: string }>(
      `select document_id as "documentId" from pricing_quote_version
       where tenant_id = $1 and quote_id = $2 and document_id is not null limit 1`,
      [tx.tenantId, quote.id],
    );
    let documentId: string;
    let documentVersion: number;
    if (existing) {
      documentId = existing.documentId;
      const version = await documents.addVersion(tx, documentId, {
        content,
        reason: `version ${quote.currentVersion} sent`,
      });
      documentVersion = version.number;
    } else {
      const document = await documents.create(tx, {
        type: OFFER_DOCUMENT_TYPE.key,
        title: `Offer ${quote.number}`,
        direction: 'outgoing',
        status: 'issued',
        parties: [{ partyId: quote.partyId, role: 'customer' }],
        subject: { kind: 'quote', id: quote.id },
        ownerId: quote.ownerId,
        number: quote.number,
        content,
      });
      documentId = document.id;
      documentVersion = document.currentVersion?.number ?? 1;
    }
    return { documentId, documentVersion, filename, pdf: Buffer.from(rendered.pdf) };
  };
}

/** What the document and email templates get as `quote`. */
export function templateData(quote: Quote) {
  const v = quote.current;
  return {
    number: quote.number,
    version: quote.currentVersion,
    currency: quote.currency,
    validUntil: v.validUntil,
    terms: v.terms,
    net: v.net,
    tax: v.tax,
    gross: v.gross,
    lines: v.lines.map((l) => ({
      position: l.position,
      sku: l.sku,
      name: l.name,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      discountPercent: l.discountPercent,
      taxRate: l.taxRate,
      net: l.net,
      gross: l.gross,
    })),
  };
}

async function templateParty(tx: TxContext, partyId: string): Promise<TemplateParty | undefined> {
  const [row] = await tx.sql<TemplateParty>(
    `select id, kind, display_name as "displayName", given_name as "givenName", family_name as "familyName",
       organization_name as "organizationName", locale from core_party where tenant_id = $1 and id = $2`,
    [tx.tenantId, partyId],
  );
  return row;
}

const PDF_EN = `# Offer {{quote.number}}
>> Valid until {{date quote.validUntil "long"}}

{{party.displayName}}

| SKU | Item | >Qty | >Unit price | >Discount % | >Net |
|---|---|---|---|---|---|
{{#each quote.lines}}| {{sku}} | {{this.name}} | >{{quantity}} | >{{money unitPrice ../quote.currency}} | >{{discountPercent}} | >{{money net ../quote.currency}} |
{{/each}}

---
>> Net {{money quote.net quote.currency}}
>> Tax {{money quote.tax quote.currency}}
>> **Total {{money quote.gross quote.currency}}**

{{#if quote.terms}}## Terms
{{quote.terms}}{{/if}}
`;

const PDF_DE = `# Angebot {{quote.number}}
>> Gültig bis {{date quote.validUntil "long"}}

{{party.displayName}}

| Artikel | Bezeichnung | >Menge | >Einzelpreis | >Rabatt % | >Netto |
|---|---|---|---|---|---|
{{#each quote.lines}}| {{sku}} | {{this.name}} | >{{quantity}} | >{{money unitPrice ../quote.currency}} | >{{discountPercent}} | >{{money net ../quote.currency}} |
{{/each}}

---
>> Netto {{money quote.net quote.currency}}
>> MwSt. {{money quote.tax quote.currency}}
>> **Gesamt {{money quote.gross quote.currency}}**

{{#if quote.terms}}## Bedingungen
{{quote.terms}}{{/if}}
`;

const html = (title: string) =>
  `<h1>${title} {{quote.number}}</h1><table>{{#each quote.lines}}<tr><td>{{sku}}</td><td>{{this.name}}</td><td>{{quantity}}</td><td>{{money net ../quote.currency}}</td></tr>{{/each}}</table><p>{{money quote.gross quote.currency}}</p>`;

/** The default offer documents (kind `document`, name `pricing.offer`), English and German. */
export const OFFER_DOCUMENT_TEMPLATES: readonly TemplateInput[] = [
  { kind: 'document', name: 'pricing.offer', locale: 'en', parts: { html: html('Offer'), pdf: PDF_EN } },
  { kind: 'document', name: 'pricing.offer', locale: 'de', parts: { html: html('Angebot'), pdf: PDF_DE } },
];
