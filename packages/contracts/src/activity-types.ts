import { defineActivityType, z } from '@rapport/core/plugin';
import { CONTRACT_STATUSES } from './contracts/lifecycle.js';
import type { ContractStatus } from './types.js';

declare module '@rapport/core/plugin' {
  interface ActivityTypeMap {
    /** A contract was created (`from` null) or moved through its lifecycle. */
    contract: {
      contractId: string;
      number: string;
      from: ContractStatus | null;
      to: ContractStatus;
      reason: string | null;
    };
  }
}

/** The journal activity types the contracts plugin registers; entries have the subject `{ type: 'contract', id }`. */
export const CONTRACTS_ACTIVITY_TYPES = [
  defineActivityType({
    key: 'contract',
    label: 'Contract',
    schema: z.strictObject({
      contractId: z.uuid(),
      number: z.string().min(1).max(100),
      from: z.enum(CONTRACT_STATUSES).nullable(),
      to: z.enum(CONTRACT_STATUSES),
      reason: z.string().max(1000).nullable(),
    }),
  }),
] as const;
