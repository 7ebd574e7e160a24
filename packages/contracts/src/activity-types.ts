import { defineActivityType, z } from '@rapport/core/plugin';
import { CONTRACT_STATUSES } from './contracts/lifecycle.js';
import type { ContractStatus } from './types.js';

declare module '@rapport/core/plugin' {
  interface ActivityTypeMap {
    /** A contract was created (`from` null), moved through its lifecycle, or corrected (`event: 'updated'`). */
    contract: {
      contractId: string;
      number: string;
      from: ContractStatus | null;
      to: ContractStatus;
      reason: string | null;
      /** `updated` for a correction of its fields (`from` = `to` = its status); absent for a move. */
      event?: 'updated';
      /** The fields an update changed. */
      fields?: string[];
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
      event: z.literal('updated').optional(),
      fields: z.array(z.string().max(100)).max(20).optional(),
    }),
  }),
] as const;
