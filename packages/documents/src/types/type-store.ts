import { InvalidDataError, type TxContext } from '@rapport/core/plugin';
import { uuidv7 } from 'uuidv7';
import { defaultNumberFormat } from '../numbering/number-format.js';
import type { DocumentTypeDefaults } from './type-defaults.js';
import { BUILT_IN_STATUSES, type DocumentType, type ParsedDocumentType } from './type-input.js';

const columns = [
  'id',
  'key',
  'name',
  'numberFormat',
  'period',
  'statuses',
  'createdAt',
  'updatedAt',
] as const;

type TypeRow = Pick<DocumentType, 'id' | 'key' | 'name' | 'period' | 'createdAt' | 'updatedAt'> & {
  numberFormat: string | null;
  statuses: string[];
};

/** The stored row as the API shows it: the format in force and every status. */
export function toDocumentType(row: TypeRow): DocumentType {
  return {
    ...row,
    numberFormat: row.numberFormat ?? defaultNumberFormat(row.period),
    statuses: [...new Set([...BUILT_IN_STATUSES, ...row.statuses])],
  };
}

/** Creates the type, or updates the one with the same key (name, format, period, statuses). */
export async function upsertType(tx: TxContext, type: ParsedDocumentType): Promise<DocumentType> {
  const row = await tx.db
    .insertInto('DocumentType')
    .values({
      tenantId: tx.tenantId,
      id: uuidv7(),
      key: type.key,
      name: type.name,
      numberFormat: type.numberFormat ?? null,
      period: type.period,
      statuses: type.statuses,
    })
    .onConflict((oc) =>
      oc.columns(['tenantId', 'key']).doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        numberFormat: eb.ref('excluded.numberFormat'),
        period: eb.ref('excluded.period'),
        statuses: eb.ref('excluded.statuses'),
        updatedAt: new Date(),
      })),
    )
    .returning(columns)
    .executeTakeFirstOrThrow();
  return toDocumentType(row);
}

/** The tenant's types, by key. */
export async function listTypes(tx: TxContext): Promise<DocumentType[]> {
  const rows = await tx.db
    .selectFrom('DocumentType')
    .select(columns)
    .where('tenantId', '=', tx.tenantId)
    .orderBy('key')
    .execute();
  return rows.map(toDocumentType);
}

/**
 * The tenant's type with this key; a type a plugin declared is created in the tenant on first use.
 * A key nobody defined is invalid data naming `path`.
 */
export async function resolveType(
  tx: TxContext,
  defaults: DocumentTypeDefaults,
  key: string,
  path = 'type',
): Promise<DocumentType> {
  const row = await tx.db
    .selectFrom('DocumentType')
    .select(columns)
    .where('tenantId', '=', tx.tenantId)
    .where('key', '=', key)
    .executeTakeFirst();
  if (row) return toDocumentType(row);
  const declared = defaults.get(key);
  if (!declared)
    throw new InvalidDataError('document', [
      {
        path,
        message: `no document type "${key}" in this tenant (define it with documents.defineType)`,
        code: 'not_found',
      },
    ]);
  // Two first uses at once: the loser's insert does nothing, and both read the one row.
  await tx.db
    .insertInto('DocumentType')
    .values({
      tenantId: tx.tenantId,
      id: uuidv7(),
      key: declared.key,
      name: declared.name,
      numberFormat: declared.numberFormat ?? null,
      period: declared.period,
      statuses: declared.statuses,
    })
    .onConflict((oc) => oc.columns(['tenantId', 'key']).doNothing())
    .execute();
  return resolveType(tx, defaults, key, path);
}
