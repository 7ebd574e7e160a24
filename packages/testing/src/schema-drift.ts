import { type AnyPlugin, type Crm, ORM } from '@rapport/core/plugin';

/**
 * The SQL MikroORM would run to turn the migrated database into the schema its entities describe;
 * empty when entities and migrations agree. Run it after `crm.migrate()`.
 *
 * @example
 * expect(await schemaDrift(crm)).toBe('');
 */
export async function schemaDrift(crm: Pick<Crm<readonly AnyPlugin[]>, 'container'>): Promise<string> {
  const orm = crm.container.resolve(ORM);
  const sql = await orm.schema.getUpdateSchemaSQL({ wrap: false, safe: false, dropTables: true });
  return sql.trim();
}

/**
 * Fails with the pending SQL when an entity and the migrations disagree (a column, type, default,
 * key, check, index or table that exists on one side only).
 *
 * @example
 * await expectNoSchemaDrift(crm);
 */
export async function expectNoSchemaDrift(crm: Pick<Crm<readonly AnyPlugin[]>, 'container'>): Promise<void> {
  const drift = await schemaDrift(crm);
  if (drift !== '') {
    throw new Error(`The entities and the migrated database disagree; MikroORM would run:\n${drift}`);
  }
}
