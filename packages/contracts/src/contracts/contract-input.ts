import { CalendarDateSchema, CurrencySchema, type FieldIssue, z } from '@rapport/core/plugin';
import { CONTRACT_STATUSES } from './lifecycle.js';

/** A UUID in PostgreSQL's own (lower-case) spelling. */
export const id = z.uuid().transform((value) => value.toLowerCase());

/** An exact, non-negative decimal that fits `numeric(20, 4)` (a string, or a finite number). */
const amount = z
  .union([z.string().trim(), z.number().refine(Number.isFinite, 'must be finite').transform(String)])
  .pipe(z.string().regex(/^\d{1,16}(\.\d{1,4})?$/, 'must be an exact decimal ≥ 0 with at most 4 decimals'));

/** A contract's value: a total over the term, or a recurring amount per period. */
export const ContractValueSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('total'), amount, currency: CurrencySchema }),
  z.strictObject({
    kind: z.literal('recurring'),
    amount,
    currency: CurrencySchema,
    period: z.enum(['month', 'quarter', 'year']),
  }),
]);

/** A notice period: whole months or days. */
export const TermSchema = z.union([
  z.strictObject({ months: z.int().min(1).max(120) }),
  z.strictObject({ days: z.int().min(1).max(3650) }),
]);

/** Automatic renewal terms. */
export const AutoRenewalSchema = z.strictObject({
  renewFor: z.strictObject({ months: z.int().min(1).max(120) }),
  maxRenewals: z.int().min(0).max(1000).optional(),
});

const text = (max: number) => z.string().trim().min(1).max(max);

const notes = z.string().trim().max(20_000);
const custom = z.record(z.string(), z.unknown());
const subject = text(500);

/** The dates and terms a contract is checked on, as `create` takes them and `update` merges them. */
interface Terms {
  startOn: string;
  endOn?: string | null | undefined;
  notice?: unknown;
  autoRenewal?: unknown;
}

/** The cross-field rules of a contract's dates and terms (create, and update after merging the patch). */
export function termIssues(terms: Terms): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const open = terms.endOn === undefined || terms.endOn === null;
  if (!open && terms.endOn! < terms.startOn)
    issues.push({ code: 'custom', path: 'endOn', message: 'must not be before startOn' });
  if (open && terms.notice)
    issues.push({ code: 'custom', path: 'notice', message: 'a notice period needs an end date' });
  if (open && terms.autoRenewal)
    issues.push({ code: 'custom', path: 'autoRenewal', message: 'automatic renewal needs an end date' });
  return issues;
}

/** What `contracts.create` takes. */
export const ContractInputSchema = z
  .strictObject({
    partyId: id,
    partyRole: z.enum(['customer', 'partner']).default('customer'),
    dealId: id.optional(),
    quoteId: id.optional(),
    subject,
    value: ContractValueSchema,
    startOn: CalendarDateSchema,
    endOn: CalendarDateSchema.optional(),
    notice: TermSchema.optional(),
    autoRenewal: AutoRenewalSchema.optional(),
    /** Default: the acting employee. */
    ownerId: id.optional(),
    documentIds: z.array(id).max(100).default([]),
    notes: notes.optional(),
    custom: custom.default({}),
  })
  .superRefine((input, ctx) => {
    for (const issue of termIssues(input))
      ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message });
  });

/**
 * What `contracts.update` takes: the same fields and rules as `create`; `null` clears an optional
 * one (end date, notice, auto-renewal, deal, quote, notes); `custom` replaces the custom fields. The
 * party and the owner are not edited here (the owner changes through core's reassignment).
 */
export const ContractPatchSchema = z.strictObject({
  subject: subject.optional(),
  value: ContractValueSchema.optional(),
  startOn: CalendarDateSchema.optional(),
  endOn: CalendarDateSchema.nullable().optional(),
  notice: TermSchema.nullable().optional(),
  autoRenewal: AutoRenewalSchema.nullable().optional(),
  dealId: id.nullable().optional(),
  quoteId: id.nullable().optional(),
  notes: notes.nullable().optional(),
  custom: custom.optional(),
});

/** Input of `contracts.update`. */
export type ContractPatch = z.input<typeof ContractPatchSchema>;
/** Validated input of `contracts.update`. */
export type ParsedContractPatch = z.output<typeof ContractPatchSchema>;

/** Options of `contracts.update`. */
export const UpdateOptionsSchema = z.strictObject({
  /** Refuse (conflict) when the contract is no longer at this version. */
  expectedVersion: z.int().min(1).optional(),
});

/** Options of `contracts.update`. */
export type UpdateOptions = z.input<typeof UpdateOptionsSchema>;

/** Input of `contracts.create`. */
export type ContractInput = z.input<typeof ContractInputSchema>;
/** Validated input of `contracts.create`. */
export type ParsedContractInput = z.output<typeof ContractInputSchema>;

/** A free-text reason of a move. */
export const Reason = z.string().trim().min(1).max(1000);

/** What `contracts.transition` takes. */
export const TransitionInputSchema = z.strictObject({
  to: z.enum(CONTRACT_STATUSES),
  reason: Reason.optional(),
  /** Refuse (conflict) when the contract is no longer at this version. */
  expectedVersion: z.int().min(1).optional(),
});

/** Input of `contracts.transition`. */
export type TransitionInput = z.input<typeof TransitionInputSchema>;

/** What `contracts.renew` takes. */
export const RenewInputSchema = z.strictObject({
  reason: Reason.optional(),
  expectedVersion: z.int().min(1).optional(),
  /** Length of the follow-up (default: the auto-renewal term, else the length of this contract). */
  renewFor: z.strictObject({ months: z.int().min(1).max(120) }).optional(),
  /** The follow-up's value (default: this contract's). */
  value: ContractValueSchema.optional(),
});

/** Input of `contracts.renew`. */
export type RenewInput = z.input<typeof RenewInputSchema>;

/** What `contracts.attachDocuments` takes. */
export const AttachInputSchema = z.strictObject({
  documentIds: z.array(id).min(1).max(100),
  expectedVersion: z.int().min(1).optional(),
});

/** Options of `contracts.list`. */
export const ContractListSchema = z.strictObject({
  partyId: id.optional(),
  ownerId: id.optional(),
  status: z.enum(CONTRACT_STATUSES).optional(),
  limit: z.int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});

/** Options of `contracts.list`. */
export type ContractListOptions = z.input<typeof ContractListSchema>;
