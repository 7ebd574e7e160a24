import { type Migration, tenantIsolationSql } from '@rapport/core/plugin';

/**
 * Cross-sell association rules A → B computed from co-purchases (market basket over sale entries):
 * support = orders with A and B ÷ orders; confidence = orders with A and B ÷ orders with A; lift =
 * confidence ÷ (orders with B ÷ orders). Replaced as a whole per tenant by `pricing.compute-rules`.
 */
export const associationRulesMigration: Migration = {
  name: '0005_pricing_association_rules',
  up: `
create table pricing_association_rule (
  tenant_id uuid not null,
  antecedent_id uuid not null,
  consequent_id uuid not null,
  pair_orders int not null,
  antecedent_orders int not null,
  consequent_orders int not null,
  orders int not null,
  support numeric(12, 10) not null,
  confidence numeric(12, 10) not null,
  lift numeric(20, 10) not null,
  computed_at timestamptz not null,
  primary key (tenant_id, antecedent_id, consequent_id),
  foreign key (tenant_id, antecedent_id) references pricing_product (tenant_id, id),
  foreign key (tenant_id, consequent_id) references pricing_product (tenant_id, id)
);
create index pricing_association_rule_rank_idx on pricing_association_rule (tenant_id, antecedent_id, lift desc);
${tenantIsolationSql('pricing_association_rule')}
`,
};
