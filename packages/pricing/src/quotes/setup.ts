import type { AnyPlugin, SetupApi } from '@rapport/core/plugin';
import { QUOTE_INTEGRATIONS, QuoteIntegrations } from './integrations.js';
import { QUOTE_OPTIONS, type QuoteOptions } from './options.js';
import { QUOTE_VERSION_TERMS } from './participation.js';

/**
 * The quotes' part of the pricing plugin's setup: registers the options and the integrations with
 * what is installed, and the tap
 * that blanks an erased party's quote terms.
 */
export function setupQuotes(api: SetupApi<unknown>, options: QuoteOptions): QuoteIntegrations {
  api.container.registerInstance(QUOTE_OPTIONS, options);
  const integrations = new QuoteIntegrations(api.plugins as readonly AnyPlugin[], api.container);
  api.container.registerInstance(QUOTE_INTEGRATIONS, integrations);
  api.tap('partyErasing', async (event, tx) => {
    await tx.sql(QUOTE_VERSION_TERMS, [tx.tenantId, event.partyId]);
  });
  return integrations;
}
