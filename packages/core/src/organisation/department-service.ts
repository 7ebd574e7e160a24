import { sql } from 'kysely';
import { inject, injectable } from 'tsyringe';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import type { CallContext, TxContext } from '../kernel/context.js';
import type { Database } from '../kernel/database.js';
import { NotFoundError, RapportError } from '../kernel/errors.js';
import { DATABASE } from '../kernel/tokens.js';
import { parse, requireIds } from '../kernel/validation.js';
import { requireAdmin } from './permissions.js';

/** A department: a node of the tenant's organisation tree. */
export interface Department {
  id: string;
  name: string;
  parentId: string | null;
  /** Ids from the root down to this department. */
  path: string[];
}

const DEPARTMENT_COLUMNS = ['id', 'name', 'parentId', 'path'] as const satisfies ReadonlyArray<
  keyof Department
>;

const DepartmentInput = z.object({ name: z.string().trim().min(1).max(200), parentId: z.uuid().optional() });

/** The tenant's departments, as a tree. Changing it is for administrators. */
@injectable()
export class DepartmentService {
  constructor(@inject(DATABASE) private readonly db: Database) {}

  /** Creates a department under `parentId` (or a root). */
  async create(ctx: CallContext, input: z.input<typeof DepartmentInput>): Promise<Department> {
    const { name, parentId } = parse(DepartmentInput, input, 'department');
    return this.db.transaction(ctx, async (tx) => {
      await requireAdmin(tx);
      const parent = parentId ? await requireDepartment(tx, parentId) : undefined;
      const id = uuidv7();
      const path = [...(parent?.path ?? []), id];
      const rows = await tx.db
        .insertInto('Department')
        .values({ tenantId: tx.tenantId, id, name, parentId: parentId ?? null, path })
        .onConflict((conflict) => conflict.doNothing())
        .returning('id')
        .execute();
      if (rows.length === 0)
        throw new RapportError('DUPLICATE', `A department named "${name}" already exists there`, {
          details: { name, parentId },
        });
      return { id, name, parentId: parentId ?? null, path };
    });
  }

  /** Moves a department (and its subtree) under another parent; a move into its own subtree is refused. */
  async move(ctx: CallContext, id: string, parentId: string | null): Promise<Department> {
    requireIds('department', { id, parentId });
    return this.db.transaction(ctx, async (tx) => {
      await requireAdmin(tx);
      const department = await requireDepartment(tx, id);
      const parent = parentId ? await requireDepartment(tx, parentId) : undefined;
      if (parent?.path.includes(id)) {
        throw new RapportError('CONFLICT', 'A department cannot move into its own subtree', {
          details: { id, parentId },
        });
      }
      const newPrefix = [...(parent?.path ?? []), id];
      // Every node of the subtree swaps the old prefix of its path for the new one, in one statement.
      await tx.sql(
        `update core_department set path = $3::uuid[] || path[$4 + 1:], parent_id = case when id = $5 then $6::uuid else parent_id end
         where tenant_id = $1 and path @> $2::uuid[]`,
        [tx.tenantId, [id], newPrefix, department.path.length, id, parentId],
      );
      return requireDepartment(tx, id);
    });
  }

  /** Every department of the tenant, parents before children. */
  async list(ctx: CallContext): Promise<Department[]> {
    return this.db.transaction(ctx, async (tx) => {
      return tx.db
        .selectFrom('Department')
        .select(DEPARTMENT_COLUMNS)
        .where('tenantId', '=', tx.tenantId)
        .orderBy(sql`array_length(path, 1)`)
        .orderBy('name')
        .execute();
    });
  }
}

/** Reads a department; a missing one is not found. */
export async function requireDepartment(tx: TxContext, id: string): Promise<Department> {
  const row = await tx.db
    .selectFrom('Department')
    .select(DEPARTMENT_COLUMNS)
    .where('tenantId', '=', tx.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Department', id);
  return row;
}
