import type { Actor } from '@rapport/core/plugin';
import type { QuoteStatus } from './lifecycle.js';

/** One line of a quote version: what, how many, the price used and where it came from. */
export interface QuoteLine {
  position: number;
  productId: string | null;
  sku: string;
  name: string;
  categoryId: string | null;
  quantity: string;
  unitPrice: string;
  /** The price the price lists gave (null when the product has none). */
  listUnitPrice: string | null;
  priceListId: string | null;
  /** The discount as a percentage when it is one (set by hand, or a percentage rule). */
  discountPercent: string | null;
  /** The amount taken off quantity × unit price. */
  discount: string;
  taxRate: string;
  net: string;
  tax: string;
  gross: string;
  /** Set by hand (price, discount or tax): by whom and why. */
  manual: boolean;
  manualBy: string | null;
  manualReason: string | null;
}

/** One version (revision) of a quote; read-only once sent. */
export interface QuoteVersion {
  version: number;
  status: QuoteStatus;
  validUntil: string;
  terms: string | null;
  net: string;
  tax: string;
  gross: string;
  /** The rendered document in `@rapport/documents` (when installed and sent). */
  documentId: string | null;
  documentVersion: number | null;
  /** The email that carried it (when messaging is installed). */
  messageId: string | null;
  sentAt: Date | null;
  respondedAt: Date | null;
  responseReason: string | null;
  createdBy: Actor;
  createdAt: Date;
  lines: QuoteLine[];
}

/** A quote (commercial offer) with its current version. */
export interface Quote {
  id: string;
  number: string;
  partyId: string;
  dealId: string | null;
  ownerId: string;
  currency: string;
  locale: string;
  /** The number of the version people work on (the latest). */
  currentVersion: number;
  /** The status of the current version. */
  status: QuoteStatus;
  current: QuoteVersion;
  createdAt: Date;
  updatedAt: Date;
}
