import { z } from '@rapport/core/plugin';
import { checkNumberFormat } from '../numbering/number-format.js';

/** How often a type's numbers start again at 1: every year, every month, or never. */
export type NumberingPeriod = 'year' | 'month' | 'none';

/** The statuses every document type has; types may add their own (`statuses`). */
export const BUILT_IN_STATUSES = [
  'draft',
  'issued',
  'sent',
  'signed',
  'received',
  'void',
  'archived',
] as const;

const statusKey = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be a lower-case key (a-z, 0-9, _)');

/** A document type: its key, name, and how its documents are numbered. */
export const DocumentTypeInputSchema = z
  .object({
    /** Lower-case key used in `documents.create({ type })`: `contract`, `offer`, `letter`. */
    key: z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9_.-]{0,39}$/, 'must be a lower-case key (a-z, 0-9, _ . -)'),
    name: z.string().trim().min(1).max(200),
    /**
     * Number format: `{yyyy}` `{yy}` `{mm}` (of the document's date), `{seq}` / `{seq:5}` (the
     * counter, zero-padded), `{type}` / `{TYPE}` (the key). Default `{TYPE}-{yyyy}-{seq:5}` (by
     * period: no year for `none`, `{yyyy}-{mm}` for `month`).
     */
    numberFormat: z.string().trim().min(1).max(100).optional(),
    /** When numbering restarts at 1 (default `year`). */
    period: z.enum(['year', 'month', 'none']).default('year'),
    /** Statuses this type has beside the built-in ones (`draft`, `issued`, `sent`, `signed`…). */
    statuses: z.array(statusKey).max(30).default([]),
  })
  .superRefine((value, ctx) => {
    if (value.numberFormat === undefined) return;
    for (const message of checkNumberFormat(value.numberFormat, value.period))
      ctx.addIssue({ code: 'custom', path: ['numberFormat'], message });
  });

/** What `documents.defineType` (and a plugin's `documentTypes`) take. */
export type DocumentTypeInput = z.input<typeof DocumentTypeInputSchema>;
/** A validated type definition. */
export type ParsedDocumentType = z.output<typeof DocumentTypeInputSchema>;

/** A tenant's document type, as stored. */
export interface DocumentType {
  id: string;
  key: string;
  name: string;
  /** The format in force (the default one when the type gave none). */
  numberFormat: string;
  period: NumberingPeriod;
  /** Every status documents of the type may have (built-in ones first). */
  statuses: string[];
  createdAt: Date;
  updatedAt: Date;
}
