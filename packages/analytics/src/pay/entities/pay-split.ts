import type { Actor } from '@rapport/core/plugin';
import { defineEntity, EmployeeEntity, JournalEntryEntity, p, tenantRelation } from '@rapport/core/plugin';

/** The `analytics_pay_split` table: the share (percent) of a sale credited to each agent. */
export const PaySplitEntity = defineEntity({
  name: 'PaySplit',
  tableName: 'analytics_pay_split',
  properties: {
    tenantId: p.uuid().primary(),
    entryId: p.uuid().fieldName('entry_id').persist(false).primary(),
    employeeId: p.uuid().fieldName('employee_id').persist(false).primary(),
    share: p.decimal().precision(7).scale(4),
    createdAt: p.datetime().defaultRaw('now()'),
    createdBy: p.json<Actor>(),
    entry: () => tenantRelation(JournalEntryEntity, 'entry_id'),
    employee: () => tenantRelation(EmployeeEntity, 'employee_id'),
  },
  checks: [
    {
      name: 'analytics_pay_split_share_check',
      expression: '((share > (0)::numeric) AND (share <= (100)::numeric))',
    },
  ],
});
