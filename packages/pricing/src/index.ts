export { PRICING_ACTIVITY_TYPES } from './activity-types.js';
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
  CategoryEntity,
  ProductEntity,
  ProductRelationEntity,
  pricingEntities,
  SaleLineEntity,
} from './entities/index.js';
export { type PriceListCandidate, type PriceListRequest, pricingHooks } from './hooks.js';
export { catalogueMigration } from './migrations/0001-catalogue.js';
export { saleLinesMigration } from './migrations/0003-sale-lines.js';
export { PRICING_OPTIONS, type PricingOptions, PricingOptionsSchema } from './options.js';
export { PRICING_PARTICIPATION, SALE_LINE_PARTICIPATION } from './participation.js';
export { pricingPlugin } from './plugin.js';
export * from './quotes/index.js';
export {
  type SaleLine,
  type SaleLineQuery,
  SaleLineQuerySchema,
  SaleLineService,
} from './sales/sale-line-service.js';
export { CATALOGUE_SERVICE, SALE_LINE_SERVICE } from './tokens.js';
export { PRICING_VERSION } from './version.js';
