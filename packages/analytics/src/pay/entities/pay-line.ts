import { defineEntity, JournalEntryEntity, p, tenantRelation } from '@rapport/core/plugin';
import { PayStatementEntity } from './pay-statement.js';

/** The `analytics_pay_line` table: one line of a statement, traceable to its entry, rule and tier. */
export const PayLineEntity = defineEntity({
  name: 'PayLine',
  tableName: 'analytics_pay_line',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    statementId: p.uuid().fieldName('statement_id').persist(false),
    position: p.integer(),
    kind: p.text(),
    entryId: p.uuid().fieldName('entry_id').persist(false).nullable(),
    saleId: p.uuid().nullable(),
    rule: p.integer().nullable(),
    tier: p.integer().nullable(),
    basis: p.decimal().precision(20).scale(4).nullable(),
    share: p.decimal().precision(7).scale(4).nullable(),
    rate: p.decimal().precision(9).scale(4).nullable(),
    amount: p.decimal().precision(20).scale(4),
    note: p.text(),
    statement: () => tenantRelation(PayStatementEntity, 'statement_id'),
    entry: () => tenantRelation(JournalEntryEntity, 'entry_id').nullable(),
  },
  checks: [
    {
      name: 'analytics_pay_line_kind_check',
      expression:
        "(kind = ANY (ARRAY['base'::text, 'commission'::text, 'cap'::text, 'clawback'::text, 'adjustment'::text]))",
    },
  ],
  uniques: [
    {
      name: 'analytics_pay_line_tenant_id_statement_id_position_key',
      properties: ['tenantId', 'statementId', 'position'],
    },
  ],
  indexes: [
    {
      name: 'analytics_pay_line_entry_idx',
      expression:
        'CREATE INDEX analytics_pay_line_entry_idx ON analytics_pay_line USING btree (tenant_id, entry_id) WHERE (entry_id IS NOT NULL)',
    },
  ],
});
