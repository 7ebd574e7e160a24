import { sql } from 'kysely';
import { inject, injectable } from 'tsyringe';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import type { CallContext, TxContext } from '../kernel/context.js';
import type { Database } from '../kernel/database.js';
import { InvalidDataError, NotFoundError, RapportError } from '../kernel/errors.js';
import type { CrmHooks } from '../kernel/hooks.js';
import { DATABASE, HOOKS } from '../kernel/tokens.js';
import { parse, requireIds } from '../kernel/validation.js';
import { CalendarDateSchema } from '../values/time.js';
import type { EmployeeRole } from './access.js';
import { requireDepartment } from './department-service.js';
import { requireAdmin } from './permissions.js';
import { type ReassignResult, reassignParties } from './reassign.js';
import { repointReports, requireValidReportsTo } from './reports-to.js';

/** An employee: a user or sales agent who owns and works parties. */
export interface Employee {
  id: string;
  name: string;
  email: string | null;
  departmentId: string;
  role: EmployeeRole;
  active: boolean;
  deactivatedAt: Date | null;
  heirId: string | null;
  /** Job title as the staff list has it ("Sales Representative"). */
  title: string | null;
  /** Work phone, kept as typed. */
  phone: string | null;
  /** Calendar date `YYYY-MM-DD`. */
  hireDate: string | null;
  /** Calendar date `YYYY-MM-DD` (for greetings). */
  birthDate: string | null;
  /** The employee's manager: an employee of the same tenant; the chain never loops. */
  reportsToId: string | null;
}

/** One employee of the org chart, with their distance from the root and the ids from the root down. */
export interface EmployeeTreeNode extends Employee {
  depth: number;
  /** Ids from the root of the chart to this employee (itself last). */
  path: string[];
}

const Role = z.enum(['agent', 'manager', 'admin']);
const title = z.string().trim().min(1).max(200);
const phone = z.string().trim().min(3).max(40);
const EmployeeInput = z.object({
  name: z.string().trim().min(1).max(200),
  email: z.string().trim().toLowerCase().pipe(z.email()).optional(),
  departmentId: z.uuid(),
  role: Role.default('agent'),
  title: title.optional(),
  phone: phone.optional(),
  hireDate: CalendarDateSchema.optional(),
  birthDate: CalendarDateSchema.optional(),
  reportsToId: z.uuid().optional(),
});
const EmployeePatch = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  email: z.string().trim().toLowerCase().pipe(z.email()).nullable().optional(),
  departmentId: z.uuid().optional(),
  role: Role.optional(),
  title: title.nullable().optional(),
  phone: phone.nullable().optional(),
  hireDate: CalendarDateSchema.nullable().optional(),
  birthDate: CalendarDateSchema.nullable().optional(),
  reportsToId: z.uuid().nullable().optional(),
});
/** The input of `employees.create`. */
export type EmployeeInput = z.input<typeof EmployeeInput>;
/** The input of `employees.update`: only the fields given change; `null` clears an optional one. */
export type EmployeePatch = z.input<typeof EmployeePatch>;
/** Where a leaver's direct reports went: the nearest active manager above the leaver (null: none). */
export interface ReportsMoved {
  movedTo: string | null;
  /** The leaver's former direct reports, by id. */
  employeeIds: string[];
}

const Deactivation = z.union([
  z.object({ heirId: z.uuid(), reason: z.string().trim().min(1).max(500) }),
  z.object({ leaveUnassigned: z.literal(true), reason: z.string().trim().min(1).max(500) }),
]);

/** Employees. Never deleted: deactivating one requires an heir for their customers, or an explicit "leave unassigned". */
@injectable()
export class EmployeeService {
  constructor(
    @inject(DATABASE) private readonly db: Database,
    @inject(HOOKS) private readonly hooks: Readonly<CrmHooks>,
  ) {}

  /**
   * Adds an employee to a department (administrators), optionally with the manager they report to.
   *
   * @example
   * const king = await crm.services.employees.create(ctx, {
   *   name: 'Robert King', departmentId, title: 'Sales Representative', hireDate: '1994-01-02',
   *   birthDate: '1960-05-29', reportsToId: buchanan.id,
   * });
   */
  async create(ctx: CallContext, input: EmployeeInput): Promise<Employee> {
    const data = parse(EmployeeInput, input, 'employee');
    return this.db.transaction(ctx, async (tx) => {
      await requireAdmin(tx);
      await requireDepartment(tx, data.departmentId);
      if (data.reportsToId) await requireValidReportsTo(tx, null, data.reportsToId);
      const id = uuidv7();
      const rows = await tx.db
        .insertInto('Employee')
        .values({
          tenantId: tx.tenantId,
          id,
          name: data.name,
          email: data.email ?? null,
          departmentId: data.departmentId,
          role: data.role,
          title: data.title ?? null,
          phone: data.phone ?? null,
          hireDate: data.hireDate ?? null,
          birthDate: data.birthDate ?? null,
          reportsToId: data.reportsToId ?? null,
        })
        .onConflict((conflict) => conflict.doNothing())
        .returning('id')
        .execute();
      if (rows.length === 0)
        throw new RapportError('DUPLICATE', `An employee with email ${data.email} exists`, {
          details: { email: data.email },
        });
      return requireEmployee(tx, id);
    });
  }

  /** Changes an employee's fields (administrators); a new manager is checked for cycles. */
  async update(ctx: CallContext, id: string, patch: EmployeePatch): Promise<Employee> {
    requireIds('employee', { id });
    const data = parse(EmployeePatch, patch, 'employee changes');
    return this.db.transaction(ctx, async (tx) => {
      await requireAdmin(tx);
      if (data.reportsToId) await requireValidReportsTo(tx, id, data.reportsToId);
      const current = await requireEmployee(tx, id);
      if (data.departmentId) await requireDepartment(tx, data.departmentId);
      await tx.db
        .updateTable('Employee')
        .set({
          name: data.name ?? current.name,
          email: data.email === undefined ? current.email : data.email,
          departmentId: data.departmentId ?? current.departmentId,
          role: data.role ?? current.role,
          title: data.title === undefined ? current.title : data.title,
          phone: data.phone === undefined ? current.phone : data.phone,
          hireDate: data.hireDate === undefined ? current.hireDate : data.hireDate,
          birthDate: data.birthDate === undefined ? current.birthDate : data.birthDate,
          reportsToId: data.reportsToId === undefined ? current.reportsToId : data.reportsToId,
        })
        .where('tenantId', '=', tx.tenantId)
        .where('id', '=', id)
        .execute();
      return requireEmployee(tx, id);
    });
  }

  /** Reads one employee. */
  async get(ctx: CallContext, id: string): Promise<Employee> {
    requireIds('employee', { id });
    return this.db.transaction(ctx, (tx) => requireEmployee(tx, id));
  }

  /** Employees of the tenant (or of one department), active ones unless asked. */
  async list(
    ctx: CallContext,
    options: { departmentId?: string; includeInactive?: boolean } = {},
  ): Promise<Employee[]> {
    return this.db.transaction(ctx, async (tx) => {
      let query = employeeQuery(tx);
      if (options.departmentId) query = query.where('departmentId', '=', options.departmentId);
      if (!options.includeInactive) query = query.where('active', '=', true);
      return query.orderBy(['name', 'id']).execute();
    });
  }

  /**
   * The org chart: everyone under `rootId` (or every employee, from those who report to no one),
   * flat in depth-first order with siblings by name, each with `depth` and `path` — one recursive
   * query. Deactivated employees stay in the chart (with `active: false`) so nobody below them is lost.
   *
   * @example
   * for (const e of await crm.services.employees.tree(ctx)) console.log(`${'  '.repeat(e.depth)}${e.name}`);
   */
  async tree(ctx: CallContext, rootId?: string): Promise<EmployeeTreeNode[]> {
    const root = rootId === undefined ? null : parse(z.uuid(), rootId, 'rootId');
    return this.db.transaction(ctx, async (tx) => {
      if (root) await requireEmployee(tx, root);
      const rows = await tx.sql<{ id: string; depth: number; path: string[] }>(
        `with recursive tree(id, depth, path, sort_key) as (
           select id, 0, array[id], array[lower(name) || ' ' || id::text] from core_employee
           where tenant_id = $1 and (case when $2::uuid is null then reports_to_id is null else id = $2::uuid end)
           union all
           select e.id, t.depth + 1, t.path || e.id, t.sort_key || (lower(e.name) || ' ' || e.id::text)
           from core_employee e join tree t on e.tenant_id = $1 and e.reports_to_id = t.id
         )
         select id, depth, path from tree order by sort_key`,
        [tx.tenantId, root],
      );
      if (rows.length === 0) return [];
      const employees = await employeeQuery(tx)
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
      const byId = new Map(employees.map((e) => [e.id, e]));
      return rows.map((r) => ({ ...byId.get(r.id)!, depth: r.depth, path: r.path }));
    });
  }

  /**
   * Deactivates an employee (administrators). Their customers and their open work (declared party
   * participation, then `ownershipTransferring` taps) go to the heir in the same transaction — or stay
   * explicitly unassigned; open work on customers someone else owns goes to the heir too, and so do
   * the leaver's saved segments.
   */
  async deactivate(
    ctx: CallContext,
    id: string,
    input: z.input<typeof Deactivation>,
  ): Promise<{ employee: Employee; reassignment: ReassignResult; reports: ReportsMoved }> {
    requireIds('employee', { id });
    const data = parse(Deactivation, input, 'deactivation');
    return this.db.transaction(ctx, async (tx) => {
      await requireAdmin(tx);
      const employee = await requireEmployee(tx, id, true);
      if (!employee.active)
        throw new RapportError('CONFLICT', `Employee ${id} is already deactivated`, { details: { id } });
      const heirId = 'heirId' in data ? data.heirId : null;
      if (heirId) {
        if (heirId === id)
          throw new InvalidDataError('deactivation', [
            { path: 'heirId', message: 'an employee cannot inherit from themselves', code: 'custom' },
          ]);
        const heir = await requireEmployee(tx, heirId);
        if (!heir.active)
          throw new InvalidDataError('deactivation', [
            { path: 'heirId', message: 'the heir is deactivated', code: 'custom' },
          ]);
      }
      const reassignment = await reassignParties(tx, this.hooks, {
        fromEmployeeId: id,
        toEmployeeId: heirId,
        reason: `deactivation: ${data.reason}`,
        leaving: true,
      });
      await tx.sql(
        'update core_employee set active = false, deactivated_at = now(), heir_id = $3 where tenant_id = $1 and id = $2',
        [tx.tenantId, id, heirId],
      );
      // The heir also takes over the leaver's saved segments (without one, their managers and
      // administrators keep the right to change them).
      if (heirId)
        await tx.sql('update core_segment set owner_id = $3 where tenant_id = $1 and owner_id = $2', [
          tx.tenantId,
          id,
          heirId,
        ]);
      const reports = await repointReports(tx, id);
      const deactivated = await requireEmployee(tx, id);
      await this.hooks.employeeDeactivated.promise(
        { employee: deactivated, heirId, reassignmentId: reassignment.reassignmentId },
        tx,
      );
      return { employee: deactivated, reassignment, reports };
    });
  }
}

/** The columns of an {@link Employee}, by property name. */
const EMPLOYEE_COLUMNS = [
  'id',
  'name',
  'email',
  'departmentId',
  'role',
  'active',
  'deactivatedAt',
  'heirId',
  'title',
  'phone',
  'reportsToId',
] as const satisfies ReadonlyArray<keyof Employee>;

/** The tenant's employees as {@link Employee}s (calendar dates as `YYYY-MM-DD` text). */
function employeeQuery(tx: TxContext) {
  return tx.db
    .selectFrom('Employee')
    .select(EMPLOYEE_COLUMNS)
    .select([
      sql<string | null>`hire_date::text`.as('hireDate'),
      sql<string | null>`birth_date::text`.as('birthDate'),
    ])
    .where('tenantId', '=', tx.tenantId);
}

/** Reads an employee (locking the row when asked); a missing one is not found. */
export async function requireEmployee(tx: TxContext, id: string, lock = false): Promise<Employee> {
  const query = employeeQuery(tx).where('id', '=', id);
  const row = await (lock ? query.forUpdate() : query).executeTakeFirst();
  if (!row) throw new NotFoundError('Employee', id);
  return row;
}
