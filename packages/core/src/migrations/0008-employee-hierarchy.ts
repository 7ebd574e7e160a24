import type { Migration } from '../kernel/migrations.js';

/**
 * What a staff list holds about an employee besides name and email: title, phone, hire and birth
 * dates, and whom they report to. `reports_to_id` is a tenant-leading foreign key, so a manager is
 * always an employee of the same tenant; cycles are refused by the service under a per-tenant lock.
 */
export const employeeHierarchyMigration: Migration = {
  name: '0008_employee_hierarchy',
  up: `
alter table core_employee
  add column title text,
  add column phone text,
  add column hire_date date,
  add column birth_date date,
  add column reports_to_id uuid,
  add foreign key (tenant_id, reports_to_id) references core_employee(tenant_id, id),
  add constraint core_employee_reports_to_check check (reports_to_id <> id);
create index core_employee_reports_to_idx on core_employee (tenant_id, reports_to_id) where reports_to_id is not null;
`,
};
