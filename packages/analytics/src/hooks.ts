import type { HooksOf, TxContext } from '@rapport/core/plugin';
import { defineHooks, series } from '@rapport/core/plugin';
import type { SavedReport } from './reports/report.js';

/** Payload of `reportSaved`: a report was created, changed or copied (`basedOn` for a copy). */
export interface ReportSavedEvent {
  report: SavedReport;
  kind: 'created' | 'updated' | 'copied';
}

/**
 * The hooks the analytics plugin offers, declared once. One hook per line: the agents' pay
 * (`src/pay/`) adds its own here.
 */
export const analyticsHooks = defineHooks({
  /** A report definition was saved (inside the transaction). */
  reportSaved: series<[ReportSavedEvent, TxContext]>('event', 'tx'),
});

// Declaration merging: these hooks join core's `CrmHooks`.
declare module '@rapport/core/plugin' {
  interface CrmHooks extends HooksOf<typeof analyticsHooks> {}
}
