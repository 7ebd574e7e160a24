import {
  defineEntity,
  EmployeeEntity,
  JournalEntryEntity,
  PartyEntity,
  p,
  tenantRelation,
} from '@rapport/core/plugin';
import { ProductEntity } from './product.js';

/** The `pricing_sale_line` table: the purchase history projected from sale and refund entries. */
export const SaleLineEntity = defineEntity({
  name: 'PricingSaleLine',
  tableName: 'pricing_sale_line',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    entryId: p.uuid().fieldName('entry_id').persist(false),
    lineNo: p.integer(),
    kind: p.text().$type<'sale' | 'refund'>(),
    partyId: p.uuid().fieldName('party_id').persist(false).nullable(),
    productId: p.uuid().fieldName('product_id').persist(false).nullable(),
    sku: p.text().nullable(),
    name: p.text(),
    quantity: p.decimal().precision(22).scale(6),
    unitPrice: p.decimal().precision(22).scale(6).nullable(),
    discount: p.decimal().precision(22).scale(6).defaultRaw('0'),
    netAmount: p.decimal().precision(22).scale(6),
    taxAmount: p.decimal().precision(22).scale(6).defaultRaw('0'),
    total: p.decimal().precision(22).scale(6),
    currency: p.character().length(3),
    occurredAt: p.datetime(),
    employeeId: p.uuid().fieldName('employee_id').persist(false).nullable(),
    ownerId: p.uuid().fieldName('owner_id').persist(false).nullable(),
    entry: () => tenantRelation(JournalEntryEntity, 'entry_id'),
    party: () => tenantRelation(PartyEntity, 'party_id').nullable(),
    product: () => tenantRelation(ProductEntity, 'product_id').nullable(),
    employee: () => tenantRelation(EmployeeEntity, 'employee_id').nullable(),
    owner: () => tenantRelation(EmployeeEntity, 'owner_id').nullable(),
  },
  checks: [
    {
      name: 'pricing_sale_line_kind_check',
      expression: "(kind = ANY (ARRAY['sale'::text, 'refund'::text]))",
    },
  ],
  indexes: [
    {
      name: 'pricing_sale_line_occurred_idx',
      expression:
        'CREATE INDEX pricing_sale_line_occurred_idx ON pricing_sale_line USING btree (tenant_id, occurred_at)',
    },
    {
      name: 'pricing_sale_line_party_idx',
      expression:
        'CREATE INDEX pricing_sale_line_party_idx ON pricing_sale_line USING btree (tenant_id, party_id)',
    },
    {
      name: 'pricing_sale_line_product_idx',
      expression:
        'CREATE INDEX pricing_sale_line_product_idx ON pricing_sale_line USING btree (tenant_id, product_id)',
    },
  ],
  uniques: [
    {
      name: 'pricing_sale_line_tenant_id_entry_id_line_no_key',
      expression:
        'CREATE UNIQUE INDEX pricing_sale_line_tenant_id_entry_id_line_no_key ON pricing_sale_line USING btree (tenant_id, entry_id, line_no)',
    },
  ],
});
