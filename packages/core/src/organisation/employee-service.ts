import { inject, injectable } from 'tsyringe';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import type { CallContext, TxContext } from '../kernel/context.js';
import type { Database } from '../kernel/database.js';
import { InvalidDataError, NotFoundError, RapportError } from '../kernel/errors.js';
import type { CrmHooks } from '../kernel/hooks.js';
import { DATABASE, HOOKS } from '../kernel/tokens.js';
import { parse } from '../kernel/validation.js';
import type { EmployeeRole } from './access.js';
import { requireDepartment } from './department-service.js';
import { requireAdmin } from './permissions.js';
import { type ReassignResult, reassignParties } from './reassign.js';

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
}

const Role = z.enum(['agent', 'manager', 'admin']);
const EmployeeInput = z.object({
  name: z.string().trim().min(1).max(200),
  email: z.string().trim().toLowerCase().pipe(z.email()).optional(),
  departmentId: z.uuid(),
  role: Role.default('agent'),
});
const EmployeePatch = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  email: z.string().trim().toLowerCase().pipe(z.email()).nullable().optional(),
  departmentId: z.uuid().optional(),
  role: Role.optional(),
});
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

  /** Adds an employee to a department (administrators). */
  async create(ctx: CallContext, input: z.input<typeof EmployeeInput>): Promise<Employee> {
    const data = parse(EmployeeInput, input, 'employee');
    return this.db.transaction(ctx, async (tx) => {
      await requireAdmin(tx);
      await requireDepartment(tx, data.departmentId);
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

  /** Changes an employee's name, email, department or role (administrators). */
  async update(ctx: CallContext, id: string, patch: z.input<typeof EmployeePatch>): Promise<Employee> {
    const data = parse(EmployeePatch, patch, 'employee changes');
    return this.db.transaction(ctx, async (tx) => {
      await requireAdmin(tx);
      const current = await requireEmployee(tx, id);
      if (data.departmentId) await requireDepartment(tx, data.departmentId);
      await tx.db
        .updateTable('Employee')
        .set({
          name: data.name ?? current.name,
          email: data.email === undefined ? current.email : data.email,
          departmentId: data.departmentId ?? current.departmentId,
          role: data.role ?? current.role,
        })
        .where('tenantId', '=', tx.tenantId)
        .where('id', '=', id)
        .execute();
      return requireEmployee(tx, id);
    });
  }

  /** Reads one employee. */
  async get(ctx: CallContext, id: string): Promise<Employee> {
    return this.db.transaction(ctx, (tx) => requireEmployee(tx, id));
  }

  /** Employees of the tenant (or of one department), active ones unless asked. */
  async list(
    ctx: CallContext,
    options: { departmentId?: string; includeInactive?: boolean } = {},
  ): Promise<Employee[]> {
    return this.db.transaction(ctx, async (tx) => {
      let query = tx.db.selectFrom('Employee').select(EMPLOYEE_COLUMNS).where('tenantId', '=', tx.tenantId);
      if (options.departmentId) query = query.where('departmentId', '=', options.departmentId);
      if (!options.includeInactive) query = query.where('active', '=', true);
      return query.orderBy(['name', 'id']).execute();
    });
  }

  /**
   * Deactivates an employee (administrators). Their customers and their open work (declared party
   * participation, then `ownershipTransferring` taps) go to the heir in the same transaction — or stay
   * explicitly unassigned; open work on customers someone else owns goes to the heir too.
   */
  async deactivate(
    ctx: CallContext,
    id: string,
    input: z.input<typeof Deactivation>,
  ): Promise<{ employee: Employee; reassignment: ReassignResult }> {
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
      const deactivated = await requireEmployee(tx, id);
      await this.hooks.employeeDeactivated.promise(
        { employee: deactivated, heirId, reassignmentId: reassignment.reassignmentId },
        tx,
      );
      return { employee: deactivated, reassignment };
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
] as const satisfies ReadonlyArray<keyof Employee>;

/** Reads an employee (locking the row when asked); a missing one is not found. */
export async function requireEmployee(tx: TxContext, id: string, lock = false): Promise<Employee> {
  const query = tx.db
    .selectFrom('Employee')
    .select(EMPLOYEE_COLUMNS)
    .where('tenantId', '=', tx.tenantId)
    .where('id', '=', id);
  const row = await (lock ? query.forUpdate() : query).executeTakeFirst();
  if (!row) throw new NotFoundError('Employee', id);
  return row;
}
