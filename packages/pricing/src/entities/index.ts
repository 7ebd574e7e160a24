import type { AnyPlugin, TableOf } from '@rapport/core/plugin';
import { AssociationRuleEntity } from './association-rule.js';
import { CategoryEntity } from './category.js';
import { DiscountRuleEntity } from './discount-rule.js';
import { PriceEntity } from './price.js';
import { PriceListEntity } from './price-list.js';
import { PriceListAssignmentEntity } from './price-list-assignment.js';
import { ProductEntity } from './product.js';
import { ProductRelationEntity } from './product-relation.js';
import { SaleLineEntity } from './sale-line.js';
import { TaxRateEntity } from './tax-rate.js';

export {
  AssociationRuleEntity,
  CategoryEntity,
  DiscountRuleEntity,
  PriceEntity,
  PriceListAssignmentEntity,
  PriceListEntity,
  ProductEntity,
  ProductRelationEntity,
  SaleLineEntity,
  TaxRateEntity,
};

/** Every entity of the pricing plugin, registered through the plugin's `entities` (one per line). */
export const pricingEntities: NonNullable<AnyPlugin['entities']> = [
  CategoryEntity,
  ProductEntity,
  ProductRelationEntity,
  PriceListEntity,
  PriceEntity,
  DiscountRuleEntity,
  PriceListAssignmentEntity,
  TaxRateEntity,
  SaleLineEntity,
  AssociationRuleEntity,
];

declare module '@rapport/core/plugin' {
  /** The pricing tables, added to `tx.db` by declaration merging (one per line). */
  interface RapportTables {
    PricingCategory: TableOf<typeof CategoryEntity>;
    PricingProduct: TableOf<typeof ProductEntity>;
    PricingProductRelation: TableOf<typeof ProductRelationEntity>;
    PricingPriceList: TableOf<typeof PriceListEntity>;
    PricingPrice: TableOf<typeof PriceEntity>;
    PricingDiscountRule: TableOf<typeof DiscountRuleEntity>;
    PricingPriceListAssignment: TableOf<typeof PriceListAssignmentEntity>;
    PricingTaxRate: TableOf<typeof TaxRateEntity>;
    PricingSaleLine: TableOf<typeof SaleLineEntity>;
    PricingAssociationRule: TableOf<typeof AssociationRuleEntity>;
  }
}
