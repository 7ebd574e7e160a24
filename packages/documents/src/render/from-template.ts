import { type TemplateParty, type TxContext, tenantToday, z } from '@rapport/core/plugin';
import { allocateNumber } from '../numbering/allocate.js';
import { checkParties } from '../register/document-checks.js';
import { type CreateDeps, createDocument } from '../register/document-create.js';
import { type DocumentCreateInput, DocumentInputSchema } from '../register/document-input.js';
import { resolveType } from '../types/type-store.js';
import type { Document } from '../types.js';
import type { DocumentRenderer, RenderInput } from './document-renderer.js';
import { RenderInputSchema } from './document-renderer.js';

/** A document whose first version a template renders. */
export const FromTemplateSchema = DocumentInputSchema.omit({ content: true }).extend({
  ...RenderInputSchema.shape,
  /** The PDF's file name (default `<number or title>.pdf`). */
  filename: z
    .string()
    .trim()
    .min(1)
    .max(255)
    .regex(/^[^/\\\0]+$/)
    .optional(),
});
/** What `documents.createFromTemplate` takes: a document, and the template that makes its first version. */
export type DocumentFromTemplateInput = Omit<DocumentCreateInput, 'content'> &
  RenderInput & {
    filename?: string;
  };

/**
 * Creates a document from a template inside `tx`: its number is taken first, then the template is
 * rendered with the data plus `document` (`number`, `title`, `issuedOn`, `type`) and `party` (the
 * main party), and the PDF is stored as version 1. Any error rolls everything back, the number too.
 */
export async function createFromTemplate(
  tx: TxContext,
  deps: CreateDeps & { renderer: DocumentRenderer },
  input: z.output<typeof FromTemplateSchema>,
): Promise<Document> {
  const { template, locale, data, filename, ...document } = input;
  await checkParties(tx, document.parties);
  const type = await resolveType(tx, deps.defaults, document.type);
  const issuedOn = document.issuedOn ?? (await tenantToday(tx));
  const numbered = document.number === 'auto' ? await allocateNumber(tx, type, issuedOn) : undefined;
  const number = numbered?.number ?? (document.number === 'none' ? null : document.number);
  const party = await templateParty(tx, document.parties[0]!.partyId);
  const rendered = await deps.renderer.render(tx, {
    template,
    ...(locale ? { locale } : {}),
    data: { ...data, document: { number, title: document.title, issuedOn, type: type.key } },
    ...(party ? { party } : {}),
    title: document.title,
    ...(number ? { footer: number } : {}),
  });
  const name = filename ?? `${(number ?? document.title).replace(/[^\w.-]+/g, '-')}.pdf`;
  return createDocument(
    tx,
    deps,
    {
      ...document,
      issuedOn,
      content: { filename: name, contentType: 'application/pdf', bytes: rendered.pdf },
      reason: document.reason ?? `rendered from template ${template} (${rendered.locale})`,
    },
    numbered,
  );
}

/** The party as templates see it (`{{name party}}`), read without visibility checks. */
export async function templateParty(tx: TxContext, partyId: string): Promise<TemplateParty | undefined> {
  const row = await tx.db
    .selectFrom('Party')
    .select(['id', 'kind', 'displayName', 'givenName', 'familyName', 'organizationName', 'locale'])
    .where('tenantId', '=', tx.tenantId)
    .where('id', '=', partyId)
    .executeTakeFirst();
  return row as TemplateParty | undefined;
}
