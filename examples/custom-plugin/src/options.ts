import { type InjectionToken, z } from '@rapport/core/plugin';

/** The options of the visit-notes plugin; `createCrm` validates them and reports every bad field. */
export const VisitNotesOptionsSchema = z.object({
  /** Topics every new tenant starts with (seeded by the `tenantCreated` tap). */
  defaultTopics: z.array(z.string().trim().min(1).max(60)).min(1).default(['General', 'Complaint', 'Order']),
  /** Longest note body accepted, in characters. */
  maxBodyLength: z.int().positive().max(100_000).default(2_000),
});

/** The validated options, as services receive them. */
export type VisitNotesOptions = z.output<typeof VisitNotesOptionsSchema>;

/** Token under which `createCrm` registers the validated options. */
export const VISIT_NOTES_OPTIONS: InjectionToken<VisitNotesOptions> = Symbol('visit-notes.options');
