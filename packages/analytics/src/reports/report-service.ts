import {
  type CallContext,
  CONTAINER,
  ConflictError,
  type CrmHooks,
  DATABASE,
  type Database,
  DuplicateError,
  HOOKS,
  type InjectionToken,
  inject,
  injectable,
  NotAllowedError,
  NotFoundError,
  parse,
  pgErrorOf,
  requireIds,
  sql,
  sqlFragment,
  type TxContext,
} from '@rapport/core/plugin';
import { uuidv7 } from 'uuidv7';
import { invalidField, requireDepartmentFound } from '../shared/checks.js';
import { REPORT_ANALYSES } from './catalogue.js';
import {
  REPORT_COLUMNS,
  type ReportCopy,
  ReportCopySchema,
  type ReportInput,
  ReportInputSchema,
  type ReportPatch,
  ReportPatchSchema,
  type SavedReport,
} from './report.js';
import { readableReportsSql, requireReportEditor } from './report-access.js';

/** A report run: the saved definition and the analysis' result. */
export interface ReportRun {
  report: SavedReport;
  /** The definition actually run (the saved one with any `changes` merged over it). */
  definition: Record<string, unknown>;
  result: unknown;
}

/**
 * Saved reports: analysis definitions saved per user, shared with a department, re-run and varied.
 * `crm.services.reports`.
 */
@injectable()
export class ReportService {
  constructor(
    @inject(DATABASE) private readonly db: Database,
    @inject(CONTAINER) private readonly container: { resolve<T>(token: InjectionToken<T>): T },
    @inject(HOOKS) private readonly hooks: Readonly<CrmHooks>,
  ) {}

  /**
   * Saves a report owned by the acting employee (a system process: no owner, administrators only).
   *
   * @example
   * const report = await crm.services.reports.save(ctx, { name: 'Sales by agent', analysis: 'query', chart: 'bar',
   *   definition: { measures: ['revenue'], dimensions: ['employee'], filters: { period: { last: 'month' } } } });
   * const { result } = await crm.services.reports.run(ctx, report.id);
   */
  async save(ctx: CallContext, input: ReportInput): Promise<SavedReport> {
    const r = parse(ReportInputSchema, input, 'report');
    const definition = checkDefinition(r.analysis, r.definition);
    return this.db.transaction(ctx, async (tx) => {
      if (r.departmentId) await requireDepartmentFound(tx, r.departmentId, 'departmentId');
      const report = await this.insert(tx, {
        name: r.name,
        description: r.description ?? null,
        analysis: r.analysis,
        definition,
        chart: r.chart,
        departmentId: r.departmentId ?? null,
        basedOnId: null,
      });
      await this.hooks.reportSaved.promise({ report, kind: 'created' }, tx);
      return report;
    });
  }

  /** A report the actor may read. */
  async get(ctx: CallContext, id: string): Promise<SavedReport> {
    requireIds('report', { id });
    return this.db.transaction(ctx, (tx) => this.load(tx, id));
  }

  /** The reports the actor may read (own, their reports', shared with their department), by name. */
  async list(ctx: CallContext): Promise<SavedReport[]> {
    return this.db.transaction(ctx, async (tx) => {
      const params: unknown[] = [tx.tenantId];
      const readable = await readableReportsSql(tx, params);
      return tx.db
        .selectFrom('AnalyticsReport as r')
        .select(REPORT_COLUMNS.map((c) => `r.${c}` as const))
        .where('r.tenantId', '=', tx.tenantId)
        .where(sqlFragment<boolean>(readable, params))
        .orderBy(['r.name', 'r.id'])
        .execute() as Promise<SavedReport[]>;
    });
  }

  /** Changes a report: its owner, the owner's managers and administrators only. */
  async update(ctx: CallContext, id: string, patch: ReportPatch): Promise<SavedReport> {
    requireIds('report', { id });
    const p = parse(ReportPatchSchema, patch, 'report changes');
    return this.db.transaction(ctx, async (tx) => {
      const current = await this.load(tx, id, true);
      await requireReportEditor(tx, current);
      if (p.version !== undefined && p.version !== current.version)
        throw new ConflictError(`Report ${id} was changed meanwhile (version ${current.version})`, {
          details: { id, version: current.version },
        });
      if (p.departmentId) await requireDepartmentFound(tx, p.departmentId, 'departmentId');
      const definition =
        p.definition === undefined ? undefined : checkDefinition(current.analysis, p.definition);
      const report = await tx.db
        .updateTable('AnalyticsReport')
        .set({
          ...(p.name === undefined ? {} : { name: p.name }),
          ...(p.description === undefined ? {} : { description: p.description }),
          ...(definition === undefined ? {} : { definition }),
          ...(p.chart === undefined ? {} : { chart: p.chart }),
          ...(p.departmentId === undefined ? {} : { departmentId: p.departmentId }),
          version: sql<number>`version + 1`,
          updatedAt: sql<Date>`now()`,
        })
        .where('tenantId', '=', tx.tenantId)
        .where('id', '=', id)
        .returning(REPORT_COLUMNS)
        .executeTakeFirstOrThrow()
        .catch((error: unknown) => {
          throw pgErrorOf(error)?.code === '23505' ? duplicateName(p.name ?? current.name) : error;
        });
      await this.hooks.reportSaved.promise({ report: report as SavedReport, kind: 'updated' }, tx);
      return report as SavedReport;
    });
  }

  /** Deletes a report (copies keep their `basedOnId`); who may is as for {@link update}. */
  async remove(ctx: CallContext, id: string): Promise<void> {
    requireIds('report', { id });
    await this.db.transaction(ctx, async (tx) => {
      await requireReportEditor(tx, await this.load(tx, id, true));
      await tx.sql('delete from analytics_report where tenant_id = $1 and id = $2', [tx.tenantId, id]);
    });
  }

  /**
   * Copies a report the actor may read into one of their own, with changes merged over the
   * definition's top-level keys (another period, one more dimension): "the same, but…".
   */
  async copy(ctx: CallContext, id: string, input: ReportCopy): Promise<SavedReport> {
    requireIds('report', { id });
    const c = parse(ReportCopySchema, input, 'report copy');
    return this.db.transaction(ctx, async (tx) => {
      const source = await this.load(tx, id);
      const definition = checkDefinition(source.analysis, { ...source.definition, ...c.changes }, 'changes');
      if (c.departmentId) await requireDepartmentFound(tx, c.departmentId, 'departmentId');
      const report = await this.insert(tx, {
        name: c.name,
        description: source.description,
        analysis: source.analysis,
        definition,
        chart: c.chart ?? source.chart,
        departmentId: c.departmentId ?? null,
        basedOnId: source.id,
      });
      await this.hooks.reportSaved.promise({ report, kind: 'copied' }, tx);
      return report;
    });
  }

  /**
   * Runs a saved report (as the actor: the result covers what they may see), optionally with changes
   * merged over its definition without saving them.
   */
  async run(ctx: CallContext, id: string, changes: Record<string, unknown> = {}): Promise<ReportRun> {
    requireIds('report', { id });
    const report = await this.db.transaction(ctx, (tx) => this.load(tx, id));
    const definition = checkDefinition(report.analysis, { ...report.definition, ...changes }, 'changes');
    const analysis = REPORT_ANALYSES.get(report.analysis)!;
    const result = await analysis.run((token) => this.container.resolve(token), ctx, definition);
    return { report, definition, result };
  }

  private async insert(
    tx: TxContext,
    values: Omit<SavedReport, 'id' | 'ownerId' | 'version' | 'createdAt' | 'updatedAt'>,
  ): Promise<SavedReport> {
    const ownerId = tx.actor.kind === 'employee' ? tx.actor.id : null;
    const report = await tx.db
      .insertInto('AnalyticsReport')
      .values({ tenantId: tx.tenantId, id: uuidv7(), ownerId, ...values })
      .returning(REPORT_COLUMNS)
      .executeTakeFirstOrThrow()
      .catch((error: unknown) => {
        throw pgErrorOf(error)?.code === '23505' ? duplicateName(values.name) : error;
      });
    return report as SavedReport;
  }

  private async load(tx: TxContext, id: string, lock = false): Promise<SavedReport> {
    const params: unknown[] = [tx.tenantId, id];
    const readable = await readableReportsSql(tx, params);
    const [row] = await tx.sql<{ id: string; readable: boolean }>(
      `select r.id, ${readable} as readable from analytics_report r where r.tenant_id = $1 and r.id = $2${lock ? ' for update' : ''}`,
      params,
    );
    if (!row) throw new NotFoundError('Report', id);
    if (!row.readable) throw new NotAllowedError(`Not allowed to read report ${id}`, { reportId: id });
    return (await tx.db
      .selectFrom('AnalyticsReport')
      .select(REPORT_COLUMNS)
      .where('tenantId', '=', tx.tenantId)
      .where('id', '=', id)
      .executeTakeFirstOrThrow()) as SavedReport;
  }
}

/** Validates a definition against its analysis' schema; unknown analyses are invalid data. */
function checkDefinition(
  analysis: string,
  definition: Record<string, unknown>,
  field = 'definition',
): Record<string, unknown> {
  const spec = REPORT_ANALYSES.get(analysis);
  if (!spec)
    throw invalidField(
      'report',
      'analysis',
      `unknown analysis ${analysis}; known: ${[...REPORT_ANALYSES.keys()].join(', ')}`,
    );
  parse(spec.schema, definition, `report ${field}`);
  return definition;
}

function duplicateName(name: string): DuplicateError {
  return new DuplicateError(`You already have a report named "${name}"`, {
    fields: ['name'],
    details: { name },
  });
}
