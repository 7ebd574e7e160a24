import { defineEntity, p } from '@rapport/core/plugin';

/** The `visit_notes_note` table: what an agent wrote down after visiting a customer (a party). */
export const VisitNoteSchema = defineEntity({
  name: 'VisitNotesNote',
  tableName: 'visit_notes_note',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    /** The party visited (`core_party`). */
    customerId: p.uuid(),
    /** The employee who wrote the note and owns its follow-up; null when a system process did. */
    authorId: p.uuid().nullable(),
    topic: p.text(),
    body: p.text(),
    followUp: p.boolean(),
    followedUpAt: p.datetime().nullable(),
    createdAt: p.datetime(),
  },
});

/** The MikroORM entity class of a visit note. */
export class VisitNote extends VisitNoteSchema.class {}
VisitNoteSchema.setClass(VisitNote);
