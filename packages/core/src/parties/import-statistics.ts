import type { CallContext } from '../kernel/context.js';
import type { Database } from '../kernel/database.js';

/** Never refresh for fewer parties than this: small tables plan well enough. */
const MIN_ROWS = 1000;

/**
 * Keeps PostgreSQL's statistics of `core_party` current while an import grows it. Foreign-key
 * checks reuse plans made when the table was small (or never analyzed), which then scan the whole
 * table for every inserted contact point and identity key: the import slows down quadratically until
 * autovacuum catches up. Analyzing each time the import has doubled the table keeps every check an
 * index lookup, at the cost of about log2(rows) short ANALYZE runs.
 */
export class PartyStatistics {
  private constructor(
    private readonly db: Database,
    private readonly ctx: CallContext,
    private readonly initial: number,
    private analyzedAt: number,
  ) {}

  /** Reads the table's current row estimate (-1 when never analyzed). */
  static async start(db: Database, ctx: CallContext): Promise<PartyStatistics> {
    const [row] = await db.transaction(ctx, (tx) =>
      tx.sql<{ tuples: number }>(
        `select reltuples::float8 as tuples from pg_class where oid = 'core_party'::regclass`,
      ),
    );
    const initial = Math.max(row?.tuples ?? 0, 0);
    return new PartyStatistics(db, ctx, initial, Math.max(initial, MIN_ROWS / 2));
  }

  /**
   * Called after each committed batch with the parties this import created so far. A role that does
   * not own the table gets a warning from PostgreSQL, not an error: the import goes on regardless.
   */
  async grown(created: number): Promise<void> {
    const estimate = this.initial + created;
    if (estimate < 2 * this.analyzedAt) return;
    this.analyzedAt = estimate;
    await this.db.transaction(this.ctx, (tx) => tx.sql('analyze core_party'));
  }
}
