import type { TxContext } from '@rapport/core/plugin';
import { DOCUMENT_SERVICE } from '@rapport/documents';

/**
 * The next contract number, allocated by `@rapport/documents` (document type `contract`, declared by
 * this plugin) for the period of `on`, inside `tx`: gapless, and given back if `tx` rolls back.
 */
export async function allocateContractNumber(tx: TxContext, on: string): Promise<string> {
  const { number } = await tx.resolve(DOCUMENT_SERVICE).allocateNumber(tx, { type: 'contract', on });
  return number;
}
