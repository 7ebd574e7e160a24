import { defineEntity, EmployeeEntity, PartyEntity, p, tenantRelation } from '@rapport/core/plugin';
import type { ContractPartyRole, ContractStatus, RecurringPeriod } from '../types.js';

const LIVE = "WHERE (status = ANY (ARRAY['signed'::text, 'active'::text, 'suspended'::text]))";

/** The `contracts_contract` table. */
export const ContractEntity = defineEntity({
  name: 'Contract',
  tableName: 'contracts_contract',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    number: p.text(),
    subject: p.text(),
    partyId: p.uuid().fieldName('party_id').persist(false),
    partyRole: p.text().$type<ContractPartyRole>().defaultRaw("'customer'"),
    dealId: p.uuid().nullable(),
    quoteId: p.uuid().nullable(),
    ownerId: p.uuid().fieldName('owner_id').persist(false),
    status: p.text().$type<ContractStatus>().defaultRaw("'draft'"),
    valueKind: p.text().$type<'total' | 'recurring'>(),
    amount: p.decimal().precision(20).scale(4),
    currency: p.character().length(3),
    period: p.text().$type<RecurringPeriod>().nullable(),
    startOn: p.date(),
    endOn: p.date().nullable(),
    noticeMonths: p.integer().nullable(),
    noticeDays: p.integer().nullable(),
    noticeOn: p.date().nullable(),
    renewMonths: p.integer().nullable(),
    maxRenewals: p.integer().nullable(),
    renewalCount: p.integer().defaultRaw('0'),
    signedOn: p.date().nullable(),
    endedOn: p.date().nullable(),
    renewedFromId: p.uuid().fieldName('renewed_from_id').persist(false).nullable(),
    documentIds: p.array().columnType('uuid[]').defaultRaw(`'{}'`),
    notes: p.text().nullable(),
    custom: p.json<Record<string, unknown>>().defaultRaw("'{}'"),
    statusChangedAt: p.datetime().defaultRaw('now()'),
    version: p.integer().defaultRaw('1'),
    createdAt: p.datetime().defaultRaw('now()'),
    updatedAt: p.datetime().defaultRaw('now()'),
    party: () => tenantRelation(PartyEntity, 'party_id'),
    owner: () => tenantRelation(EmployeeEntity, 'owner_id'),
    renewedFrom: () => tenantRelation(ContractEntity, 'renewed_from_id').nullable(),
  },
  checks: [
    {
      name: 'contracts_contract_check',
      expression: "((value_kind = 'recurring'::text) = (period IS NOT NULL))",
    },
    { name: 'contracts_contract_check1', expression: '((end_on IS NULL) OR (end_on >= start_on))' },
    { name: 'contracts_contract_check2', expression: '((notice_months IS NULL) OR (notice_days IS NULL))' },
    { name: 'contracts_contract_max_renewals_check', expression: '(max_renewals >= 0)' },
    { name: 'contracts_contract_notice_days_check', expression: '(notice_days > 0)' },
    { name: 'contracts_contract_notice_months_check', expression: '(notice_months > 0)' },
    {
      name: 'contracts_contract_party_role_check',
      expression: "(party_role = ANY (ARRAY['customer'::text, 'partner'::text]))",
    },
    {
      name: 'contracts_contract_period_check',
      expression: "(period = ANY (ARRAY['month'::text, 'quarter'::text, 'year'::text]))",
    },
    { name: 'contracts_contract_renew_months_check', expression: '(renew_months > 0)' },
    {
      name: 'contracts_contract_status_check',
      expression:
        "(status = ANY (ARRAY['draft'::text, 'in_approval'::text, 'signed'::text, 'active'::text, 'suspended'::text, 'expired'::text, 'terminated'::text, 'renewed'::text]))",
    },
    {
      name: 'contracts_contract_value_kind_check',
      expression: "(value_kind = ANY (ARRAY['total'::text, 'recurring'::text]))",
    },
  ],
  uniques: [
    {
      name: 'contracts_contract_tenant_id_number_key',
      expression:
        'CREATE UNIQUE INDEX contracts_contract_tenant_id_number_key ON contracts_contract USING btree (tenant_id, number)',
    },
    {
      name: 'contracts_contract_renewed_from_idx',
      expression:
        'CREATE UNIQUE INDEX contracts_contract_renewed_from_idx ON contracts_contract USING btree (tenant_id, renewed_from_id) WHERE (renewed_from_id IS NOT NULL)',
    },
  ],
  indexes: [
    {
      name: 'contracts_contract_end_idx',
      expression: `CREATE INDEX contracts_contract_end_idx ON contracts_contract USING btree (tenant_id, end_on, id) ${LIVE}`,
    },
    {
      name: 'contracts_contract_ended_idx',
      expression:
        'CREATE INDEX contracts_contract_ended_idx ON contracts_contract USING btree (tenant_id, ended_on) WHERE (ended_on IS NOT NULL)',
    },
    {
      name: 'contracts_contract_notice_idx',
      expression: `CREATE INDEX contracts_contract_notice_idx ON contracts_contract USING btree (tenant_id, notice_on) ${LIVE}`,
    },
    {
      name: 'contracts_contract_owner_idx',
      expression:
        'CREATE INDEX contracts_contract_owner_idx ON contracts_contract USING btree (tenant_id, owner_id, start_on)',
    },
    {
      name: 'contracts_contract_owner_end_idx',
      expression: `CREATE INDEX contracts_contract_owner_end_idx ON contracts_contract USING btree (tenant_id, owner_id, end_on, id) ${LIVE}`,
    },
    {
      name: 'contracts_contract_party_end_idx',
      expression: `CREATE INDEX contracts_contract_party_end_idx ON contracts_contract USING btree (tenant_id, party_id, end_on, id) ${LIVE}`,
    },
    {
      name: 'contracts_contract_party_idx',
      expression:
        'CREATE INDEX contracts_contract_party_idx ON contracts_contract USING btree (tenant_id, party_id, start_on)',
    },
  ],
});
