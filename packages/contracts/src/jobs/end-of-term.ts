import { addDays, type TxContext } from '@rapport/core/plugin';
import { uuidv7 } from 'uuidv7';
import { allocateContractNumber } from '../contracts/numbering.js';
import { type TransitionDeps, vetoOf } from '../contracts/transition.js';
import type { Contract } from '../types.js';
import { type Move, writeMoves } from './moves.js';

/** What {@link endContracts} did. */
export interface EndOfTermResult {
  renewed: Array<{ contractId: string; renewalId: string }>;
  expired: string[];
  vetoed: string[];
}

/**
 * Renews or expires LOCKED contracts whose end date has come: the vetoes asked one by one, a number
 * per follow-up from documents — for the period of the follow-up's own start date (the day after the
 * end), not the run's day, so a catch-up run in January numbers a renewal starting on 31 December in
 * the old year — then the moves written set-based ({@link writeMoves}). Renewed: active, with
 * auto-renewal and renewals left; the rest expire.
 */
export async function endContracts(
  tx: TxContext,
  deps: TransitionDeps,
  on: string,
  contracts: readonly Contract[],
): Promise<EndOfTermResult> {
  const result: EndOfTermResult = { renewed: [], expired: [], vetoed: [] };
  const moves: Move[] = [];
  for (const contract of contracts) {
    const renews =
      contract.status === 'active' &&
      contract.autoRenewal !== null &&
      (contract.autoRenewal.maxRenewals === undefined ||
        contract.renewalCount < contract.autoRenewal.maxRenewals);
    const to = renews ? 'renewed' : 'expired';
    const reason = renews ? 'automatic renewal' : 'end date reached';
    if ((await vetoOf(tx, deps, contract, to, reason)) !== null) result.vetoed.push(contract.id);
    else moves.push({ contract, to, reason });
  }
  for (const move of moves)
    if (move.to === 'renewed')
      move.renewal = {
        id: uuidv7(),
        number: await allocateContractNumber(tx, addDays(move.contract.endOn!, 1)),
      };
  await writeMoves(tx, deps, on, moves);
  for (const m of moves) {
    if (m.renewal) result.renewed.push({ contractId: m.contract.id, renewalId: m.renewal.id });
    else result.expired.push(m.contract.id);
  }
  return result;
}
