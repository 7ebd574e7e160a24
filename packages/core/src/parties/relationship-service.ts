import { inject, injectable } from 'tsyringe';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import type { CallContext, TxContext } from '../kernel/context.js';
import type { Database } from '../kernel/database.js';
import { type FieldIssue, InvalidDataError, NotFoundError, RapportError } from '../kernel/errors.js';
import { DATABASE } from '../kernel/tokens.js';
import { parse, requireIds } from '../kernel/validation.js';
import { assertVisible } from '../organisation/access.js';
import { lockParty, requireParty } from './party-access.js';
import { recordHistory } from './party-writer.js';
import {
  assertRelateManySize,
  type RelateManyOptions,
  type RelateManyResult,
  relateItems,
} from './relationship-bulk.js';

/** A type of relationship between two parties, read in both directions. */
export const RelationshipTypeSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{1,40}$/, 'must be a lower-case key'),
  /** How the relationship reads from the first party: "works at". */
  label: z.string().trim().min(1).max(100),
  /** How it reads from the second party: "employs". Same as `label` when symmetric. */
  inverseLabel: z.string().trim().min(1).max(100),
  symmetric: z.boolean().default(false),
});
/** A relationship type. */
export type RelationshipType = z.output<typeof RelationshipTypeSchema>;

/** The relationship types every CRM has. */
export const BUILT_IN_RELATIONSHIP_TYPES: readonly RelationshipType[] = [
  { key: 'works_at', label: 'works at', inverseLabel: 'employs', symmetric: false },
  { key: 'spouse_of', label: 'is the spouse of', inverseLabel: 'is the spouse of', symmetric: true },
  { key: 'referred', label: 'referred', inverseLabel: 'was referred by', symmetric: false },
  { key: 'subsidiary_of', label: 'is a subsidiary of', inverseLabel: 'is the parent of', symmetric: false },
];

const OnExistingSchema = z.enum(['error', 'skip']).default('error');

const RelateSchema = z
  .object({
    type: z.string().min(1),
    fromId: z.uuid(),
    toId: z.uuid(),
    validFrom: z.iso.date().optional(),
    validTo: z.iso.date().optional(),
    note: z.string().trim().max(1000).optional(),
  })
  .refine((r) => r.fromId !== r.toId, { message: 'a party cannot be related to itself', path: ['toId'] })
  .refine((r) => !r.validFrom || !r.validTo || r.validFrom <= r.validTo, {
    message: 'ends before it starts',
    path: ['validTo'],
  });

/** A relationship as seen from one party. */
export interface RelationshipView {
  id: string;
  type: string;
  /** The label read from this party's side. */
  label: string;
  direction: 'outgoing' | 'incoming';
  otherPartyId: string;
  otherDisplayName: string;
  validFrom: string | null;
  validTo: string | null;
  note: string | null;
  ended: boolean;
}

/** Typed, dated relationships between parties, visible from both sides. */
@injectable()
export class RelationshipService {
  private readonly pluginTypes = new Map<string, RelationshipType>(
    BUILT_IN_RELATIONSHIP_TYPES.map((t) => [t.key, t]),
  );

  constructor(@inject(DATABASE) private readonly db: Database) {}

  /** Registers a relationship type for every tenant; call it from a plugin's `setup`. */
  register(input: z.input<typeof RelationshipTypeSchema>): void {
    const type = parse(RelationshipTypeSchema, input, 'relationship type');
    if (this.pluginTypes.has(type.key))
      throw new RapportError('DUPLICATE', `Relationship type "${type.key}" exists`, {
        details: { key: type.key },
      });
    this.pluginTypes.set(type.key, type);
  }

  /** Defines a relationship type for the context's tenant. */
  async defineType(
    ctx: CallContext,
    input: z.input<typeof RelationshipTypeSchema>,
  ): Promise<RelationshipType> {
    const type = parse(RelationshipTypeSchema, input, 'relationship type');
    if (this.pluginTypes.has(type.key))
      throw new RapportError('DUPLICATE', `Relationship type "${type.key}" exists`, {
        details: { key: type.key },
      });
    return this.db.transaction(ctx, async (tx) => {
      const rows = await tx.sql(
        `insert into core_relationship_type (tenant_id, key, label, inverse_label, is_symmetric) values ($1, $2, $3, $4, $5)
         on conflict do nothing returning key`,
        [tx.tenantId, type.key, type.label, type.inverseLabel, type.symmetric],
      );
      if (rows.length === 0)
        throw new RapportError('DUPLICATE', `Relationship type "${type.key}" exists`, {
          details: { key: type.key },
        });
      return type;
    });
  }

  /** Every relationship type of the tenant. */
  async types(ctx: CallContext): Promise<RelationshipType[]> {
    return this.db.transaction(ctx, (tx) => this.allTypes(tx));
  }

  /** Relates two parties; an active relationship of the same type between them is a duplicate. */
  async relate(ctx: CallContext, input: z.input<typeof RelateSchema>): Promise<RelationshipView> {
    const r = parse(RelateSchema, input, 'relationship');
    return this.db.transaction(ctx, async (tx) => {
      const type = (await this.allTypes(tx)).find((t) => t.key === r.type);
      if (!type)
        throw new InvalidDataError('relationship', [
          { path: 'type', message: `unknown relationship type "${r.type}"`, code: 'invalid_value' },
        ]);
      // Lock both parties in id order so two concurrent relates cannot deadlock or both pass the check.
      const [first, second] = [r.fromId, r.toId].sort();
      await lockParty(tx, first!);
      await lockParty(tx, second!);
      const existing = await tx.sql(
        `select id from core_relationship where tenant_id = $1 and type = $2 and ended_at is null
           and ((from_party_id = $3 and to_party_id = $4) or ($5 and from_party_id = $4 and to_party_id = $3))`,
        [tx.tenantId, type.key, r.fromId, r.toId, type.symmetric],
      );
      if (existing.length > 0)
        throw new RapportError('DUPLICATE', 'These parties are already related this way', {
          details: { type: type.key },
        });
      const id = uuidv7();
      await tx.sql(
        `insert into core_relationship (tenant_id, id, type, from_party_id, to_party_id, valid_from, valid_to, note)
         values ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [tx.tenantId, id, type.key, r.fromId, r.toId, r.validFrom ?? null, r.validTo ?? null, r.note ?? null],
      );
      await recordHistory(tx, [
        {
          partyId: r.fromId,
          operation: 'relate',
          changes: { relationship: [null, { type: type.key, to: r.toId }] },
        },
        {
          partyId: r.toId,
          operation: 'relate',
          changes: { relationship: [null, { type: type.key, from: r.fromId }] },
        },
      ]);
      const view = (await this.viewsOf(tx, r.fromId, true)).find((v) => v.id === id);
      return view!;
    });
  }

  /**
   * Relates many pairs of parties in a fixed number of statements (not one call each): every item is
   * checked (type, parties exist and are visible, not already related this way) and reported at its
   * index; the valid ones are written, the others are not. At most 50,000 items per call.
   *
   * @example
   * const { created, results } = await crm.services.relationships.relateMany(ctx, contacts.map((c) => ({
   *   type: 'works_at', fromId: c.partyId, toId: c.companyId,
   * })));
   */
  async relateMany(
    ctx: CallContext,
    inputs: ReadonlyArray<z.input<typeof RelateSchema>>,
    options: RelateManyOptions = {},
  ): Promise<RelateManyResult> {
    if (!Array.isArray(inputs))
      throw new InvalidDataError('relationships', [
        { path: '', message: 'must be an array', code: 'invalid_type' },
      ]);
    assertRelateManySize(inputs.length);
    const onExisting = parse(OnExistingSchema, options.onExisting, 'relateMany options');
    const issues = new Map<number, FieldIssue[]>();
    const items = inputs.map((input, i) => {
      const parsed = RelateSchema.safeParse(input);
      if (parsed.success)
        return {
          ...parsed.data,
          fromId: parsed.data.fromId.toLowerCase(),
          toId: parsed.data.toId.toLowerCase(),
        };
      issues.set(i, InvalidDataError.fromZod('relationship', parsed.error, [i]).issues);
      return null;
    });
    return this.db.transaction(ctx, async (tx) => {
      return relateItems(tx, items, await this.symmetryIn(tx), onExisting, issues);
    });
  }

  /** Ends a relationship (kept, dated). */
  async end(ctx: CallContext, relationshipId: string, options: { validTo?: string } = {}): Promise<void> {
    requireIds('relationship', { relationshipId });
    const { validTo } = parse(z.object({ validTo: z.iso.date().optional() }), options, 'end of relationship');
    await this.db.transaction(ctx, async (tx) => {
      const [row] = await tx.sql<{ from_party_id: string; to_party_id: string; type: string }>(
        `update core_relationship set ended_at = now(), valid_to = coalesce($3::date, valid_to, current_date)
         where tenant_id = $1 and id = $2 and ended_at is null returning from_party_id, to_party_id, type`,
        [tx.tenantId, relationshipId, validTo ?? null],
      );
      if (!row) throw new NotFoundError('Relationship', relationshipId);
      await assertVisible(tx, [row.from_party_id, row.to_party_id]);
      await recordHistory(tx, [
        {
          partyId: row.from_party_id,
          operation: 'end_relationship',
          changes: { relationship: [{ type: row.type, to: row.to_party_id }, null] },
        },
        {
          partyId: row.to_party_id,
          operation: 'end_relationship',
          changes: { relationship: [{ type: row.type, from: row.from_party_id }, null] },
        },
      ]);
    });
  }

  /** A party's relationships in both directions, with the label read from its side. */
  async listFor(
    ctx: CallContext,
    partyId: string,
    options: { includeEnded?: boolean } = {},
  ): Promise<RelationshipView[]> {
    return this.db.transaction(ctx, async (tx) => {
      await requireParty(tx, partyId);
      return this.viewsOf(tx, partyId, options.includeEnded ?? false);
    });
  }

  private async viewsOf(tx: TxContext, partyId: string, includeEnded: boolean): Promise<RelationshipView[]> {
    const types = new Map((await this.allTypes(tx)).map((t) => [t.key, t]));
    const rows = await tx.sql<{
      id: string;
      type: string;
      outgoing: boolean;
      other_id: string;
      other_name: string;
      valid_from: string | null;
      valid_to: string | null;
      note: string | null;
      ended_at: string | null;
    }>(
      `select r.id, r.type, r.from_party_id = $2 as outgoing, o.id as other_id, o.display_name as other_name,
         r.valid_from::text, r.valid_to::text, r.note, r.ended_at
       from core_relationship r
       join core_party o on o.tenant_id = r.tenant_id and o.id = case when r.from_party_id = $2 then r.to_party_id else r.from_party_id end
       where r.tenant_id = $1 and (r.from_party_id = $2 or r.to_party_id = $2) and ($3 or r.ended_at is null)
       order by r.id`,
      [tx.tenantId, partyId, includeEnded],
    );
    return rows.map((r) => {
      const type = types.get(r.type);
      return {
        id: r.id,
        type: r.type,
        label: (r.outgoing ? type?.label : type?.inverseLabel) ?? r.type,
        direction: r.outgoing ? 'outgoing' : 'incoming',
        otherPartyId: r.other_id,
        otherDisplayName: r.other_name,
        validFrom: r.valid_from,
        validTo: r.valid_to,
        note: r.note,
        ended: r.ended_at !== null,
      };
    });
  }

  /** Whether each relationship type of the transaction's tenant is symmetric, by key (for bulk writers). */
  async symmetryIn(tx: TxContext): Promise<Map<string, boolean>> {
    return new Map((await this.allTypes(tx)).map((t) => [t.key, t.symmetric]));
  }

  private async allTypes(tx: TxContext): Promise<RelationshipType[]> {
    const rows = await tx.sql<{ key: string; label: string; inverse_label: string; symmetric: boolean }>(
      'select key, label, inverse_label, is_symmetric as symmetric from core_relationship_type where tenant_id = $1 order by key',
      [tx.tenantId],
    );
    return [
      ...this.pluginTypes.values(),
      ...rows.map((r) => ({
        key: r.key,
        label: r.label,
        inverseLabel: r.inverse_label,
        symmetric: r.symmetric,
      })),
    ];
  }
}
