import type { TxContext } from '../kernel/context.js';
import { NotAllowedError } from '../kernel/errors.js';
import { visibilityOf } from './access.js';

/** Refuses unless the actor is an administrator or a system process. */
export async function requireAdmin(tx: TxContext): Promise<void> {
  const visibility = await visibilityOf(tx);
  if (!visibility.all)
    throw new NotAllowedError('Only administrators may do this', { role: visibility.role });
}

/** Refuses unless the actor is a manager, an administrator or a system process. */
export async function requireManager(tx: TxContext): Promise<void> {
  const visibility = await visibilityOf(tx);
  if (!visibility.all && visibility.role !== 'manager') {
    throw new NotAllowedError('Only managers and administrators may do this', { role: visibility.role });
  }
}
