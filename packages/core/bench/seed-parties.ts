import {
  type CallContext,
  type Crm,
  claimIdentities,
  insertParties,
  PartyInputSchema,
  type PreparedParty,
  prepareParty,
} from './internals.js';
import { organizationInput, personInput, random } from './party-data.js';

/** Options of {@link seedParties}. */
export interface SeedOptions {
  /** How many people to write. */
  people: number;
  /** How many organisations to write first; a tenth of the people become their contact persons. */
  organizations?: number;
  /** Rows per transaction (default 1000). */
  batch?: number;
  seed?: number;
}

/**
 * Writes a realistic base fast: prepared parties in batches through `insertParties` and
 * `claimIdentities` (a fixed number of statements per batch), then ANALYZE. Statistics are refreshed
 * while the tables grow, because plans cached on nearly empty tables (foreign-key checks among
 * them) become very slow later.
 */
export async function seedParties(crm: Crm, ctx: CallContext, options: SeedOptions): Promise<string[]> {
  const rnd = random(options.seed ?? 42);
  const size = options.batch ?? 1000;
  const prepare = (input: unknown) =>
    prepareParty(PartyInputSchema.parse(input), { defaultRegion: 'DE', customFields: [] });
  const write = async (parties: PreparedParty[], analyze: boolean) => {
    await crm.transaction(ctx, async (tx) => {
      await insertParties(tx, parties, 'import');
      await claimIdentities(
        tx,
        parties.flatMap((p) => p.identities.map((k) => ({ ...k, partyId: p.id }))),
      );
    });
    if (analyze) await crm.transaction(ctx, (tx) => tx.sql('analyze'));
  };
  const organizations: string[] = [];
  const orgCount = options.organizations ?? 0;
  for (let start = 0; start < orgCount; start += size) {
    const batch = Array.from({ length: Math.min(size, orgCount - start) }, (_, i) =>
      prepare(organizationInput(start + i, rnd)),
    );
    organizations.push(...batch.map((p) => p.id));
    await write(batch, start === 0);
  }
  for (let start = 0, n = 0; start < options.people; start += size, n++) {
    const batch = Array.from({ length: Math.min(size, options.people - start) }, (_, i) => {
      const input = personInput(start + i, rnd);
      if (organizations.length > 0 && rnd() < 0.1) {
        const organizationId = organizations[Math.floor(rnd() * organizations.length)]!;
        input.roles = [...(input.roles ?? []), { role: 'contact_person', organizationId }];
      }
      return prepare(input);
    });
    // Refresh statistics while the tables are small and growing fast: 1k, 2k, 4k, 8k… rows.
    await write(batch, (n & (n + 1)) === 0 || n % 20 === 0);
  }
  await crm.transaction(ctx, (tx) => tx.sql('analyze'));
  return organizations;
}
