import type { Readable } from 'node:stream';
import { inject, injectable } from 'tsyringe';
import { type CallContext, isTxContext } from '../kernel/context.js';
import type { Database } from '../kernel/database.js';
import { InvalidDataError } from '../kernel/errors.js';
import { DATABASE } from '../kernel/tokens.js';
import { parse } from '../kernel/validation.js';
import type { CustomFieldService } from './custom-fields.js';
import { DuplicatePartyError } from './duplicates-error.js';
import type { BatchPlan } from './import-classify.js';
import { csvError, csvRecords } from './import-csv.js';
import { compileMapping, identityMapper } from './import-mapping.js';
import type { RowMapper, SourceRow } from './import-mapping-types.js';
import { ImportRelations } from './import-relations.js';
import { ImportReport } from './import-report.js';
import {
  explainIssues,
  externalKeysOf,
  type ImportItem,
  type PreparedBatch,
  prepareRows,
} from './import-rows.js';
import { PartyStatistics } from './import-statistics.js';
import {
  type ImportCsvOptions,
  type ImportMatch,
  type ImportOptions,
  ImportOptionsSchema,
  type ImportResult,
} from './import-types.js';
import { ImportConflictError, knownExternalKeys, writeBatch } from './import-writer.js';
import { PARTY_OPTIONS, type PartyOptions } from './options.js';
import type { PrepareOptions } from './prepare.js';
import type { RelationshipService } from './relationship-service.js';
import { sharedDomainOverrides } from './shared-domain-settings.js';
import { CUSTOM_FIELD_SERVICE, RELATIONSHIP_SERVICE } from './tokens.js';

/** Attempts per batch when concurrent writers keep taking its keys. */
const MAX_ATTEMPTS = 8;

type Settings = ReturnType<typeof ImportOptionsSchema.parse>;

/** An import, ready to run: its options, compiled mapping and relations, and how rows are prepared. */
interface Started {
  settings: Settings;
  mapper: RowMapper;
  relations: ImportRelations | undefined;
  prepare: PrepareOptions;
}

/**
 * Bulk import of parties from CSV files or any (async) iterable of rows: mapping, normalisation,
 * dedup against the base and within the file, per-row errors, idempotent external keys, progress.
 * Rows stream through in batches (one transaction each), so memory stays flat whatever the size.
 */
@injectable()
export class PartyImportService {
  constructor(
    @inject(DATABASE) private readonly db: Database,
    @inject(CUSTOM_FIELD_SERVICE) private readonly customFields: CustomFieldService,
    @inject(PARTY_OPTIONS) private readonly options: PartyOptions,
    @inject(RELATIONSHIP_SERVICE) private readonly relationships: RelationshipService,
  ) {}

  /**
   * Imports rows from an array, a generator or any async iterable. Without a mapping each row is a
   * party input with an optional `externalKey`. Batches already committed stay if it fails midway.
   *
   * @example
   * const { counts, errors } = await crm.services.imports.importRows(ctx, rows, {
   *   source: 'legacy-erp',
   *   mapping: { kind: 'person', givenName: 'first', familyName: 'last', email: 'mail', externalKey: 'id' },
   *   onProgress: (p) => console.log(`${p.read} rows, ${p.created} new`),
   * });
   */
  async importRows(
    ctx: CallContext,
    rows: Iterable<SourceRow> | AsyncIterable<SourceRow>,
    options: ImportOptions,
  ): Promise<ImportResult> {
    const started = await this.start(ctx, options);
    return this.run(ctx, rows, started);
  }

  /**
   * Imports a CSV file (a path or a readable stream) whose first line names the columns. The file is
   * streamed; a mapped column missing from the header is refused before any row is written.
   *
   * @example
   * const result = await crm.services.imports.importCsv(ctx, './customers.csv', {
   *   source: 'shop', mapping: { kind: 'person', givenName: 'First Name', email: 'E-mail', externalKey: 'CustomerNo' },
   * });
   */
  async importCsv(
    ctx: CallContext,
    source: Readable | string,
    options: ImportCsvOptions,
  ): Promise<ImportResult> {
    if (options?.mapping === undefined)
      throw new InvalidDataError('import options', [
        { path: 'mapping', message: 'required for CSV', code: 'invalid_type' },
      ]);
    const started = await this.start(ctx, options);
    const records = csvRecords(source, {
      delimiter: options.delimiter,
      encoding: options.encoding,
      columns: started.mapper.columns,
    });
    try {
      return await this.run(ctx, records, started);
    } catch (error) {
      throw csvError(error, source);
    }
  }

  private async start(ctx: CallContext, options: ImportOptions) {
    const settings = parse(ImportOptionsSchema, options, 'import options');
    const relations = ImportRelations.compile(settings.relate, settings.source, settings.maxReported);
    const { customFields, sharedDomains, types } = await this.db.transaction(ctx, async (tx) => ({
      customFields: await this.customFields.definitions(tx),
      sharedDomains: await sharedDomainOverrides(tx),
      types: settings.relate ? await this.relationships.symmetryIn(tx) : new Map<string, boolean>(),
    }));
    const unknown = (settings.relate ?? []).flatMap((r, i) =>
      types.has(r.type)
        ? []
        : [
            {
              path: `relate.${i}.type`,
              message: `unknown relationship type "${r.type}"`,
              code: 'invalid_value',
            },
          ],
    );
    if (unknown.length > 0) throw new InvalidDataError('import options', unknown);
    const mapper = settings.mapping ? compileMapping(settings.mapping, customFields) : identityMapper;
    return {
      settings,
      mapper,
      relations,
      prepare: {
        defaultRegion: this.options.defaultRegion,
        customFields,
        strict: settings.strict,
        sharedDomains,
      },
    };
  }

  /**
   * Validates batch N+1 in memory while batch N is being written, so CPU work and the database
   * overlap; only one batch is ever in flight, which keeps memory bounded.
   */
  private async run(
    ctx: CallContext,
    rows: Iterable<SourceRow> | AsyncIterable<SourceRow>,
    { settings, mapper, relations, prepare }: Started,
  ): Promise<ImportResult> {
    const report = new ImportReport(settings.maxReported);
    const statistics = await PartyStatistics.start(this.db, ctx);
    let pending: Promise<void> | undefined;
    let next = 1;
    try {
      for await (const chunk of batches(rows, settings.batchSize)) {
        settings.signal?.throwIfAborted();
        const known = await this.known(ctx, settings.source, externalKeysOf(chunk, mapper));
        const batch = prepareRows(chunk, next, mapper, prepare, known);
        next += chunk.length;
        await pending;
        settings.signal?.throwIfAborted();
        pending = this.commit(ctx, batch, { settings, mapper, relations, prepare }, report).then(() =>
          statistics.grown(report.progress().created),
        );
        // Awaited on the next turn; until then this keeps Node from calling a failure unhandled.
        pending.catch(() => {});
      }
      await pending;
    } catch (error) {
      // Let the batch in flight finish (or fail) before reporting, so nothing commits after we return.
      await Promise.allSettled([pending]);
      throw error;
    }
    const result = report.result();
    if (!relations) return result;
    settings.signal?.throwIfAborted();
    const relationships = await relations.write(this.db, ctx, (tx) => this.relationships.symmetryIn(tx));
    return { ...result, relationships };
  }

  private async commit(
    ctx: CallContext,
    batch: PreparedBatch,
    { settings, mapper, relations }: Started,
    report: ImportReport,
  ): Promise<void> {
    const plan = await this.write(ctx, batch.items, settings);
    if (relations) {
      for (const k of batch.known) relations.collect(k.row, k.externalKey, k.partyId, k.source);
      for (const { item, partyId } of [
        ...plan.create.map((item) => ({ item, partyId: item.party.id })),
        ...plan.link,
        ...plan.unchanged,
      ])
        relations.collect(item.row, item.externalKey, partyId, item.source);
      await relations.flush(this.db, ctx, (tx) => this.relationships.symmetryIn(tx));
    }
    const failed = plan.failed.map(({ item, issues }) => ({
      row: item.row,
      externalKey: item.externalKey,
      issues: explainIssues(issues, item.source, mapper),
    }));
    const errors = [...batch.errors, ...failed].sort((a, b) => a.row - b.row);
    // Contact data kept but flagged: a warning on the row, with the column it came from.
    for (const item of [...plan.create, ...plan.link.map((l) => l.item)])
      item.warnings = explainIssues(item.party.warnings, item.source, mapper);
    const rows = report.add({ read: batch.read, known: batch.known, plan, errors });
    if (settings.onRow) for (const row of rows) await settings.onRow(row);
    await settings.onProgress?.(report.progress());
  }

  /**
   * External keys imported before, looked up before a batch is validated so that re-running a big
   * import skips its done rows cheaply. Only a shortcut: the batch's transaction checks again.
   */
  private async known(ctx: CallContext, source: string, keys: string[]): Promise<Map<string, string>> {
    if (keys.length === 0) return new Map();
    return this.db.transaction(ctx, (tx) => knownExternalKeys(tx, source, keys));
  }

  /** Writes a batch in one transaction; redoes it when a concurrent writer took one of its keys. */
  private async write(
    ctx: CallContext,
    items: readonly ImportItem[],
    settings: Settings,
  ): Promise<BatchPlan> {
    if (items.length === 0) return { create: [], link: [], unchanged: [], duplicates: [], failed: [] };
    const forced = new Map<number, ImportMatch[]>();
    const rowOf = new Map(items.map((item) => [item.party.id, item.row]));
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction(ctx, (tx) =>
          writeBatch(tx, items, { source: settings.source, onDuplicate: settings.onDuplicate, forced }),
        );
      } catch (error) {
        const retry = error instanceof ImportConflictError || error instanceof DuplicatePartyError;
        // Inside the caller's own transaction a rollback would undo their work too: report instead.
        if (!retry || attempt >= MAX_ATTEMPTS || isTxContext(ctx)) throw error;
        for (const { claimantId, ...match } of error instanceof ImportConflictError ? error.conflicts : []) {
          const row = rowOf.get(claimantId);
          if (row !== undefined) forced.set(row, [...(forced.get(row) ?? []), match]);
        }
      }
    }
  }
}

/** Groups rows into arrays of `size`, pulling from the source only as fast as batches are taken. */
async function* batches(
  rows: Iterable<SourceRow> | AsyncIterable<SourceRow>,
  size: number,
): AsyncGenerator<SourceRow[]> {
  let batch: SourceRow[] = [];
  for await (const row of rows) {
    batch.push(row);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
