import type { CallContext, Crm, Employee } from '@rapport/core';

/** A tenant with a small organisation: Sales (with a North team under it) and Support. */
export interface OrgFixture {
  tenantId: string;
  /** The tenant's system context: sees and may do everything, for set-up work. */
  system: CallContext;
  /** Administrator, in Sales. */
  admin: Employee;
  /** Manager of Sales: sees Sales and North. */
  salesManager: Employee;
  /** Manager of North. */
  northManager: Employee;
  /** Agents of North. */
  alice: Employee;
  bob: Employee;
  /** An agent of Support. */
  carol: Employee;
  departments: { sales: string; north: string; support: string };
  /** The context of an employee of this tenant. */
  as(employee: Employee): CallContext;
}

/** What {@link seedOrganisation} needs of a CRM: any CRM, whatever its plugins. */
export type OrganisationCrm = Pick<Crm, 'context'> & {
  services: Pick<Crm['services'], 'tenants' | 'departments' | 'employees'>;
};

/**
 * Creates a tenant named `name` and its organisation through the public API (call it again for a
 * second tenant): the fixture core's and plugins' tests share to exercise every role.
 *
 * @example
 * const org = await seedOrganisation(crm);
 * await crm.services.parties.create(org.as(org.alice), { kind: 'person', givenName: 'Ada' });
 */
export async function seedOrganisation(crm: OrganisationCrm, name = 'Acme'): Promise<OrgFixture> {
  const tenant = await crm.services.tenants.create({ name });
  const system = crm.context({ tenantId: tenant.id, actor: { kind: 'system', name: 'setup' } });
  const sales = await crm.services.departments.create(system, { name: 'Sales' });
  const north = await crm.services.departments.create(system, { name: 'North', parentId: sales.id });
  const support = await crm.services.departments.create(system, { name: 'Support' });
  // Any tenant name makes a valid e-mail domain ("Other tenant 2" → other-tenant-2.test).
  const domain =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'tenant';
  const employee = (n: string, departmentId: string, role: 'agent' | 'manager' | 'admin') =>
    crm.services.employees.create(system, {
      name: n,
      email: `${n.toLowerCase().replace(/\s/g, '.')}@${domain}.test`,
      departmentId,
      role,
    });
  return {
    tenantId: tenant.id,
    system,
    admin: await employee('Admin', sales.id, 'admin'),
    salesManager: await employee('Sales Manager', sales.id, 'manager'),
    northManager: await employee('North Manager', north.id, 'manager'),
    alice: await employee('Alice', north.id, 'agent'),
    bob: await employee('Bob', north.id, 'agent'),
    carol: await employee('Carol', support.id, 'agent'),
    departments: { sales: sales.id, north: north.id, support: support.id },
    as: (e) => crm.context({ tenantId: tenant.id, actor: { kind: 'employee', id: e.id } }),
  };
}
