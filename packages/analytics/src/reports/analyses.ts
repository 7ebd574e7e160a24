import type { CallContext, InjectionToken, z } from '@rapport/core/plugin';

/** Resolves a service from the CRM's container. */
export type Resolve = <T>(token: InjectionToken<T>) => T;

/** An analysis a saved report can run: its input schema, and how to run it from the container. */
export interface ReportAnalysis {
  /** The report's `analysis` value, e.g. `query`, `abc`, `rfm`. */
  key: string;
  label: string;
  /** Validates the saved definition (when saved, copied and run). */
  schema: z.ZodType;
  /** Runs the analysis for the caller on a definition the schema accepted. */
  run(resolve: Resolve, ctx: CallContext, input: unknown): Promise<unknown>;
}

/** Declares an analysis saved reports can run; list it in `reports/catalogue.ts`. */
export function defineReportAnalysis(analysis: ReportAnalysis): ReportAnalysis {
  return analysis;
}
