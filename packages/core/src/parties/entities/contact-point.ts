import { defineEntity, p } from '@mikro-orm/core';
import { tenantRelation } from '../../kernel/relations.js';
import { PartyEntity } from './party.js';

/** The `core_contact_point` table. */
export const ContactPointEntity = defineEntity({
  name: 'ContactPoint',
  tableName: 'core_contact_point',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    partyId: p.uuid().fieldName('party_id').persist(false),
    kind: p.text(),
    value: p.text(),
    label: p.text().nullable(),
    isPrimary: p.boolean().defaultRaw('false'),
    details: p.json<Record<string, unknown>>().defaultRaw("'{}'"),
    quality: p.text().defaultRaw("'verified'"),
    identifying: p.boolean().defaultRaw('true'),
    invalidAt: p.datetime().nullable(),
    invalidReason: p.text().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
    removedAt: p.datetime().nullable(),
    party: () => tenantRelation(PartyEntity, 'party_id'),
  },
  checks: [
    {
      name: 'core_contact_point_quality_check',
      expression: "(quality = ANY (ARRAY['verified'::text, 'unverified'::text]))",
    },
    {
      name: 'core_contact_point_kind_check',
      expression:
        "(kind = ANY (ARRAY['email'::text, 'phone'::text, 'address'::text, 'website'::text, 'messenger'::text]))",
    },
  ],
  indexes: [
    {
      name: 'core_contact_point_party_idx',
      expression:
        'CREATE INDEX core_contact_point_party_idx ON core_contact_point USING btree (tenant_id, party_id)',
    },
    {
      name: 'core_contact_point_primary_idx',
      expression:
        'CREATE UNIQUE INDEX core_contact_point_primary_idx ON core_contact_point USING btree (tenant_id, party_id, kind) WHERE (is_primary AND (removed_at IS NULL))',
    },
    {
      name: 'core_contact_point_value_idx',
      expression:
        'CREATE INDEX core_contact_point_value_idx ON core_contact_point USING btree (tenant_id, kind, value) WHERE (removed_at IS NULL)',
    },
  ],
});
