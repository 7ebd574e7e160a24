import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type CallContext, inject, injectable } from '@rapport/core/plugin';
import type { ReportService } from '../reports/report-service.js';
import { REPORT_SERVICE } from '../tokens.js';
import { toCsv } from './csv.js';
import { resultTable } from './result-tables.js';
import { writeXlsx } from './xlsx.js';

/** An export format. */
export type ExportFormat = 'csv' | 'xlsx';

/**
 * Exports of saved reports' results to CSV (RFC 4180) and XLSX, streamed. `crm.services.exports`.
 * Any result can also be exported directly with `toCsv` / `writeXlsx` and `resultTable`.
 */
@injectable()
export class ExportService {
  constructor(@inject(REPORT_SERVICE) private readonly reports: ReportService) {}

  /**
   * Runs a saved report as the actor and writes its result to `stream` as CSV or XLSX.
   *
   * @example
   * await crm.services.exports.report(ctx, reportId, 'xlsx', createWriteStream('sales.xlsx'));
   */
  async report(
    ctx: CallContext,
    reportId: string,
    format: ExportFormat,
    stream: Writable,
    changes: Record<string, unknown> = {},
  ): Promise<void> {
    const run = await this.reports.run(ctx, reportId, changes);
    const table = resultTable(run.report.analysis, run.result, run.report.name);
    if (format === 'xlsx') return writeXlsx(table, stream);
    await pipeline(toCsv(table), stream);
  }
}
