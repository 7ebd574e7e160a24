export { quotesMigration } from '../migrations/0004-quotes.js';
export { type OfferResponseLine, QUOTE_ACTIVITY_TYPES } from './activity-types.js';
export { catalogueLookup, type PriceQuote, type PriceSource } from './catalogue-lookup.js';
export { quoteContributions } from './contributions.js';
export {
  type DealLine,
  DealLineService,
  type DealLinesInput,
  DealLinesInputSchema,
} from './deal-line-service.js';
export {
  DealLineEntity,
  QuoteEntity,
  QuoteLineEntity,
  QuoteVersionEntity,
  quoteEntities,
} from './entities/index.js';
export { type QuoteAcceptedEvent, type QuoteStatusChangedEvent, quoteHooks } from './hooks.js';
export {
  type AttachmentPort,
  type ContractsPort,
  type DealsPort,
  type MessagingPort,
  QUOTE_INTEGRATIONS,
  QuoteIntegrations,
} from './integrations.js';
export { canTransition, QUOTE_TRANSITIONS, type QuoteStatus } from './lifecycle.js';
export type { ListedLine, PriceLookup, PriceRequest } from './line-pricing.js';
export { QUOTE_OPTIONS, type QuoteOptions, QuoteOptionsSchema } from './options.js';
export { QUOTE_PARTICIPATION } from './participation.js';
export type { DocumentsPort } from './quote-document.js';
export {
  type AcceptInput,
  type DeclineInput,
  type QuoteInput,
  QuoteInputSchema,
  type QuoteLineInput,
  QuoteLineInputSchema,
  type QuoteListOptions,
  type QuoteRevision,
  QuoteRevisionSchema,
} from './quote-input.js';
export type { QuotePage } from './quote-list.js';
export { fallbackQuoteNumber, type NumberAllocator } from './quote-number.js';
export type { QuoteRenderer, RenderedQuote, SendOptions } from './quote-send.js';
export { QuoteService } from './quote-service.js';
export type { Quote, QuoteLine, QuoteVersion } from './quote-types.js';
export { DEAL_LINE_SERVICE, QUOTE_SERVICE } from './tokens.js';
export { type LineAmounts, lineAmounts, type QuoteTotals, sumAmounts } from './totals.js';
