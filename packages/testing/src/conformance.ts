import {
  type AnyPlugin,
  type CallContext,
  type Crm,
  type Employee,
  PARTICIPATION,
  paramBinder,
  type RegisteredParticipation,
  rowVisibilitySql,
  visibilityOf,
} from '@rapport/core/plugin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withClient } from './admin.js';
import { type OrgFixture, seedOrganisation } from './organisation.js';
import { expectNoSchemaDrift } from './schema-drift.js';
import { createTestCrm, type TestCrm } from './test-crm.js';

/** What a conformance seed gets: the CRM, the organisation, and the party and owner its rows are about. */
export interface ConformanceSeed<P extends readonly AnyPlugin[]> {
  crm: Crm<P>;
  org: OrgFixture;
  /** The party (an organisation owned by `owner`) every seeded row must point at. */
  partyId: string;
  /** The employee who owns the party; rows with an owner column belong to them and are open work. */
  owner: Employee;
}

/** Options of {@link describePluginConformance}. */
export interface ConformanceOptions<Pl extends AnyPlugin, P extends readonly AnyPlugin[]> {
  /** The plugin under test: the tables it declares in `participation` are checked. */
  plugin: Pl;
  /** Every plugin the CRM needs (the plugin under test included), in any order; default `[plugin]`. */
  plugins?: P;
  /**
   * Writes, through the plugin's public API, at least one row of each table the plugin declares,
   * pointing at `partyId` through each declared party link, with `owner` in each employee link and
   * open where an employee link declares open work.
   */
  seed(seed: ConformanceSeed<P>): Promise<void>;
  /** Lists the plugin's records as `ctx` through its public API (checked to be empty for an outsider). */
  list?(crm: Crm<P>, ctx: CallContext): Promise<readonly unknown[]>;
}

/**
 * Registers a vitest suite that checks that a plugin takes part in Rapport's party operations as it
 * declares: its entities agree with its migrated tables; its declarations name real, tenant-isolated
 * columns; another tenant sees none of its
 * rows; an agent who owns nothing sees none of them; a merge moves them to the survivor; a privacy
 * export lists them; an erasure writes the declared values; a deactivation hands the open work over.
 *
 * @example
 * describePluginConformance({
 *   plugin: pipelinePlugin,
 *   seed: async ({ crm, org, partyId, owner }) => { await seedDeal(crm, org.system, partyId, owner.id); },
 *   list: async (crm, ctx) => (await crm.services.deals.list(ctx, {})).items,
 * });
 */
export function describePluginConformance<Pl extends AnyPlugin, const P extends readonly AnyPlugin[] = [Pl]>(
  options: ConformanceOptions<Pl, P>,
): void {
  describe(`${options.plugin.name} conforms to the plugin contract`, () => {
    let env: TestCrm<P>;
    let org: OrgFixture;
    let tables: RegisteredParticipation[];
    let serial = 0;

    beforeAll(async () => {
      // No workers: a seed's jobs must not change the rows while they are checked.
      env = await createTestCrm({
        plugins: (options.plugins ?? [options.plugin]) as unknown as P,
        jobs: { workers: false },
      });
      org = await seedOrganisation(env.crm, 'Conformance');
      tables = env.crm.container
        .resolve(PARTICIPATION)
        .all()
        .filter((t) => t.plugin === options.plugin.name);
    });
    afterAll(() => env?.close());

    const seeded = async (owner: Employee = org.alice): Promise<ConformanceSeed<P>> => {
      serial += 1;
      const { party } = await env.crm.services.parties.create(org.system, {
        kind: 'organization',
        organizationName: `Conformance ${serial}`,
        ownerId: owner.id,
      });
      const seed = { crm: env.crm, org, partyId: party.id, owner };
      await options.seed(seed);
      return seed;
    };
    const count = async (ctx: CallContext, sql: string, params: unknown[]) =>
      env.crm.transaction(ctx, async (tx) => {
        const [row] = await tx.sql<{ n: number }>(`select count(*)::int as n ${sql}`, [
          tx.tenantId,
          ...params,
        ]);
        return row?.n ?? 0;
      });
    const pointingAt = (t: RegisteredParticipation, partyId: string, columns = partyColumns(t)) =>
      count(org.system, `from ${t.table} r where r.tenant_id = $1 and (${orEquals(columns, '$2')})`, [
        partyId,
      ]);

    it('declares its participation on tenant-isolated tables, with party and employee links that are foreign keys', async () => {
      expect(tables.length, 'the plugin declares no participation').toBeGreaterThan(0);
      const declared = new Set(
        env.crm.container
          .resolve(PARTICIPATION)
          .all()
          .map((t) => t.table),
      );
      await withClient(env.database.adminUrl, async (client) => {
        // A table outside core that points at parties but that no plugin declares would be left out
        // of exports and erasures silently.
        const { rows: referencing } = await client.query<{ table: string }>(
          `select distinct c.conrelid::regclass::text as table from pg_constraint c
           where c.contype = 'f' and c.confrelid = to_regclass('core_party') and c.conrelid::regclass::text not like 'core\\_%'`,
        );
        const undeclared = referencing.map((r) => r.table).filter((t) => !declared.has(t));
        expect(undeclared, 'tables pointing at parties without declared participation').toEqual([]);
        for (const t of tables) {
          const { rows } = await client.query<{ rls: boolean; forced: boolean }>(
            'select relrowsecurity as rls, relforcerowsecurity as forced from pg_class where oid = to_regclass($1)',
            [t.table],
          );
          expect(rows[0], `table ${t.table} does not exist`).toBeDefined();
          expect(rows[0]!.rls, `row-level security is off on ${t.table}`).toBe(true);
          const links = [
            ...partyColumns(t).map((column) => ({ column, target: 'core_party' })),
            ...(t.employees ?? []).map((l) => ({ column: l.column, target: 'core_employee' })),
          ];
          for (const { column, target } of links) {
            const fk = await client.query(
              `select 1 from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any(c.conkey)
               where c.contype = 'f' and c.conrelid = to_regclass($1) and c.confrelid = to_regclass($2) and a.attname = $3`,
              [t.table, target, column],
            );
            expect(fk.rowCount, `${t.table}.${column} is no foreign key to ${target}`).toBeGreaterThan(0);
          }
        }
      });
    });

    it('has entities that agree with its migrated tables (no schema drift)', async () => {
      await expectNoSchemaDrift(env.crm);
    });

    it('seeds a row of every declared table, and another tenant sees none of them', async () => {
      const { partyId } = await seeded();
      const other = await seedOrganisation(env.crm, `Other tenant ${Date.now()}`);
      for (const t of tables) {
        expect(await pointingAt(t, partyId), `the seed wrote no row of ${t.table}`).toBeGreaterThan(0);
        // Row-level security must hide every other tenant's rows, whatever the query asks for.
        const foreign = await count(other.system, `from ${t.table} r where r.tenant_id <> $1`, []);
        expect(foreign, `${t.table} leaks to another tenant`).toBe(0);
      }
      if (options.list) expect(await options.list(env.crm, other.system)).toEqual([]);
    });

    it('shows an agent who owns nothing none of its rows', async () => {
      await seeded();
      const outsider = org.as(org.carol);
      for (const t of tables) {
        const n = await env.crm.transaction(outsider, async (tx) => {
          const params: unknown[] = [tx.tenantId];
          const visible = rowVisibilitySql(await visibilityOf(tx), t, 'r', paramBinder(params));
          const [row] = await tx.sql<{ n: number }>(
            `select count(*)::int as n from ${t.table} r where r.tenant_id = $1 and ${visible}`,
            params,
          );
          return row?.n ?? 0;
        });
        expect(n, `an outsider sees rows of ${t.table}`).toBe(0);
      }
      if (options.list) expect(await options.list(env.crm, outsider)).toEqual([]);
    });

    it('moves its rows to the survivor of a merge', async () => {
      const { partyId: mergedId } = await seeded();
      const { partyId: survivorId } = await seeded();
      const before = new Map<string, number>();
      for (const t of tables) before.set(t.table, await pointingAt(t, survivorId));
      await env.crm.services.merges.merge(org.system, { survivorId, mergedId });
      for (const t of tables) {
        expect(await pointingAt(t, mergedId), `rows of ${t.table} still point at the merged party`).toBe(0);
        expect(await pointingAt(t, survivorId)).toBeGreaterThanOrEqual(before.get(t.table)!);
      }
    });

    it('lists its rows in a privacy export', async () => {
      const { partyId } = await seeded();
      const exported = await env.crm.services.privacy.export(org.system, partyId);
      for (const t of tables) {
        const columns = (t.parties ?? []).filter((l) => l.export !== false).map((l) => l.column);
        if (columns.length === 0) continue;
        const rows = exported.sections[t.label];
        expect(Array.isArray(rows), `the export has no section ${t.label}`).toBe(true);
        expect((rows as unknown[]).length).toBe(await pointingAt(t, partyId, columns));
      }
    });

    it('writes the declared values (or removes the rows) when the party is erased', async () => {
      const { partyId } = await seeded();
      await env.crm.services.privacy.erase(org.as(org.admin), partyId, 'conformance check');
      for (const t of tables) {
        for (const link of t.parties ?? []) {
          if (!link.erase) continue;
          if (link.erase === 'delete') {
            expect(await pointingAt(t, partyId, [link.column]), `${t.table} rows were not removed`).toBe(0);
            continue;
          }
          const rows = await env.crm.transaction(org.system, (tx) =>
            tx.sql<Record<string, unknown>>(
              `select ${Object.keys(link.erase === 'delete' ? {} : link.erase!.set).join(', ')} from ${t.table}
               where tenant_id = $1 and ${link.column} = $2`,
              [tx.tenantId, partyId],
            ),
          );
          expect(rows.length).toBeGreaterThan(0);
          for (const row of rows) expect(row).toEqual(normalised(link.erase.set));
        }
      }
    });

    it('hands its open work over to the heir when the owner is deactivated', async () => {
      const leaver = await env.crm.services.employees.create(org.system, {
        name: `Leaver ${serial}`,
        departmentId: org.departments.north,
        role: 'agent',
      });
      await seeded(leaver);
      const open = tables.flatMap((t) =>
        (t.employees ?? []).filter((l) => l.openWork).map((l) => ({ t, l })),
      );
      const openOf = (t: RegisteredParticipation, column: string, where: string) =>
        count(org.system, `from ${t.table} r where r.tenant_id = $1 and r.${column} = $2 and (${where})`, [
          leaver.id,
        ]);
      for (const { t, l } of open)
        expect(await openOf(t, l.column, l.openWork!), `the seed wrote no open ${t.table}`).toBeGreaterThan(
          0,
        );
      await env.crm.services.employees.deactivate(org.as(org.admin), leaver.id, {
        heirId: org.bob.id,
        reason: 'conformance check',
      });
      for (const { t, l } of open)
        expect(await openOf(t, l.column, l.openWork!), `open ${t.table} stayed with the leaver`).toBe(0);
    });
  });
}

function partyColumns(t: RegisteredParticipation): string[] {
  return (t.parties ?? []).map((l) => l.column);
}

function orEquals(columns: readonly string[], placeholder: string): string {
  return columns.map((c) => `r.${c} = ${placeholder}`).join(' or ');
}

/** Declared erasure values as the driver reads them back (dates as ISO strings). */
function normalised(set: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(set).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]),
  );
}
