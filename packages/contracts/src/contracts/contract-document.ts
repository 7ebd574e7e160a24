import type { TxContext } from '@rapport/core/plugin';
import { z } from '@rapport/core/plugin';
import { DOCUMENT_SERVICE, type Document } from '@rapport/documents';
import type { Contract } from '../types.js';

/** What `contracts.generateDocument` takes: the `document` template (kind of `@rapport/documents`) and extra data. */
export const GenerateDocumentSchema = z.strictObject({
  template: z.string().trim().min(1).max(200),
  locale: z.string().trim().min(2).max(35).optional(),
  /** The document's title (default: the contract's number and subject). */
  title: z.string().trim().min(1).max(500).optional(),
  /** More template data beside `contract` (the contract itself) and what documents adds. */
  data: z.record(z.string(), z.unknown()).default({}),
});

/** Input of `contracts.generateDocument`. */
export type GenerateDocumentInput = z.input<typeof GenerateDocumentSchema>;

/**
 * Renders a contract's document from a template inside `tx` — a PDF filed in `@rapport/documents`
 * as type `contract`, under the contract's own number, about its party, with the subject
 * `{ kind: 'contract', id }` — and links it to the contract. The template sees `contract` (the
 * contract as services return it) plus `data`.
 */
export async function generateDocument(
  tx: TxContext,
  contract: Contract,
  input: z.output<typeof GenerateDocumentSchema>,
): Promise<Document> {
  const document = await tx.resolve(DOCUMENT_SERVICE).createFromTemplate(tx, {
    type: 'contract',
    title: input.title ?? `${contract.number} ${contract.subject}`,
    direction: 'outgoing',
    parties: [{ partyId: contract.partyId, role: contract.partyRole }],
    subject: { kind: 'contract', id: contract.id },
    ownerId: contract.ownerId,
    number: contract.number,
    template: input.template,
    ...(input.locale ? { locale: input.locale } : {}),
    data: { ...input.data, contract },
  });
  await tx.sql(
    `update contracts_contract set document_ids = array_append(document_ids, $3::uuid),
       version = version + 1, updated_at = clock_timestamp()
     where tenant_id = $1 and id = $2`,
    [tx.tenantId, contract.id, document.id],
  );
  return document;
}
