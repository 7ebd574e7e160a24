import type { InjectionToken } from 'tsyringe';
import { z } from 'zod';

/** Options of core's party module (`createCrm({ parties: {...} })`). */
export const PartyOptionsSchema = z.object({
  /** Region used to read phone numbers written without a country code (ISO 3166-1 alpha-2). */
  defaultRegion: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code')
    .default('US'),
  /** Minimum trigram similarity (0–1) for two names to be reported as possible duplicates. */
  fuzzyThreshold: z.number().min(0.1).max(1).default(0.55),
  /** Whether agents see parties that have no owner (the pool of unassigned leads). */
  unownedPartiesVisible: z.boolean().default(true),
});

/** Options of core's party module. */
export type PartyOptions = z.output<typeof PartyOptionsSchema>;

/** Token of the validated {@link PartyOptions}. */
export const PARTY_OPTIONS: InjectionToken<PartyOptions> = Symbol('rapport.core.partyOptions');
