import { z } from '@rapport/core/plugin';

/** How a report is meant to be drawn (the client draws it; the server only keeps the choice). */
export const CHART_KINDS = [
  'table',
  'bar',
  'stacked_bar',
  'line',
  'area',
  'pie',
  'funnel',
  'map',
  'scatter',
] as const;
/** A chart kind. */
export type ChartKind = (typeof CHART_KINDS)[number];

/** A saved report definition. */
export interface SavedReport {
  id: string;
  name: string;
  description: string | null;
  /** Which analysis it runs: `query` (the query shape) or a named analysis (`abc`, `rfm`…). */
  analysis: string;
  /** The analysis input, validated against that analysis' schema when saved and when run. */
  definition: Record<string, unknown>;
  chart: ChartKind;
  /** Who saved it (null: a system process). */
  ownerId: string | null;
  /** Shared with everyone in this department and the departments below it. */
  departmentId: string | null;
  /** The report this one was copied from. */
  basedOnId: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const name = z.string().trim().min(1).max(200);

/** Input of `reports.save`. */
export const ReportInputSchema = z.strictObject({
  name,
  description: z.string().trim().max(2000).optional(),
  analysis: z.string().min(1).max(100),
  definition: z.record(z.string(), z.unknown()),
  chart: z.enum(CHART_KINDS).default('table'),
  departmentId: z.uuid().nullable().optional(),
});
/** What `reports.save` accepts. */
export type ReportInput = z.input<typeof ReportInputSchema>;

/** Input of `reports.update`; `definition` replaces the saved one. */
export const ReportPatchSchema = z.strictObject({
  name: name.optional(),
  description: z.string().trim().max(2000).nullable().optional(),
  definition: z.record(z.string(), z.unknown()).optional(),
  chart: z.enum(CHART_KINDS).optional(),
  departmentId: z.uuid().nullable().optional(),
  /** The version read: a concurrent change in between is a conflict. */
  version: z.int().min(1).optional(),
});
/** What `reports.update` accepts. */
export type ReportPatch = z.input<typeof ReportPatchSchema>;

/** Input of `reports.copy`: the copy's name, and changes merged over the definition (top-level keys). */
export const ReportCopySchema = z.strictObject({
  name,
  changes: z.record(z.string(), z.unknown()).default({}),
  chart: z.enum(CHART_KINDS).optional(),
  departmentId: z.uuid().nullable().optional(),
});
/** What `reports.copy` accepts. */
export type ReportCopy = z.input<typeof ReportCopySchema>;

/** The columns of a {@link SavedReport}, by property name (`tx.db`). */
export const REPORT_COLUMNS = [
  'id',
  'name',
  'description',
  'analysis',
  'definition',
  'chart',
  'ownerId',
  'departmentId',
  'basedOnId',
  'version',
  'createdAt',
  'updatedAt',
] as const;
