import { defineEntity, p, tenantRelation } from '@rapport/core/plugin';
import { ProductEntity } from './product.js';

/** The `pricing_association_rule` table: a cross-sell rule A → B with its support, confidence and lift. */
export const AssociationRuleEntity = defineEntity({
  name: 'PricingAssociationRule',
  tableName: 'pricing_association_rule',
  properties: {
    tenantId: p.uuid().primary(),
    antecedentId: p.uuid().fieldName('antecedent_id').persist(false).primary(),
    consequentId: p.uuid().fieldName('consequent_id').persist(false).primary(),
    pairOrders: p.integer(),
    antecedentOrders: p.integer(),
    consequentOrders: p.integer(),
    orders: p.integer(),
    support: p.decimal().precision(12).scale(10),
    confidence: p.decimal().precision(12).scale(10),
    lift: p.decimal().precision(20).scale(10),
    computedAt: p.datetime(),
    antecedent: () => tenantRelation(ProductEntity, 'antecedent_id'),
    consequent: () => tenantRelation(ProductEntity, 'consequent_id'),
  },
  indexes: [
    {
      name: 'pricing_association_rule_rank_idx',
      expression:
        'CREATE INDEX pricing_association_rule_rank_idx ON pricing_association_rule USING btree (tenant_id, antecedent_id, lift DESC)',
    },
  ],
});
