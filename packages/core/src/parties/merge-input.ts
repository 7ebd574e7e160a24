import { z } from 'zod';

/** Party fields a merge can take from either party (`custom.<key>` picks one custom field). */
export const MERGE_FIELDS = [
  'displayName',
  'givenName',
  'familyName',
  'organizationName',
  'legalName',
  'taxNumber',
  'registrationNumber',
  'locale',
  'lifecycle',
  'ownerId',
  'teamId',
  'source',
  'custom',
] as const;

/** A field a merge can take from either party. */
export type MergeField = (typeof MERGE_FIELDS)[number] | `custom.${string}`;

const FieldKey = z
  .string()
  .refine(
    (key) => (MERGE_FIELDS as readonly string[]).includes(key) || /^custom\.[a-zA-Z][\w-]*$/.test(key),
    {
      message: `must be one of ${MERGE_FIELDS.join(', ')} or custom.<key>`,
    },
  );

/** The input of `merges.merge`. */
export const MergeInputSchema = z.object({
  /** The party that remains. */
  survivorId: z.uuid(),
  /** The party whose data moves to the survivor and which is then removed. */
  mergedId: z.uuid(),
  /** Why the parties were merged; kept in the audit record. */
  reason: z.string().trim().min(1).max(1000).optional(),
  /**
   * Which party each field comes from. Unlisted fields keep the survivor's value, or take the merged
   * party's when the survivor has none (the lifecycle takes the more advanced of the two).
   */
  fieldsFrom: z.record(FieldKey, z.enum(['survivor', 'merged'])).optional(),
  /** Allows merging a person with an organisation (the survivor keeps its kind). */
  allowKindMismatch: z.boolean().optional(),
});

/** The input of `merges.merge`. */
export type MergeInput = z.input<typeof MergeInputSchema>;
/** The validated input of `merges.merge`. */
export type ParsedMergeInput = z.output<typeof MergeInputSchema>;
