import type { defineActivityType } from '@rapport/core/plugin';

/** The journal activity types the pricing plugin registers (one per line; quotes add theirs). */
export const PRICING_ACTIVITY_TYPES: ReadonlyArray<ReturnType<typeof defineActivityType>> = [];
