import type { Employee } from '@rapport/core';
import { type Company, type DemoStep, requireCrm } from '../demo.js';

/**
 * Gives the first tenant its organisation: Sales with a North team under it, and Support; an
 * administrator, a sales manager and three agents. Departments are a tree: a manager sees the
 * customers of everyone in their department's subtree.
 */
export const buildOrganisation: DemoStep = {
  title: 'Organisation: departments, roles and people',
  async run(demo) {
    const crm = requireCrm(demo);
    const first = demo.tenants[0];
    if (!first) throw new Error('No tenant yet: run the create-tenants step first');
    const system = first.ctx;
    const { departments, employees } = crm.services;
    // Setting up an empty tenant is a system task; afterwards the administrator adds the staff.
    const sales = await departments.create(system, { name: 'Sales' });
    const north = await departments.create(system, { name: 'North', parentId: sales.id });
    const support = await departments.create(system, { name: 'Support' });
    const admin = await employees.create(system, {
      name: 'Irene Vogt',
      email: 'irene@acme.test',
      departmentId: sales.id,
      role: 'admin',
    });
    const as = (employee: Employee) =>
      crm.context({ tenantId: first.tenant.id, actor: { kind: 'employee', id: employee.id } });
    const hire = (name: string, departmentId: string, role: 'agent' | 'manager') =>
      employees.create(as(admin), {
        name,
        email: `${name.split(' ')[0]!.toLowerCase()}@acme.test`,
        departmentId,
        role,
      });
    const staff = {
      admin,
      manager: await hire('Max Brandt', sales.id, 'manager'),
      alice: await hire('Alice Kramer', north.id, 'agent'),
      bob: await hire('Bob Lehmann', north.id, 'agent'),
      carol: await hire('Carol Wendt', support.id, 'agent'),
    };
    const names = new Map(Object.values(staff).map((e) => [e.id, e.name]));
    const company: Company = {
      tenant: first.tenant,
      system,
      departments: { sales: sales.id, north: north.id, support: support.id },
      staff,
      as,
      nameOf: (id) => (id ? (names.get(id) ?? id) : 'nobody'),
      parties: {},
    };
    demo.company = company;

    const tree = await departments.list(as(admin));
    const byId = new Map(tree.map((d) => [d.id, d]));
    const paths = tree
      .map((d) => ({ id: d.id, path: d.path.map((id) => byId.get(id)?.name).join(' › ') }))
      .sort((a, b) => a.path.localeCompare(b.path));
    for (const { id, path } of paths) {
      const people = (await employees.list(as(admin), { departmentId: id }))
        .map((e) => `${e.name} (${e.role})`)
        .join(', ');
      demo.say(`${path.padEnd(15)} ${people}`);
    }
    demo.say('agents see their own customers (plus shared ones and the pool of unassigned leads),');
    demo.say('managers their department subtree, administrators the whole tenant');
  },
};
