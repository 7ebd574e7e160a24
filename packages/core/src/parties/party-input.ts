import { z } from 'zod';
import { ContactPointInputSchema } from './contact-points.js';

/** Roles a party can hold; several at once, each dated. Integrators may use their own role names. */
export const PartyRole = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{1,40}$/, 'must be a lower-case role key');

/** The lifecycle of a prospect: lead → qualified → customer, or lost with a reason. */
export const Lifecycle = z.enum(['lead', 'qualified', 'customer', 'lost']);
/** The lifecycle of a prospect. */
export type Lifecycle = z.infer<typeof Lifecycle>;

const uuid = z.uuid();
const name = z.string().trim().min(1).max(200);

/** Consent given or withdrawn for one channel. */
export const ConsentInputSchema = z.object({
  channel: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z][a-z0-9_-]{1,30}$/),
  status: z.enum(['opted_in', 'opted_out']),
  /** Where it was given: a web form, a call, an unsubscribe link… */
  source: z.string().trim().max(200).optional(),
  at: z.coerce.date().optional(),
});
/** Consent given or withdrawn for one channel. */
export type ConsentInput = z.input<typeof ConsentInputSchema>;

/** An important date: month and day (year optional), for greetings. */
export const PartyDateInputSchema = z
  .object({
    kind: z.enum(['birthday', 'anniversary', 'custom']),
    label: z.string().trim().max(100).optional(),
    month: z.int().min(1).max(12),
    day: z.int().min(1).max(31),
    year: z.int().min(1800).max(3000).optional(),
  })
  .refine((d) => d.day <= new Date(Date.UTC(d.year ?? 2000, d.month, 0)).getUTCDate(), {
    message: 'no such day in that month',
    path: ['day'],
  })
  .refine((d) => d.kind !== 'custom' || Boolean(d.label), {
    message: 'a custom date needs a label',
    path: ['label'],
  });
/** An important date. */
export type PartyDateInput = z.input<typeof PartyDateInputSchema>;

/** A role given on create: a role key, or a contact person of an organisation. */
export const RoleInputSchema = z.union([
  PartyRole,
  z.object({ role: PartyRole, organizationId: uuid.optional() }),
]);

const fields = {
  givenName: name.optional(),
  familyName: name.optional(),
  organizationName: name.optional(),
  legalName: name.optional(),
  displayName: name.optional(),
  taxNumber: z.string().trim().min(2).max(40).optional(),
  registrationNumber: z.string().trim().min(2).max(40).optional(),
  locale: z
    .string()
    .trim()
    .regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'must be a locale like "en" or "de-AT"')
    .optional(),
  ownerId: uuid.optional(),
  teamId: uuid.optional(),
  source: z
    .object({
      channel: z.string().trim().max(100).optional(),
      campaign: z.string().trim().max(200).optional(),
      referrerId: uuid.optional(),
    })
    .optional(),
  tags: z.array(z.string().trim().toLowerCase().min(1).max(50)).max(100).optional(),
  custom: z.record(z.string(), z.unknown()).optional(),
};

/** The input of `parties.create`. */
export const PartyInputSchema = z
  .object({
    kind: z.enum(['person', 'organization']),
    ...fields,
    lifecycle: Lifecycle.exclude(['lost']).optional(),
    roles: z.array(RoleInputSchema).max(20).optional(),
    contactPoints: z.array(ContactPointInputSchema).max(50).optional(),
    consents: z.array(ConsentInputSchema).max(20).optional(),
    dates: z.array(PartyDateInputSchema).max(20).optional(),
  })
  .superRefine((p, ctx) => {
    if (p.kind === 'person' && !p.givenName && !p.familyName && !p.displayName) {
      ctx.addIssue({
        code: 'custom',
        path: ['familyName'],
        message: 'a person needs a given name, family name or display name',
      });
    }
    if (p.kind === 'organization' && !p.organizationName && !p.displayName) {
      ctx.addIssue({ code: 'custom', path: ['organizationName'], message: 'an organization needs a name' });
    }
  });
/** The input of `parties.create`. */
export type PartyInput = z.input<typeof PartyInputSchema>;
/** The validated input of `parties.create`, as hooks see it. */
export type ParsedPartyInput = z.output<typeof PartyInputSchema>;

/** The input of `parties.update`: any field but the owner (see `ownership.assign`); `null` clears an optional one. */
export const PartyPatchSchema = z.object({
  givenName: name.nullable().optional(),
  familyName: name.nullable().optional(),
  organizationName: name.nullable().optional(),
  legalName: name.nullable().optional(),
  displayName: name.optional(),
  taxNumber: fields.taxNumber.nullable(),
  registrationNumber: fields.registrationNumber.nullable(),
  locale: fields.locale.nullable(),
  teamId: uuid.nullable().optional(),
  source: fields.source,
  tags: fields.tags,
  custom: fields.custom,
});
/** The input of `parties.update`. */
export type PartyPatch = z.input<typeof PartyPatchSchema>;
/** The validated input of `parties.update`, as hooks see it. */
export type ParsedPartyPatch = z.output<typeof PartyPatchSchema>;
