import type { InjectionToken } from '@rapport/core/plugin';
import type { CatalogueService } from './catalogue/catalogue-service.js';
import type { PriceListService } from './prices/price-list-service.js';
import type { PriceService } from './prices/price-service.js';
import type { SaleLineService } from './sales/sale-line-service.js';
import type { AssociationRuleService } from './suggestions/rules-service.js';
import type { SuggestionService } from './suggestions/suggestion-service.js';

/** Token of the {@link CatalogueService} (`crm.services.catalogue`). */
export const CATALOGUE_SERVICE: InjectionToken<CatalogueService> = Symbol('rapport.pricing.catalogue');

/** Token of the {@link SaleLineService} (`crm.services.saleLines`). */
export const SALE_LINE_SERVICE: InjectionToken<SaleLineService> = Symbol('rapport.pricing.sale-lines');

/** Token of the {@link PriceListService} (`crm.services.priceLists`). */
export const PRICE_LIST_SERVICE: InjectionToken<PriceListService> = Symbol('rapport.pricing.price-lists');

/** Token of the {@link PriceService} (`crm.services.prices`). */
export const PRICE_SERVICE: InjectionToken<PriceService> = Symbol('rapport.pricing.prices');

/** Token of the {@link AssociationRuleService} (`crm.services.associationRules`). */
export const ASSOCIATION_RULE_SERVICE: InjectionToken<AssociationRuleService> =
  Symbol('rapport.pricing.rules');

/** Token of the {@link SuggestionService} (`crm.services.suggestions`). */
export const SUGGESTION_SERVICE: InjectionToken<SuggestionService> = Symbol('rapport.pricing.suggestions');
