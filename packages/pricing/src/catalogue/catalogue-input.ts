import { CurrencySchema, z } from '@rapport/core/plugin';

const text = (max: number) => z.string().trim().min(1).max(max);
const locale = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a locale such as en or de-CH');
/** Text per locale, or one text for the default locale. */
const localized = (max: number) => z.union([text(max), z.record(locale, text(max))]);
/** An exact decimal, not negative (a string, or a finite number). */
export const Amount = z
  .union([z.string().trim(), z.number().refine(Number.isFinite, 'must be finite').transform(String)])
  .pipe(z.string().regex(/^\d{1,14}(\.\d{1,6})?$/, 'must be an exact decimal such as 12.50'));
/** A positive exact decimal (quantities). */
export const Quantity = Amount.refine((v) => /[1-9]/.test(v), 'must be more than 0');

/** A SKU: the product's code, unique in the tenant. */
export const Sku = text(100);

/** Input of `catalogue.createProduct` (and of each row of `importCsv`). */
export const ProductInputSchema = z.strictObject({
  sku: Sku,
  kind: z.enum(['product', 'service']).default('product'),
  /** One name (for the default locale) or names per locale. */
  name: localized(300),
  description: localized(5000).optional(),
  /** The locale of `name` when it is one text, and the fallback locale (default: the plugin's). */
  defaultLocale: locale.optional(),
  /** The category's id. */
  categoryId: z.uuid().nullable().optional(),
  unit: text(30).default('unit'),
  taxClass: text(50).default('standard'),
  cost: Amount.nullable().optional(),
  costCurrency: CurrencySchema.nullable().optional(),
  custom: z.record(z.string(), z.unknown()).default({}),
});
/** What a product is given as. */
export type ProductInput = z.input<typeof ProductInputSchema>;

/** Input of `catalogue.updateProduct`: the fields to change (the SKU included). */
export const ProductPatchSchema = ProductInputSchema.omit({ kind: true })
  .extend({ kind: z.enum(['product', 'service']) })
  .partial()
  .strict();
/** What a product change is given as. */
export type ProductPatch = z.input<typeof ProductPatchSchema>;

/** Input of `catalogue.createCategory`. */
export const CategoryInputSchema = z.strictObject({
  code: text(100),
  name: text(200),
  parentId: z.uuid().nullable().optional(),
});
/** What a category is given as. */
export type CategoryInput = z.input<typeof CategoryInputSchema>;

/** Input of `catalogue.relate`: `productId <kind> relatedId` (with a quantity for bundles). */
export const RelationInputSchema = z
  .strictObject({
    productId: z.uuid(),
    kind: z.enum(['accessory_of', 'alternative_to', 'successor_of', 'bundle_contains']),
    relatedId: z.uuid(),
    quantity: Quantity.optional(),
  })
  .superRefine((r, ctx) => {
    if (r.productId === r.relatedId)
      ctx.addIssue({ code: 'custom', path: ['relatedId'], message: 'a product cannot relate to itself' });
    if (r.kind === 'bundle_contains' && r.quantity === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['quantity'],
        message: 'a bundle needs the quantity it contains',
      });
    if (r.kind !== 'bundle_contains' && r.quantity !== undefined)
      ctx.addIssue({ code: 'custom', path: ['quantity'], message: 'only bundles have a quantity' });
  });
/** What a relation is given as. */
export type RelationInput = z.input<typeof RelationInputSchema>;

/** Names per locale from one text or a map, with the default locale always present. */
export function localizedOf(
  value: string | Record<string, string> | undefined,
  defaultLocale: string,
): Record<string, string> {
  if (value === undefined) return {};
  return typeof value === 'string' ? { [defaultLocale]: value } : value;
}
