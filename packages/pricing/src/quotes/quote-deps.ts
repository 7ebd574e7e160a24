import type { CrmHooks, JournalService } from '@rapport/core/plugin';
import type { QuoteIntegrations } from './integrations.js';
import type { QuoteOptions } from './options.js';

/** What quote commands need besides the transaction. */
export interface QuoteDeps {
  hooks: Readonly<CrmHooks>;
  journal: JournalService;
  options: QuoteOptions;
  integrations: QuoteIntegrations;
}

/** `date` plus `days` calendar days (`YYYY-MM-DD`). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
