import { defineEntity, p } from '@mikro-orm/core';
import type { Actor } from '../../kernel/context.js';
import { tenantRelation } from '../../kernel/relations.js';
import { EmployeeEntity } from '../../organisation/entities/employee.js';
import { TenantEntity } from '../../tenants/entities/tenant.js';

/** The `core_journal_entry` table. */
export const JournalEntryEntity = defineEntity({
  name: 'JournalEntry',
  tableName: 'core_journal_entry',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    type: p.text(),
    occurredAt: p.datetime(),
    recordedAt: p.datetime().defaultRaw('now()'),
    actor: p.json<Actor>(),
    employeeId: p.uuid().fieldName('employee_id').persist(false).nullable(),
    direction: p.text().nullable(),
    subjectType: p.text().nullable(),
    subjectId: p.uuid().nullable(),
    durationSeconds: p.integer().nullable(),
    outcome: p.text().nullable(),
    amount: p.decimal().precision(20).scale(4).nullable(),
    currency: p.character().length(3).nullable(),
    notes: p.text().nullable(),
    data: p.json<Record<string, unknown>>().defaultRaw("'{}'"),
    externalId: p.text().nullable(),
    status: p.text().nullable(),
    assigneeId: p.uuid().fieldName('assignee_id').persist(false).nullable(),
    dueAt: p.datetime().nullable(),
    correctsId: p.uuid().fieldName('corrects_id').persist(false).nullable(),
    correction: p.text().nullable(),
    correctionReason: p.text().nullable(),
    supersededBy: p.uuid().nullable(),
    /** Full-text vector of the notes, computed by PostgreSQL (never written). */
    search: p
      .type('unknown')
      .columnType('tsvector')
      .generated("(to_tsvector('simple'::regconfig, COALESCE(notes, ''::text))) stored")
      .nullable()
      .$type<string>(),
    assignee: () => tenantRelation(EmployeeEntity, 'assignee_id').nullable(),
    corrects: () => tenantRelation(JournalEntryEntity, 'corrects_id').nullable(),
    employee: () => tenantRelation(EmployeeEntity, 'employee_id').nullable(),
    tenant: () =>
      p.manyToOne(TenantEntity).joinColumns('tenant_id').updateRule('no action').deleteRule('no action'),
  },
  checks: [
    { name: 'core_journal_entry_check', expression: '((amount IS NULL) = (currency IS NULL))' },
    { name: 'core_journal_entry_check1', expression: '((corrects_id IS NULL) = (correction IS NULL))' },
    {
      name: 'core_journal_entry_correction_check',
      expression: "(correction = ANY (ARRAY['amend'::text, 'void'::text]))",
    },
    {
      name: 'core_journal_entry_direction_check',
      expression: "(direction = ANY (ARRAY['inbound'::text, 'outbound'::text]))",
    },
    { name: 'core_journal_entry_duration_seconds_check', expression: '(duration_seconds >= 0)' },
    {
      name: 'core_journal_entry_status_check',
      expression: "(status = ANY (ARRAY['planned'::text, 'done'::text, 'cancelled'::text]))",
    },
  ],
  indexes: [
    {
      name: 'core_journal_entry_agenda_idx',
      expression:
        "CREATE INDEX core_journal_entry_agenda_idx ON core_journal_entry USING btree (tenant_id, assignee_id, due_at) WHERE ((status = 'planned'::text) AND (superseded_by IS NULL))",
    },
    {
      name: 'core_journal_entry_corrects_idx',
      expression:
        'CREATE INDEX core_journal_entry_corrects_idx ON core_journal_entry USING btree (tenant_id, corrects_id) WHERE (corrects_id IS NOT NULL)',
    },
    {
      name: 'core_journal_entry_employee_idx',
      expression:
        'CREATE INDEX core_journal_entry_employee_idx ON core_journal_entry USING btree (tenant_id, employee_id, occurred_at)',
    },
    {
      name: 'core_journal_entry_external_idx',
      expression:
        'CREATE UNIQUE INDEX core_journal_entry_external_idx ON core_journal_entry USING btree (tenant_id, external_id) WHERE (external_id IS NOT NULL)',
    },
    {
      name: 'core_journal_entry_search_idx',
      expression: 'CREATE INDEX core_journal_entry_search_idx ON core_journal_entry USING gin (search)',
    },
    {
      name: 'core_journal_entry_type_idx',
      expression:
        'CREATE INDEX core_journal_entry_type_idx ON core_journal_entry USING btree (tenant_id, type, occurred_at)',
    },
    {
      name: 'core_journal_entry_subject_idx',
      expression:
        'CREATE INDEX core_journal_entry_subject_idx ON core_journal_entry USING btree (tenant_id, subject_type, subject_id) WHERE (subject_id IS NOT NULL)',
    },
  ],
});
