/** A price list. */
export interface PriceList {
  id: string;
  name: string;
  currency: string;
  priority: number;
  isDefault: boolean;
  validFrom: string | null;
  /** Exclusive. */
  validTo: string | null;
  archivedAt: Date | null;
}

/** One price row (never changed once written, except for closing it with `validTo`). */
export interface Price {
  id: string;
  priceListId: string;
  productId: string;
  minQuantity: string;
  unitPrice: string;
  validFrom: string;
  /** Exclusive; null while current. */
  validTo: string | null;
}

/** A discount rule of a price list. */
export interface DiscountRule {
  id: string;
  priceListId: string;
  name: string;
  scope: 'product' | 'category' | 'list';
  productId: string | null;
  categoryId: string | null;
  minQuantity: string;
  percent: string | null;
  amount: string | null;
  priority: number;
  validFrom: string | null;
  validTo: string | null;
}

/** A tax rate row. */
export interface TaxRate {
  id: string;
  taxClass: string;
  country: string | null;
  rate: string;
  validFrom: string;
  validTo: string | null;
}
