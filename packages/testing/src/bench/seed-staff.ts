import type pg from 'pg';

/** Sizes of {@link seedStaff}. */
export interface SeedStaffOptions {
  /** Teams `Team <g>` under the root department `Sales`; 0: the employees join the root. */
  departments: number;
  /** Agents `Agent <g>` (role `agent`), spread round-robin over the teams. */
  employees: number;
}

/** What {@link seedStaff} created. */
export interface SeedStaff {
  /** The root department `Sales`. */
  rootId: string;
  /** The teams under the root, in order (empty when `departments` is 0). */
  departmentIds: string[];
  /** The agents, in order. */
  employeeIds: string[];
}

/**
 * Seeds a sales organisation with set-based SQL on `client`, inside the caller's transaction (the
 * tenant already set): a root department, `departments` teams under it and `employees` agents.
 *
 * @example
 * const { departmentIds, employeeIds } = await seedStaff(client, tenantId, { departments: 10, employees: 200 });
 */
export async function seedStaff(
  client: pg.Client,
  tenantId: string,
  options: SeedStaffOptions,
): Promise<SeedStaff> {
  const ids = async (text: string, params: unknown[]) =>
    ((await client.query(text, params)).rows as Array<{ id: string }>).map((r) => r.id);
  const [rootId] = await ids(
    `insert into core_department (tenant_id, id, name, path) select $1, id, 'Sales', array[id]
     from (select core_uuidv7() as id) x returning id`,
    [tenantId],
  );
  if (options.departments === 0) {
    const employeeIds = await ids(
      `insert into core_employee (tenant_id, id, name, department_id, role)
       select $1, core_uuidv7(), 'Agent ' || g, $2, 'agent' from generate_series(1, $3) g order by g returning id`,
      [tenantId, rootId, options.employees],
    );
    return { rootId: rootId!, departmentIds: [], employeeIds };
  }
  const departmentIds = await ids(
    `insert into core_department (tenant_id, id, name, parent_id, path)
     select $1, id, 'Team ' || g, $2, array[$2::uuid, id] from (select g, core_uuidv7() as id from generate_series(1, $3) g) x
     returning id`,
    [tenantId, rootId, options.departments],
  );
  const employeeIds = await ids(
    `insert into core_employee (tenant_id, id, name, department_id, role)
     select $1, core_uuidv7(), 'Agent ' || g, ($2::uuid[])[1 + g % cardinality($2::uuid[])], 'agent'
     from generate_series(1, $3) g order by g returning id`,
    [tenantId, departmentIds, options.employees],
  );
  return { rootId: rootId!, departmentIds, employeeIds };
}
