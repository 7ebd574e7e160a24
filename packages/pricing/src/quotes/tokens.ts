import type { InjectionToken } from '@rapport/core/plugin';
import type { DealLineService } from './deal-line-service.js';
import type { QuoteService } from './quote-service.js';

/** Token of the {@link QuoteService} (`crm.services.quotes`). */
export const QUOTE_SERVICE: InjectionToken<QuoteService> = Symbol('rapport.pricing.quotes');

/** Token of the {@link DealLineService} (`crm.services.dealLines`). */
export const DEAL_LINE_SERVICE: InjectionToken<DealLineService> = Symbol('rapport.pricing.dealLines');
