import type { TableParticipation } from '@rapport/core/plugin';

/**
 * How messages take part in party operations, declared: a merge moves them to the survivor, an
 * export lists them (without the unsubscribe secret and the worker's claim), an erasure blanks the
 * address, rendered content, data and last error and stamps `erased_at` (status, times and counts
 * stay for the mailing figures). Skipping what is still queued stays a tap (`core-taps.ts`).
 */
export const MESSAGING_PARTICIPATION: readonly TableParticipation[] = [
  {
    table: 'messaging_message',
    label: 'messages',
    exportOmits: ['unsubscribe_secret', 'claim_id', 'claimed_at', 'next_attempt_at'],
    parties: [
      {
        column: 'party_id',
        erase: {
          set: { address: null, content: null, data: null, last_error: null, unsubscribe_secret: null },
          stamp: 'erased_at',
        },
      },
    ],
  },
];
