import type { Actor } from '@rapport/core/plugin';
import { defineEntity, p } from '@rapport/core/plugin';

/** The `analytics_pay_run` table: one pay run per tenant and month. */
export const PayRunEntity = defineEntity({
  name: 'PayRun',
  tableName: 'analytics_pay_run',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    periodStart: p.date(),
    periodEnd: p.date(),
    status: p.text().defaultRaw("'draft'"),
    version: p.integer().defaultRaw('1'),
    computedAt: p.datetime().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
    createdBy: p.json<Actor>(),
    approvedAt: p.datetime().nullable(),
    approvedBy: p.json<Actor>().nullable(),
  },
  checks: [
    { name: 'analytics_pay_run_check', expression: '(period_end > period_start)' },
    {
      name: 'analytics_pay_run_status_check',
      expression: "(status = ANY (ARRAY['draft'::text, 'approved'::text]))",
    },
  ],
  uniques: [
    { name: 'analytics_pay_run_tenant_id_period_start_key', properties: ['tenantId', 'periodStart'] },
  ],
});
