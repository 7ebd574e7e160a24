import { CurrencySchema, z } from '@rapport/core/plugin';

/** A UUID in PostgreSQL's own (lower-case) spelling, so ids compare equal to those read back. */
export const id = z.uuid().transform((value) => value.toLowerCase());

/** An exact, non-negative money amount: a decimal string (or a finite number) with at most 4 decimals. */
export const Amount = z
  .union([z.string().trim(), z.number().refine(Number.isFinite, 'must be finite').transform(String)])
  .pipe(
    z
      .string()
      .regex(/^\d{1,16}(\.\d{1,4})?$/, 'must be an exact non-negative decimal with at most 4 decimals'),
  );

/** An ISO 4217 currency code, upper-cased (core's shared schema). */
export const Currency = CurrencySchema;

/** A calendar date, as `YYYY-MM-DD` or a `Date` (its UTC day). */
export const CalendarDate = z
  .union([z.iso.date(), z.date().transform((d) => d.toISOString().slice(0, 10))])
  .pipe(z.iso.date());

/** A reason for a win, a loss or a move. */
export const Reason = z.string().trim().min(1).max(1000);

const Contact = z.union([
  id.transform((partyId) => ({ partyId, role: 'contact_person' })),
  z.object({
    partyId: id,
    role: z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9_]{1,40}$/, 'must be a lower-case role key')
      .default('contact_person'),
  }),
]);

const Contacts = z
  .array(Contact)
  .max(50)
  .refine((list) => new Set(list.map((c) => c.partyId)).size === list.length, 'lists a party twice');

const fields = {
  title: z.string().trim().min(1).max(200),
  teamId: id,
  amount: Amount,
  currency: Currency,
  expectedCloseOn: CalendarDate,
  source: z.string().trim().min(1).max(100),
  custom: z.record(z.string(), z.unknown()),
};

/** The input of `deals.create`. */
export const DealInputSchema = z.object({
  pipelineId: id,
  /** Default: the pipeline's first open stage. */
  stageId: id.optional(),
  title: fields.title,
  /** The customer (a party the actor may see). */
  customerId: id,
  /** Contact persons: party ids, or `{ partyId, role }`. */
  contacts: Contacts.default([]),
  /** Default: the acting employee (a system actor must name one). */
  ownerId: id.optional(),
  teamId: fields.teamId.optional(),
  amount: fields.amount.optional(),
  /** Default: the pipeline's currency (required with an amount when the pipeline has none). */
  currency: fields.currency.optional(),
  expectedCloseOn: fields.expectedCloseOn.optional(),
  source: fields.source.optional(),
  custom: fields.custom.default({}),
});

/** What `deals.create` takes. */
export type DealCreateInput = z.input<typeof DealInputSchema>;
/** The validated input of `deals.create`, as `beforeDealCreate` taps see it. */
export type DealInput = z.output<typeof DealInputSchema>;

/** The input of `deals.update`: any field but the stage (see `move`); `null` clears an optional one. */
export const DealPatchSchema = z
  .object({
    title: fields.title.optional(),
    ownerId: id.optional(),
    teamId: fields.teamId.nullable().optional(),
    amount: fields.amount.nullable().optional(),
    currency: fields.currency.optional(),
    expectedCloseOn: fields.expectedCloseOn.nullable().optional(),
    source: fields.source.nullable().optional(),
    /** Replaces the contact persons. */
    contacts: Contacts.optional(),
    /** Keys given replace those keys; a `null` value removes the key. */
    custom: fields.custom.optional(),
    /** Refuse (conflict) unless the deal is still at this version. */
    expectedVersion: z.int().positive().optional(),
  })
  .strict();

/** What `deals.update` takes. */
export type DealPatch = z.input<typeof DealPatchSchema>;

/** The input of `deals.move`. */
export const MoveInputSchema = z.object({
  stageId: id,
  reason: Reason.optional(),
  expectedVersion: z.int().positive().optional(),
});
/** What `deals.move` takes. */
export type MoveInput = z.input<typeof MoveInputSchema>;

/** The input of `deals.win` and `deals.lose`: a reason is required. */
export const CloseInputSchema = z.object({
  reason: Reason,
  /** Default: the pipeline's first won (or lost) stage. */
  stageId: id.optional(),
  expectedVersion: z.int().positive().optional(),
});
/** What `deals.win` and `deals.lose` take. */
export type CloseInput = z.input<typeof CloseInputSchema>;

/** The input of `deals.reopen`. */
export const ReopenInputSchema = z.object({
  /** An open stage of the deal's pipeline. */
  stageId: id,
  reason: Reason.optional(),
  expectedVersion: z.int().positive().optional(),
});
/** What `deals.reopen` takes. */
export type ReopenInput = z.input<typeof ReopenInputSchema>;

/** Filters and page of `deals.list`. */
export const DealListSchema = z.object({
  pipelineId: id.optional(),
  stageId: id.optional(),
  ownerId: id.optional(),
  customerId: id.optional(),
  status: z.enum(['open', 'won', 'lost']).optional(),
  /** The `nextCursor` of the previous page. */
  cursor: z.string().min(1).max(200).optional(),
  limit: z.int().min(1).max(10_000).default(100),
});
/** What `deals.list` takes. */
export type DealListOptions = z.input<typeof DealListSchema>;
