import type { Database, SqlRunner } from './database.js';
import { PluginError } from './errors.js';

/** What a function migration receives. */
export interface MigrationApi {
  /** Runs SQL (with `$1` placeholders) in the migration's transaction. */
  sql: SqlRunner;
}

/** One migration of a package: SQL text, or a function for steps that need logic. */
export interface Migration {
  /** Unique within the package and sortable, e.g. `0001_parties`. */
  name: string;
  up: string | ((api: MigrationApi) => Promise<void>);
}

/** A migration that ran. */
export interface AppliedMigration {
  plugin: string;
  name: string;
  appliedAt: Date;
}

/** A migration not yet applied. */
export interface PendingMigration {
  plugin: string;
  name: string;
}

/**
 * SQL that puts a table behind row-level security: rows are visible and writable only when their
 * `tenant_id` equals the transaction's `app.tenant_id` setting — also for the table's owner.
 */
export function tenantIsolationSql(table: string): string {
  const current = `nullif(current_setting('app.tenant_id', true), '')::uuid`;
  return `
alter table ${table} enable row level security;
alter table ${table} force row level security;
create policy ${table}_tenant_isolation on ${table}
  using (tenant_id = ${current}) with check (tenant_id = ${current});`;
}

const LOCK_KEY = 726_177_001;

/**
 * Applies each package's migrations in plugin dependency order, one transaction per migration,
 * under an advisory lock so concurrent `migrate()` calls from several processes apply each once.
 */
export class Migrator {
  constructor(
    private readonly db: Database,
    private readonly packages: ReadonlyArray<{ plugin: string; migrations: readonly Migration[] }>,
  ) {
    for (const { plugin, migrations } of packages) {
      const seen = new Set<string>();
      for (const m of migrations) {
        if (seen.has(m.name)) {
          throw new PluginError(`Plugin ${plugin} has two migrations named "${m.name}"`, {
            plugins: [plugin],
          });
        }
        seen.add(m.name);
      }
    }
  }

  /** Migrations not applied yet, in the order `migrate()` would apply them. */
  async pending(): Promise<PendingMigration[]> {
    const applied = await this.db.withoutTenant(async (sql) => {
      await this.ensureTable(sql);
      return this.appliedKeys(sql);
    });
    return this.all().filter((m) => !applied.has(key(m.plugin, m.name)));
  }

  /** Applies every pending migration and returns those it applied (none when up to date). */
  async migrate(): Promise<AppliedMigration[]> {
    const done: AppliedMigration[] = [];
    for (const { plugin, migration } of this.allWithBody()) {
      const applied = await this.db.withoutTenant(async (sql) => {
        await this.ensureTable(sql);
        const rows = await sql('select 1 from core_migration where plugin = $1 and name = $2', [
          plugin,
          migration.name,
        ]);
        if (rows.length > 0) return undefined;
        if (typeof migration.up === 'string') await sql(migration.up);
        else await migration.up({ sql });
        const [row] = await sql<{ applied_at: string }>(
          'insert into core_migration (plugin, name) values ($1, $2) returning applied_at',
          [plugin, migration.name],
        );
        return { plugin, name: migration.name, appliedAt: new Date(row!.applied_at) };
      });
      if (applied) done.push(applied);
    }
    return done;
  }

  private all(): PendingMigration[] {
    return this.allWithBody().map(({ plugin, migration }) => ({ plugin, name: migration.name }));
  }

  private allWithBody(): { plugin: string; migration: Migration }[] {
    return this.packages.flatMap(({ plugin, migrations }) =>
      migrations.map((migration) => ({ plugin, migration })),
    );
  }

  /** Takes the migration lock for the transaction, then creates the ledger table if missing. */
  private async ensureTable(sql: SqlRunner): Promise<void> {
    await sql('select pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await sql(`create table if not exists core_migration (
      plugin text not null,
      name text not null,
      applied_at timestamptz not null default now(),
      primary key (plugin, name))`);
  }

  private async appliedKeys(sql: SqlRunner): Promise<Set<string>> {
    const rows = await sql<{ plugin: string; name: string }>('select plugin, name from core_migration');
    return new Set(rows.map((r) => key(r.plugin, r.name)));
  }
}

function key(plugin: string, name: string): string {
  return `${plugin}\u0000${name}`;
}
