import { defineEntity, EmployeeEntity, JournalEntryEntity, p, tenantRelation } from '@rapport/core/plugin';
import { PayRunEntity } from './pay-run.js';

/** The `analytics_pay_ledger` table: what an entry earned an agent in an approved run (the paid-entry ledger). */
export const PayLedgerEntity = defineEntity({
  name: 'PayLedger',
  tableName: 'analytics_pay_ledger',
  properties: {
    tenantId: p.uuid().primary(),
    entryId: p.uuid().fieldName('entry_id').persist(false).primary(),
    runId: p.uuid().fieldName('run_id').persist(false).primary(),
    employeeId: p.uuid().fieldName('employee_id').persist(false).primary(),
    revenue: p.decimal().precision(20).scale(4),
    commission: p.decimal().precision(20).scale(4),
    entry: () => tenantRelation(JournalEntryEntity, 'entry_id'),
    run: () => tenantRelation(PayRunEntity, 'run_id'),
    employee: () => tenantRelation(EmployeeEntity, 'employee_id'),
  },
});
