import { z } from 'zod';
import { type FieldIssue, InvalidDataError } from '../kernel/errors.js';
import { assertSafeText } from '../kernel/validation.js';
import { CurrencySchema } from '../values/money.js';
import { isStorableDate } from '../values/time.js';
import type { ActivityType, ActivityTypeMap } from './activity-types.js';
import { checkLines } from './money-lines.js';

const decimal = z
  .union([z.string().trim(), z.number().refine(Number.isFinite, 'must be finite').transform(String)])
  .pipe(z.string().regex(/^-?\d{1,16}(\.\d{1,4})?$/, 'must be an exact decimal with at most 4 decimals'));

/** A date that fits a timestamp column (years 1–9999). */
const storableDate = z.coerce.date().refine(isStorableDate, 'must be a valid date in the years 0001–9999');

/** A UUID in PostgreSQL's own (lower-case) spelling, so ids compare equal to those read back. */
const id = z.uuid().transform((value) => value.toLowerCase());

/** The fields every entry can carry; the type's schema validates `data`. */
export const RecordInputSchema = z.object({
  /**
   * The entry's id, when the caller must refer to it before it is written (a row of its own that
   * points to the entry, written in the same transaction); a UUID no entry has. Default: a new UUIDv7.
   */
  id: id.optional(),
  type: z.string().min(1),
  occurredAt: storableDate.optional(),
  /** Who did it; defaults to the acting employee. */
  employeeId: id.optional(),
  parties: z
    .array(
      z.object({
        partyId: id,
        role: z
          .string()
          .trim()
          .regex(/^[a-z][a-z0-9_]{1,40}$/)
          .default('customer'),
      }),
    )
    .min(1)
    .max(100),
  subject: z
    .object({
      type: z
        .string()
        .trim()
        .regex(/^[a-z][a-z0-9_.-]{1,60}$/),
      id: z.uuid(),
    })
    .optional(),
  direction: z.enum(['inbound', 'outbound']).optional(),
  durationSeconds: z.int().min(0).max(31_536_000).optional(),
  outcome: z.string().trim().min(1).max(500).optional(),
  amount: decimal.optional(),
  currency: CurrencySchema.optional(),
  notes: z.string().max(20_000).optional(),
  data: z.unknown().optional(),
  /** Makes recording idempotent: the same external id twice records one entry. */
  externalId: z.string().trim().min(1).max(300).optional(),
  status: z.enum(['planned', 'done', 'cancelled']).optional(),
  assigneeId: id.optional(),
  dueAt: storableDate.optional(),
  /** For planned work: remind the assignee this many minutes before it is due. */
  remindMinutesBefore: z.int().min(0).max(525_600).optional(),
});

/** What `journal.record` takes; `data` is typed by the entry's type. */
export type RecordInput<K extends string = string> = Omit<
  z.input<typeof RecordInputSchema>,
  'type' | 'data' | 'parties'
> & {
  type: K;
  /** Read-only arrays (`as const` inputs) are accepted: the input is never changed. */
  parties: ReadonlyArray<z.input<typeof RecordInputSchema>['parties'][number]>;
  data?: K extends keyof ActivityTypeMap ? ActivityTypeMap[K] : unknown;
};

/** A validated entry, ready to be written. */
export type ParsedRecord = Omit<z.output<typeof RecordInputSchema>, 'data'> & {
  data: Record<string, unknown>;
};

/** Options of {@link validateRecord}. */
export interface ValidateRecordOptions {
  /**
   * The data was blanked by an erasure (a correction of an erased person's entry that does not
   * change the data): it is kept as it is instead of being checked against the type's schema.
   */
  erasedData?: boolean;
}

/**
 * Validates an entry against its type: the data against the type's schema, the amount, direction
 * and planning fields against its traits. Every problem is one field issue; none is written.
 */
export function validateRecord(
  input: unknown,
  typeOf: (key: string) => ActivityType | undefined,
  prefix: PropertyKey[] = [],
  options: ValidateRecordOptions = {},
): ParsedRecord {
  assertSafeText(input, 'activity', prefix);
  const base = RecordInputSchema.safeParse(input);
  if (!base.success) throw InvalidDataError.fromZod('activity', base.error, prefix);
  const entry = base.data;
  const at = (path: string) => [...prefix.map(String), path].join('.');
  const issues: FieldIssue[] = [];
  const type = typeOf(entry.type);
  if (!type)
    throw new InvalidDataError('activity', [
      { path: at('type'), message: `unknown activity type "${entry.type}"`, code: 'invalid_value' },
    ]);
  const data = options.erasedData
    ? ({ success: true, data: entry.data ?? {} } as const)
    : type.schema.safeParse(entry.data ?? {});
  let values = (data.success ? data.data : {}) as Record<string, unknown>;
  if (!data.success) issues.push(...dataIssues(data.error, [...prefix, 'data']));
  const { amount, direction, plannable } = type.traits;
  if (type.traits.lines && data.success && Array.isArray(values.items) && !options.erasedData) {
    const checked = checkLines(values.items as Parameters<typeof checkLines>[0], entry, at);
    issues.push(...checked.issues);
    values = { ...values, items: checked.lines };
  }
  if (amount === 'required' && entry.amount === undefined)
    issues.push({ path: at('amount'), message: `a ${type.key} needs an amount`, code: 'custom' });
  if (!amount && entry.amount !== undefined)
    issues.push({ path: at('amount'), message: `a ${type.key} has no amount`, code: 'custom' });
  if ((entry.amount === undefined) !== (entry.currency === undefined)) {
    issues.push({
      path: at('currency'),
      message: 'an amount needs a currency and a currency an amount',
      code: 'custom',
    });
  }
  let resolvedDirection = entry.direction;
  if (direction === 'inbound' || direction === 'outbound') {
    if (entry.direction && entry.direction !== direction)
      issues.push({ path: at('direction'), message: `a ${type.key} is ${direction}`, code: 'custom' });
    resolvedDirection = direction;
  } else if (direction === 'required' && !entry.direction) {
    issues.push({ path: at('direction'), message: `a ${type.key} needs a direction`, code: 'custom' });
  } else if (!direction && entry.direction) {
    issues.push({ path: at('direction'), message: `a ${type.key} has no direction`, code: 'custom' });
  }
  const planning = entry.status !== undefined || entry.assigneeId !== undefined || entry.dueAt !== undefined;
  if (planning && !plannable)
    issues.push({ path: at('status'), message: `a ${type.key} cannot be planned`, code: 'custom' });
  if (entry.status === 'planned' && !entry.dueAt)
    issues.push({ path: at('dueAt'), message: 'planned work needs a due time', code: 'custom' });
  if (entry.remindMinutesBefore !== undefined && entry.status !== 'planned') {
    issues.push({
      path: at('remindMinutesBefore'),
      message: 'only planned work has reminders',
      code: 'custom',
    });
  }
  if (issues.length > 0) throw new InvalidDataError('activity', issues);
  return { ...entry, direction: resolvedDirection, data: values };
}

/**
 * The data's issues with their paths; an unknown key is one issue on its own path (`data.items.0.discont`),
 * so the caller sees which field was not taken instead of losing it silently.
 */
function dataIssues(error: z.ZodError, prefix: PropertyKey[]): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path].map(String);
    if (issue.code !== 'unrecognized_keys')
      return [{ path: path.join('.'), message: issue.message, code: issue.code }];
    return issue.keys.map((key) => ({
      path: [...path, key].join('.'),
      message: 'is not a field of this activity type',
      code: 'unrecognized_keys',
    }));
  });
}
