import type { ContractStatus } from '../types.js';

/** Every status, in lifecycle order. */
export const CONTRACT_STATUSES = [
  'draft',
  'in_approval',
  'signed',
  'active',
  'suspended',
  'expired',
  'terminated',
  'renewed',
] as const satisfies readonly ContractStatus[];

/**
 * The allowed moves: anything else is refused. `renewed` is reached only through `contracts.renew`
 * (or the daily job), which also creates the follow-up contract.
 */
export const TRANSITIONS: Readonly<Record<ContractStatus, readonly ContractStatus[]>> = {
  draft: ['in_approval', 'terminated'],
  in_approval: ['draft', 'signed', 'terminated'],
  signed: ['active', 'expired', 'terminated'],
  active: ['suspended', 'expired', 'terminated', 'renewed'],
  suspended: ['active', 'expired', 'terminated', 'renewed'],
  expired: [],
  terminated: [],
  renewed: [],
};

/** Statuses in which a contract binds the parties (signed and not yet ended). */
export const LIVE_STATUSES = ['signed', 'active', 'suspended'] as const satisfies readonly ContractStatus[];

/** True when `from → to` is in {@link TRANSITIONS}. */
export function isAllowed(from: ContractStatus, to: ContractStatus): boolean {
  return TRANSITIONS[from].includes(to);
}
