import { defineEntity, p } from '@mikro-orm/core';
import type { Actor } from '../../kernel/context.js';
import { tenantRelation } from '../../kernel/relations.js';
import { ContactPointEntity } from './contact-point.js';
import { PartyEntity } from './party.js';

/** The `core_consent` table. */
export const ConsentEntity = defineEntity({
  name: 'Consent',
  tableName: 'core_consent',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    partyId: p.uuid().fieldName('party_id').persist(false),
    channel: p.text(),
    contactPointId: p.uuid().fieldName('contact_point_id').persist(false).nullable(),
    status: p.text().$type<'opted_in' | 'opted_out'>(),
    at: p.datetime().defaultRaw('now()'),
    source: p.text().nullable(),
    actor: p.json<Actor>(),
    contactPoint: () => tenantRelation(ContactPointEntity, 'contact_point_id').nullable(),
    party: () => tenantRelation(PartyEntity, 'party_id'),
  },
  checks: [
    {
      name: 'core_consent_status_check',
      expression: "(status = ANY (ARRAY['opted_in'::text, 'opted_out'::text]))",
    },
  ],
  indexes: [
    {
      name: 'core_consent_party_idx',
      expression:
        'CREATE INDEX core_consent_party_idx ON core_consent USING btree (tenant_id, party_id, channel, at DESC, id DESC)',
    },
  ],
});
