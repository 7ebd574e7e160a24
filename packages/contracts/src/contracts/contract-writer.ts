import { mayChangeOwned, NotAllowedError, type TxContext, visibilityOf } from '@rapport/core/plugin';
import type { Contract } from '../types.js';

/**
 * Refuses (not allowed) unless the actor may change the contract — move it, renew it, correct it,
 * attach documents: its owner, someone the owner reports to (directly or indirectly), a manager who
 * may see it, an administrator or a system process (the rule of the pipeline's deals). Colleagues who
 * see a contract through its party may read it only.
 */
export async function requireContractWriter(tx: TxContext, contract: Contract): Promise<void> {
  if (mayChangeOwned(await visibilityOf(tx), contract.ownerId)) return;
  throw new NotAllowedError(`Only the owner or a manager may change contract ${contract.number}`, {
    contractId: contract.id,
    ownerId: contract.ownerId,
  });
}
