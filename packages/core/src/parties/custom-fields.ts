import { inject, injectable } from 'tsyringe';
import { z } from 'zod';
import type { CallContext, TxContext } from '../kernel/context.js';
import type { Database } from '../kernel/database.js';
import { InvalidDataError, RapportError } from '../kernel/errors.js';
import { DATABASE } from '../kernel/tokens.js';
import { parse } from '../kernel/validation.js';
import { requireManager } from '../organisation/permissions.js';

/** The types a custom field can have. */
export const CustomFieldType = z.enum(['text', 'number', 'boolean', 'date', 'enum', 'multi_enum']);

/** A custom field of parties, registered by a plugin or defined per tenant at run time. */
export const CustomFieldDefinitionSchema = z
  .object({
    key: z
      .string()
      .regex(/^[a-z][a-zA-Z0-9_]{0,62}$/, 'must start with a lower-case letter; letters, digits, _'),
    type: CustomFieldType,
    label: z.string().trim().min(1).max(100),
    required: z.boolean().default(false),
    allowed: z.array(z.string().min(1).max(100)).min(1).max(500).optional(),
  })
  .refine((d) => !['enum', 'multi_enum'].includes(d.type) || d.allowed !== undefined, {
    message: 'enum fields need their allowed values',
    path: ['allowed'],
  });

/** A custom field definition as given. */
export type CustomFieldDefinitionInput = z.input<typeof CustomFieldDefinitionSchema>;
/** A custom field definition. */
export type CustomFieldDefinition = z.output<typeof CustomFieldDefinitionSchema> & {
  owner: 'plugin' | 'tenant';
};

/**
 * Typed custom fields of parties; plugins add theirs by declaration merging.
 *
 * @example
 * declare module '@rapport/core/plugin' { interface PartyCustomFields { loyaltyTier?: 'gold' | 'silver' } }
 */
// biome-ignore lint/suspicious/noEmptyInterface: extended by declaration merging
export interface PartyCustomFields {}

/** The zod schema of one field's value. */
export function customValueSchema(definition: CustomFieldDefinition): z.ZodType {
  switch (definition.type) {
    case 'text':
      return z.string().max(2000);
    case 'number':
      return z.number().finite();
    case 'boolean':
      return z.boolean();
    case 'date':
      return z.iso.date();
    case 'enum':
      return z.enum(definition.allowed as [string, ...string[]]);
    case 'multi_enum':
      return z.array(z.enum(definition.allowed as [string, ...string[]]));
  }
}

/** The columns of `core_custom_field` a tenant's definition is read from (see {@link tenantFieldOf}). */
export const TENANT_FIELD_COLUMNS = 'key, type, label, required, allowed';

/** A row of {@link TENANT_FIELD_COLUMNS}. */
export interface TenantFieldRow {
  key: string;
  type: z.infer<typeof CustomFieldType>;
  label: string;
  required: boolean;
  allowed: string[] | null;
}

/** A tenant's definition from its row. */
export function tenantFieldOf(row: TenantFieldRow): CustomFieldDefinition {
  return { ...row, allowed: row.allowed ?? undefined, owner: 'tenant' };
}

/**
 * Custom field definitions: those plugins register at setup, and those each tenant defines at run
 * time (stored in `core_custom_field`). Values live in the party's JSONB `custom` column.
 */
@injectable()
export class CustomFieldService {
  private readonly pluginFields = new Map<string, CustomFieldDefinition>();
  /** One array while no field is registered: the validation schema built for it is cached by identity. */
  private pluginList: CustomFieldDefinition[] | undefined;

  constructor(@inject(DATABASE) private readonly db: Database) {}

  /** Registers a field for every tenant; call it from a plugin's `setup`. */
  register(input: CustomFieldDefinitionInput): void {
    const definition = parse(CustomFieldDefinitionSchema, input, 'custom field');
    if (this.pluginFields.has(definition.key)) {
      throw new RapportError('DUPLICATE', `Custom field "${definition.key}" is registered twice`, {
        details: { key: definition.key },
      });
    }
    this.pluginFields.set(definition.key, { ...definition, owner: 'plugin' });
    this.pluginList = undefined;
  }

  /** Defines a field for the context's tenant (managers and administrators). */
  async define(ctx: CallContext, input: CustomFieldDefinitionInput): Promise<CustomFieldDefinition> {
    const definition = parse(CustomFieldDefinitionSchema, input, 'custom field');
    if (this.pluginFields.has(definition.key)) {
      throw new RapportError(
        'DUPLICATE',
        `Custom field "${definition.key}" is already registered by a plugin`,
        {
          details: { key: definition.key },
        },
      );
    }
    return this.db.transaction(ctx, async (tx) => {
      await requireManager(tx);
      const rows = await tx.sql(
        `insert into core_custom_field (tenant_id, key, type, label, required, allowed)
         values ($1, $2, $3, $4, $5, $6) on conflict do nothing returning key`,
        [
          tx.tenantId,
          definition.key,
          definition.type,
          definition.label,
          definition.required,
          JSON.stringify(definition.allowed ?? null),
        ],
      );
      if (rows.length === 0) {
        throw new RapportError('DUPLICATE', `Custom field "${definition.key}" already exists`, {
          details: { key: definition.key },
        });
      }
      return { ...definition, owner: 'tenant' as const };
    });
  }

  /** Every field of the tenant: the plugins' and its own. */
  async list(ctx: CallContext): Promise<CustomFieldDefinition[]> {
    return this.db.transaction(ctx, (tx) => this.definitions(tx));
  }

  /** The fields plugins registered (the same for every tenant; no query). */
  pluginDefinitions(): CustomFieldDefinition[] {
    this.pluginList ??= [...this.pluginFields.values()];
    return this.pluginList;
  }

  /** The definitions in force inside a transaction. */
  async definitions(tx: TxContext): Promise<CustomFieldDefinition[]> {
    const rows = await tx.sql<TenantFieldRow>(
      `select ${TENANT_FIELD_COLUMNS} from core_custom_field where tenant_id = $1 order by key`,
      [tx.tenantId],
    );
    return [...this.pluginFields.values(), ...rows.map(tenantFieldOf)];
  }

  /**
   * Validates custom values (a full set on create, a merged set on update). Unknown keys, wrong types
   * and missing required fields are invalid data with the path `custom.<key>`.
   */
  async validate(
    tx: TxContext,
    values: Record<string, unknown>,
    definitions?: CustomFieldDefinition[],
  ): Promise<Record<string, unknown>> {
    const defs = definitions ?? (await this.definitions(tx));
    return validateCustom(values, defs);
  }
}

const schemas = new WeakMap<readonly CustomFieldDefinition[], { schema: z.ZodType; keys: Set<string> }>();

/** The object schema of a set of definitions, built once per set (imports validate many rows against one). */
function schemaOf(definitions: readonly CustomFieldDefinition[]): { schema: z.ZodType; keys: Set<string> } {
  let cached = schemas.get(definitions);
  if (!cached) {
    const shape: Record<string, z.ZodType> = {};
    for (const def of definitions) {
      const schema = customValueSchema(def);
      shape[def.key] = def.required ? schema : schema.optional();
    }
    cached = { schema: z.object(shape), keys: new Set(Object.keys(shape)) };
    schemas.set(definitions, cached);
  }
  return cached;
}

/** Validates custom values against definitions; see {@link CustomFieldService.validate}. */
export function validateCustom(
  values: Record<string, unknown>,
  definitions: readonly CustomFieldDefinition[],
): Record<string, unknown> {
  const { schema, keys } = schemaOf(definitions);
  const unknown = Object.keys(values)
    .filter((key) => !keys.has(key))
    .map((key) => ({ path: `custom.${key}`, message: 'no such custom field', code: 'unrecognized_keys' }));
  const result = schema.safeParse(values);
  const issues = result.success
    ? []
    : InvalidDataError.fromZod('custom fields', result.error, ['custom']).issues;
  if (unknown.length > 0 || issues.length > 0)
    throw new InvalidDataError('custom fields', [...unknown, ...issues]);
  return Object.fromEntries(
    Object.entries((result.data ?? {}) as Record<string, unknown>).filter(([, v]) => v !== undefined),
  );
}
