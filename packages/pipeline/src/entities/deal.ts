import {
  DepartmentEntity,
  defineEntity,
  EmployeeEntity,
  PartyEntity,
  p,
  tenantRelation,
} from '@rapport/core/plugin';
import type { DealStatus } from '../types.js';
import { StageEntity } from './stage.js';

/** The `pipeline_deal` table. */
export const DealEntity = defineEntity({
  name: 'Deal',
  tableName: 'pipeline_deal',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    pipelineId: p.uuid().fieldName('pipeline_id').persist(false),
    stageId: p.uuid().fieldName('stage_id').persist(false),
    title: p.text(),
    customerId: p.uuid().fieldName('customer_id').persist(false),
    ownerId: p.uuid().fieldName('owner_id').persist(false),
    teamId: p.uuid().fieldName('team_id').persist(false).nullable(),
    amount: p.decimal().precision(20).scale(4).nullable(),
    currency: p.character().length(3).nullable(),
    expectedCloseOn: p.date().nullable(),
    source: p.text().nullable(),
    status: p.text().$type<DealStatus>().defaultRaw("'open'"),
    closedAt: p.datetime().nullable(),
    closeReason: p.text().nullable(),
    stageEnteredAt: p.datetime(),
    lastActivityAt: p.datetime(),
    stalledAt: p.datetime().nullable(),
    custom: p.json<Record<string, unknown>>().defaultRaw("'{}'"),
    version: p.integer().defaultRaw('1'),
    createdAt: p.datetime().defaultRaw('now()'),
    updatedAt: p.datetime().defaultRaw('now()'),
    customer: () => tenantRelation(PartyEntity, 'customer_id'),
    owner: () => tenantRelation(EmployeeEntity, 'owner_id'),
    stage: () =>
      p
        .manyToOne(StageEntity)
        .joinColumns('tenant_id', 'pipeline_id', 'stage_id')
        .referencedColumnNames('tenant_id', 'pipeline_id', 'id')
        .updateRule('no action')
        .deleteRule('no action'),
    team: () => tenantRelation(DepartmentEntity, 'team_id').nullable(),
  },
  checks: [
    { name: 'pipeline_deal_check', expression: '((amount IS NULL) = (currency IS NULL))' },
    { name: 'pipeline_deal_check1', expression: "((status = 'open'::text) = (closed_at IS NULL))" },
    {
      name: 'pipeline_deal_status_check',
      expression: "(status = ANY (ARRAY['open'::text, 'won'::text, 'lost'::text]))",
    },
  ],
  indexes: [
    {
      name: 'pipeline_deal_activity_open_idx',
      expression:
        "CREATE INDEX pipeline_deal_activity_open_idx ON pipeline_deal USING btree (tenant_id, last_activity_at) WHERE (status = 'open'::text)",
    },
    {
      name: 'pipeline_deal_close_open_idx',
      expression:
        "CREATE INDEX pipeline_deal_close_open_idx ON pipeline_deal USING btree (tenant_id, expected_close_on) WHERE (status = 'open'::text)",
    },
    {
      name: 'pipeline_deal_customer_idx',
      expression:
        'CREATE INDEX pipeline_deal_customer_idx ON pipeline_deal USING btree (tenant_id, customer_id)',
    },
    {
      name: 'pipeline_deal_forecast_idx',
      expression:
        "CREATE INDEX pipeline_deal_forecast_idx ON pipeline_deal USING btree (tenant_id, pipeline_id, expected_close_on) INCLUDE (stage_id, owner_id, amount, currency) WHERE (status = 'open'::text)",
    },
    {
      name: 'pipeline_deal_owner_open_idx',
      expression:
        "CREATE INDEX pipeline_deal_owner_open_idx ON pipeline_deal USING btree (tenant_id, owner_id) WHERE (status = 'open'::text)",
    },
    {
      name: 'pipeline_deal_stage_open_idx',
      expression:
        "CREATE INDEX pipeline_deal_stage_open_idx ON pipeline_deal USING btree (tenant_id, pipeline_id, stage_id) WHERE (status = 'open'::text)",
    },
  ],
});
