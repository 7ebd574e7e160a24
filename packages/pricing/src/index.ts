export { PRICING_ACTIVITY_TYPES } from './activity-types.js';
export type {
  CatalogueImportOptions,
  CatalogueImportResult,
  CatalogueImportRow,
} from './catalogue/catalogue-import.js';
export {
  type CategoryInput,
  CategoryInputSchema,
  type ProductInput,
  ProductInputSchema,
  type ProductPatch,
  ProductPatchSchema,
  type RelationInput,
  RelationInputSchema,
} from './catalogue/catalogue-input.js';
export { CatalogueService, type ProductListQuery } from './catalogue/catalogue-service.js';
export type { Category, Product, ProductRelation, ProductRelationKind } from './catalogue/types.js';
export {
  AssociationRuleEntity,
  CategoryEntity,
  DiscountRuleEntity,
  PriceEntity,
  PriceListAssignmentEntity,
  PriceListEntity,
  ProductEntity,
  ProductRelationEntity,
  pricingEntities,
  SaleLineEntity,
  TaxRateEntity,
} from './entities/index.js';
export { type PriceListCandidate, type PriceListRequest, pricingHooks } from './hooks.js';
export { catalogueMigration } from './migrations/0001-catalogue.js';
export { priceListsMigration } from './migrations/0002-price-lists.js';
export { saleLinesMigration } from './migrations/0003-sale-lines.js';
export { associationRulesMigration } from './migrations/0005-association-rules.js';
export { PRICING_OPTIONS, type PricingOptions, PricingOptionsSchema } from './options.js';
export {
  PRICE_LIST_ASSIGNMENT_PARTICIPATION,
  PRICING_PARTICIPATION,
  SALE_LINE_PARTICIPATION,
} from './participation.js';
export { pricingPlugin } from './plugin.js';
export { minorUnits } from './prices/money.js';
export {
  type AssignmentInput,
  AssignmentInputSchema,
  type DiscountInput,
  DiscountInputSchema,
  type PriceInput,
  PriceInputSchema,
  type PriceListInput,
  PriceListInputSchema,
  type SetPricesInput,
  SetPricesSchema,
  type TaxRateInput,
  TaxRateInputSchema,
} from './prices/price-list-input.js';
export { PriceListService } from './prices/price-list-service.js';
export { PriceService } from './prices/price-service.js';
export { type ParsedResolveInput, resolvePrices } from './prices/resolve.js';
export {
  type AppliedDiscount,
  type PriceResolution,
  type ResolvedLine,
  type ResolvedTotals,
  type ResolveInput,
  ResolveInputSchema,
} from './prices/resolve-input.js';
export type { DiscountRule, Price, PriceList, TaxRate } from './prices/types.js';
export * from './quotes/index.js';
export {
  type SaleLine,
  type SaleLineQuery,
  SaleLineQuerySchema,
  SaleLineService,
} from './sales/sale-line-service.js';
export { type AssociationRule, AssociationRuleService } from './suggestions/rules-service.js';
export {
  type CrossSellInput,
  CrossSellInputSchema,
  type Suggestion,
  type SuggestionReason,
  type UpsellInput,
  UpsellInputSchema,
  type UpsellSuggestion,
} from './suggestions/suggestion-input.js';
export { SuggestionService } from './suggestions/suggestion-service.js';
export {
  ASSOCIATION_RULE_SERVICE,
  CATALOGUE_SERVICE,
  PRICE_LIST_SERVICE,
  PRICE_SERVICE,
  SALE_LINE_SERVICE,
  SUGGESTION_SERVICE,
} from './tokens.js';
export { PRICING_VERSION } from './version.js';
