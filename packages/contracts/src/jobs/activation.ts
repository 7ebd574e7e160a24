import type { TxContext } from '@rapport/core/plugin';
import { readContracts } from '../contracts/contract-reader.js';
import { type TransitionDeps, vetoOf } from '../contracts/transition.js';
import { type Move, writeMoves } from './moves.js';

const CHUNK = 1_000;
const REASON = 'start date reached';

/** What {@link activateContracts} did. */
export interface ActivationResult {
  activated: string[];
  vetoed: string[];
}

/**
 * Moves `signed` contracts whose start date has come (on or before `on`) to `active`, as a manual
 * move would (reason, history row, journal entry, `contractTransitioned`), set-based per chunk; a
 * `beforeContractTransition` veto leaves that contract signed and the run goes on. A contract signed
 * after its start date had passed is caught by the next run. Idempotent: activated contracts are no
 * longer `signed`.
 */
export async function activateContracts(
  tx: TxContext,
  deps: TransitionDeps,
  on: string,
): Promise<ActivationResult> {
  const due = await tx.sql<{ id: string }>(
    `select id from contracts_contract
     where tenant_id = $1 and status = 'signed' and start_on <= $2::date
     order by start_on, id for update`,
    [tx.tenantId, on],
  );
  const result: ActivationResult = { activated: [], vetoed: [] };
  for (let i = 0; i < due.length; i += CHUNK) {
    const contracts = await readContracts(
      tx,
      due.slice(i, i + CHUNK).map((r) => r.id),
    );
    const moves: Move[] = [];
    for (const contract of contracts) {
      if ((await vetoOf(tx, deps, contract, 'active', REASON)) !== null) result.vetoed.push(contract.id);
      else moves.push({ contract, to: 'active', reason: REASON });
    }
    await writeMoves(tx, deps, on, moves);
    result.activated.push(...moves.map((m) => m.contract.id));
  }
  return result;
}
