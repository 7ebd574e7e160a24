/** How two products relate: `product <kind> related` (a case is an accessory of a phone). */
export type ProductRelationKind = 'accessory_of' | 'alternative_to' | 'successor_of' | 'bundle_contains';

/** A product or service of the catalogue. */
export interface Product {
  id: string;
  sku: string;
  kind: 'product' | 'service';
  /** Names per locale; `name[defaultLocale]` is always set. */
  name: Record<string, string>;
  description: Record<string, string>;
  defaultLocale: string;
  categoryId: string | null;
  unit: string;
  taxClass: string;
  status: 'active' | 'archived';
  /** Exact decimal, with `costCurrency`; for margin analyses. */
  cost: string | null;
  costCurrency: string | null;
  custom: Record<string, unknown>;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A node of the category tree. */
export interface Category {
  id: string;
  code: string;
  name: string;
  parentId: string | null;
}

/** A relation declared between two products. */
export interface ProductRelation {
  id: string;
  productId: string;
  kind: ProductRelationKind;
  relatedId: string;
  /** How many of `related` a bundle contains (bundles only). */
  quantity: string | null;
}
