import type { CallContext, TxContext } from '../kernel/context.js';
import type { Database } from '../kernel/database.js';
import { type FieldIssue, InvalidDataError } from '../kernel/errors.js';
import { type Compiled, compileSource } from './import-mapping.js';
import type { SourceRow } from './import-mapping-types.js';
import type { ImportRelation, ImportRelationshipsResult, ImportRowError } from './import-types.js';
import { type RelateItem, relateItems } from './relationship-bulk.js';

/** Relationships written per transaction at the end of an import. */
const CHUNK = 10_000;

interface CompiledRelation {
  type: string;
  toSource: string;
  direction: 'outgoing' | 'incoming';
  /** Reads the other party's external key or id; `column` names the column for errors. */
  target: Compiled & { by: 'key' | 'id'; path: string };
}

/** One relationship a row asked for, kept until the rows are written. */
interface Pending {
  row: number;
  externalKey: string | null;
  partyId: string;
  relation: number;
  value: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The `relate` option of an import: collects, for each written (or known) row, the relationships its
 * columns ask for. After each batch, those whose other party already exists are written at once
 * ({@link flush}); only the ones naming a row further down the file wait for the end ({@link write}),
 * so memory holds the forward references, not every relationship of a million-row file. Keys are
 * resolved and relationships written set-based, {@link CHUNK} per transaction; what cannot be
 * written is an error on its row, naming the `relate` entry and its column.
 */
export class ImportRelations {
  /** Collected since the last flush. */
  private fresh: Pending[] = [];
  /** Whose other party did not exist yet at their flush: retried once, at the end. */
  private readonly deferred: Pending[] = [];
  private readonly result: ImportRelationshipsResult = { created: 0, failed: 0, errors: [] };

  private constructor(
    private readonly relations: CompiledRelation[],
    private readonly max: number,
  ) {}

  /** Compiles the option; a bad entry is an invalid-data error naming `relate.<i>`. */
  static compile(
    relations: ReadonlyArray<ImportRelation & { direction: 'outgoing' | 'incoming' }> | undefined,
    source: string,
    max: number,
  ): ImportRelations | undefined {
    if (!relations || relations.length === 0) return undefined;
    const issues: FieldIssue[] = [];
    const compiled = relations.flatMap((r, i) => {
      const by = r.toKey !== undefined ? 'key' : 'id';
      const path = `relate.${i}.${by === 'key' ? 'toKey' : 'toId'}`;
      const target = compileSource(by === 'key' ? r.toKey : r.toId, path, issues);
      return target
        ? [
            {
              type: r.type,
              toSource: r.toSource ?? source,
              direction: r.direction,
              target: { ...target, by, path },
            },
          ]
        : [];
    });
    if (issues.length > 0) throw new InvalidDataError('import options', issues);
    return new ImportRelations(compiled as CompiledRelation[], max);
  }

  /** Notes what a row whose party is `partyId` asks for (blank cells ask for nothing). */
  collect(row: number, externalKey: string | null, partyId: string, source: SourceRow): void {
    this.relations.forEach((relation, i) => {
      const value = relation.target.get(source);
      if (value === undefined) return;
      this.fresh.push({ row, externalKey, partyId, relation: i, value: String(value) });
    });
  }

  /** Writes the relationships collected since the last flush whose other party exists; defers the rest. */
  async flush(db: Database, ctx: CallContext, types: (tx: TxContext) => Promise<Map<string, boolean>>) {
    const fresh = this.fresh;
    this.fresh = [];
    await this.writeAll(db, ctx, types, fresh, true);
  }

  /** Writes every relationship still waiting; a key that names nobody now is an error on its row. */
  async write(db: Database, ctx: CallContext, types: (tx: TxContext) => Promise<Map<string, boolean>>) {
    await this.flush(db, ctx, types);
    await this.writeAll(db, ctx, types, this.deferred.splice(0), false);
    return this.result;
  }

  private async writeAll(
    db: Database,
    ctx: CallContext,
    types: (tx: TxContext) => Promise<Map<string, boolean>>,
    pending: readonly Pending[],
    deferMissing: boolean,
  ): Promise<void> {
    for (let start = 0; start < pending.length; start += CHUNK) {
      const chunk = pending.slice(start, start + CHUNK);
      const errors = await db.transaction(ctx, async (tx) =>
        this.writeChunk(tx, chunk, await types(tx), deferMissing),
      );
      this.result.failed += errors.length;
      for (const error of errors) if (this.result.errors.length < this.max) this.result.errors.push(error);
    }
  }

  private async writeChunk(
    tx: TxContext,
    all: readonly Pending[],
    types: Map<string, boolean>,
    deferMissing: boolean,
  ): Promise<ImportRowError[]> {
    const resolved = await this.resolve(tx, all);
    const chunk: Pending[] = [];
    const targets: Array<string | undefined> = [];
    all.forEach((p, i) => {
      // A key naming nobody yet may name a row further down the file: tried again at the end.
      if (deferMissing && resolved[i] === undefined && this.relations[p.relation]!.target.by === 'key')
        this.deferred.push(p);
      else {
        chunk.push(p);
        targets.push(resolved[i]);
      }
    });
    if (chunk.length === 0) return [];
    const preIssues = new Map<number, FieldIssue[]>();
    const items: Array<RelateItem | null> = chunk.map((p, i) => {
      const relation = this.relations[p.relation]!;
      const other = targets[i];
      const issue = (message: string, code: string) => preIssues.set(i, [{ path: `${i}`, message, code }]);
      if (other === undefined) {
        if (relation.target.by === 'key')
          issue(`no party has key "${p.value}" of source "${relation.toSource}"`, 'not_found');
        else issue(`"${p.value}" is not a party id`, 'invalid_format');
        return null;
      }
      if (other === p.partyId) {
        issue('a party cannot be related to itself', 'custom');
        return null;
      }
      const [fromId, toId] = relation.direction === 'outgoing' ? [p.partyId, other] : [other, p.partyId];
      return { type: relation.type, fromId, toId };
    });
    const written = await relateItems(tx, items, types, 'skip', preIssues);
    this.result.created += written.created;
    return written.results
      .filter((r) => r.status === 'failed')
      .map((r) => {
        const p = chunk[r.index]!;
        const { target } = this.relations[p.relation]!;
        return {
          row: p.row,
          externalKey: p.externalKey,
          issues: r.issues.map((issue) => ({
            ...issue,
            path: target.path,
            ...(target.column !== undefined ? { column: target.column } : {}),
          })),
        };
      })
      .sort((a, b) => a.row - b.row);
  }

  /** The party each pending relationship points to: external keys looked up in one statement. */
  private async resolve(tx: TxContext, chunk: readonly Pending[]): Promise<Array<string | undefined>> {
    const keyed = chunk.filter((p) => this.relations[p.relation]!.target.by === 'key');
    const sources = keyed.map((p) => this.relations[p.relation]!.toSource);
    const rows =
      keyed.length === 0
        ? []
        : await tx.sql<{ source: string; key: string; party_id: string }>(
            // A primary-key lookup per key (lateral), whatever the table's statistics say.
            `select t.s as source, t.v as key, k.party_id
             from (select distinct s, v from unnest($2::text[], $3::text[]) as t(s, v)) t
             cross join lateral (
               select k.party_id from core_party_external_key k where k.tenant_id = $1 and k.source = t.s and k.key = t.v
             ) k`,
            [tx.tenantId, sources, keyed.map((p) => p.value)],
          );
    const byKey = new Map(rows.map((r) => [`${r.source}\u0000${r.key}`, r.party_id]));
    return chunk.map((p) => {
      const relation = this.relations[p.relation]!;
      if (relation.target.by === 'key') return byKey.get(`${relation.toSource}\u0000${p.value}`);
      return UUID.test(p.value) ? p.value.toLowerCase() : undefined;
    });
  }
}
