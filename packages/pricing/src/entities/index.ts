import type { AnyPlugin, TableOf } from '@rapport/core/plugin';
import { CategoryEntity } from './category.js';
import { ProductEntity } from './product.js';
import { ProductRelationEntity } from './product-relation.js';
import { SaleLineEntity } from './sale-line.js';

export { CategoryEntity, ProductEntity, ProductRelationEntity, SaleLineEntity };

/** Every entity of the pricing plugin, registered through the plugin's `entities` (one per line). */
export const pricingEntities: NonNullable<AnyPlugin['entities']> = [
  CategoryEntity,
  ProductEntity,
  ProductRelationEntity,
  SaleLineEntity,
];

declare module '@rapport/core/plugin' {
  /** The pricing tables, added to `tx.db` by declaration merging (one per line). */
  interface RapportTables {
    PricingCategory: TableOf<typeof CategoryEntity>;
    PricingProduct: TableOf<typeof ProductEntity>;
    PricingProductRelation: TableOf<typeof ProductRelationEntity>;
    PricingSaleLine: TableOf<typeof SaleLineEntity>;
  }
}
