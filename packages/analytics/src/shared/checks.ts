import { InvalidDataError, NotFoundError, type TxContext } from '@rapport/core/plugin';

/** An INVALID_DATA error on one field. */
export function invalidField(what: string, path: string, message: string): InvalidDataError {
  return new InvalidDataError(what, [{ path, message, code: 'custom' }]);
}

/** Throws NOT_FOUND (naming `field`) unless the department exists in the tenant. */
/** An unknown employee named by a filter is not found, naming the field. */
export async function requireEmployeeFound(tx: TxContext, id: string, field: string): Promise<void> {
  const rows = await tx.sql('select 1 from core_employee where tenant_id = $1 and id = $2', [
    tx.tenantId,
    id,
  ]);
  if (rows.length === 0) throw new NotFoundError('Employee', id, { field });
}

export async function requireDepartmentFound(tx: TxContext, id: string, field: string): Promise<void> {
  const rows = await tx.sql('select 1 from core_department where tenant_id = $1 and id = $2', [
    tx.tenantId,
    id,
  ]);
  if (rows.length === 0) throw new NotFoundError('Department', id, { field });
}
