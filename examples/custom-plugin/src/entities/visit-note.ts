import { defineEntity, EmployeeEntity, PartyEntity, p, tenantRelation } from '@rapport/core/plugin';

/**
 * The `visit_notes_note` table: what an agent wrote down after visiting a customer (a party). The
 * composite foreign keys are relations (`customer`, `author`); queries use the scalar columns beside
 * them (`customerId`, `authorId`).
 */
export const VisitNoteEntity = defineEntity({
  name: 'VisitNote',
  tableName: 'visit_notes_note',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    /** The party visited (`core_party`). */
    customerId: p.uuid().fieldName('customer_id').persist(false),
    /** The employee who wrote the note and owns its follow-up; null when a system process did. */
    authorId: p.uuid().fieldName('author_id').persist(false).nullable(),
    /** The name of one of the tenant's topics (checked by the service when a note is recorded). */
    topic: p.text(),
    body: p.text(),
    followUp: p.boolean().defaultRaw('false'),
    followedUpAt: p.datetime().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
    customer: () => tenantRelation(PartyEntity, 'customer_id'),
    author: () => tenantRelation(EmployeeEntity, 'author_id').nullable(),
  },
  indexes: [
    {
      name: 'visit_notes_note_customer',
      expression:
        'CREATE INDEX visit_notes_note_customer ON visit_notes_note USING btree (tenant_id, customer_id)',
    },
    {
      name: 'visit_notes_note_author',
      expression:
        'CREATE INDEX visit_notes_note_author ON visit_notes_note USING btree (tenant_id, author_id) WHERE (author_id IS NOT NULL)',
    },
  ],
});
