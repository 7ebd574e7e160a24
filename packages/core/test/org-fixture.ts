import type { CallContext, Crm, Employee } from '@rapport/core';

/** A tenant with a small organisation: sales (with a north team under it) and support departments. */
export interface OrgFixture {
  tenantId: string;
  system: CallContext;
  admin: Employee;
  salesManager: Employee;
  northManager: Employee;
  alice: Employee;
  bob: Employee;
  carol: Employee;
  departments: { sales: string; north: string; support: string };
  as(employee: Employee): CallContext;
}

/** Creates a tenant and its organisation through the public API. */
export async function seedOrganisation(crm: Crm, name = 'Acme'): Promise<OrgFixture> {
  const tenant = await crm.services.tenants.create({ name });
  const system = crm.context({ tenantId: tenant.id, actor: { kind: 'system', name: 'setup' } });
  const sales = await crm.services.departments.create(system, { name: 'Sales' });
  const north = await crm.services.departments.create(system, { name: 'North', parentId: sales.id });
  const support = await crm.services.departments.create(system, { name: 'Support' });
  const employee = (n: string, departmentId: string, role: 'agent' | 'manager' | 'admin') =>
    crm.services.employees.create(system, {
      name: n,
      email: `${n.toLowerCase().replace(/\s/g, '.')}@${name.toLowerCase()}.test`,
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
