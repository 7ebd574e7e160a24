import { defineEntity, p } from '@mikro-orm/core';
import { tenantRelation } from '../../kernel/relations.js';
import { PartyEntity } from './party.js';

/** The `core_party_date` table. */
export const PartyDateEntity = defineEntity({
  name: 'PartyDate',
  tableName: 'core_party_date',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    partyId: p.uuid().fieldName('party_id').persist(false),
    kind: p.text(),
    label: p.text().nullable(),
    month: p.smallint(),
    day: p.smallint(),
    year: p.smallint().nullable(),
    party: () => tenantRelation(PartyEntity, 'party_id'),
  },
  checks: [
    { name: 'core_party_date_day_check', expression: '((day >= 1) AND (day <= 31))' },
    {
      name: 'core_party_date_kind_check',
      expression: "(kind = ANY (ARRAY['birthday'::text, 'anniversary'::text, 'custom'::text]))",
    },
    { name: 'core_party_date_month_check', expression: '((month >= 1) AND (month <= 12))' },
  ],
  indexes: [
    {
      name: 'core_party_date_day_idx',
      expression:
        'CREATE INDEX core_party_date_day_idx ON core_party_date USING btree (tenant_id, month, day)',
    },
    {
      name: 'core_party_date_party_idx',
      expression:
        'CREATE INDEX core_party_date_party_idx ON core_party_date USING btree (tenant_id, party_id)',
    },
  ],
});
