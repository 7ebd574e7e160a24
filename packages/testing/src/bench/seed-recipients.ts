import type { CallContext, Crm } from '@rapport/core';

/** What {@link seedRecipients} writes. */
export interface SeedRecipientsOptions {
  /** How many parties: people `Given<n> Family<n>`, `n` from 0, tagged `bench`. */
  count: number;
  /** Each party's primary contact point; `valueSql` builds its value from `n` (SQL text). */
  contact: { kind: 'email' | 'phone'; valueSql(n: string): string; identity?: boolean };
  /** The consent channel every party has opted in to. */
  consentChannel: string;
}

/**
 * Seeds the recipients of a messaging benchmark with set-based SQL (what an import would write,
 * minus its checks), then analyzes: the benchmark measures sending, not loading.
 *
 * @example
 * await seedRecipients(crm, ctx, {
 *   count: 50_000, consentChannel: 'email',
 *   contact: { kind: 'email', valueSql: (n) => `'p' || ${n} || '@bench.test'`, identity: true },
 * });
 */
export async function seedRecipients(
  crm: Pick<Crm, 'transaction'>,
  ctx: CallContext,
  options: SeedRecipientsOptions,
): Promise<void> {
  const { contact } = options;
  await crm.transaction(ctx, async (tx) => {
    await tx.sql(
      `insert into core_party (tenant_id, id, kind, display_name, given_name, family_name, tags)
       select $1, core_uuidv7(), 'person', 'Given' || i || ' Family' || i, 'Given' || i, 'Family' || i, '{bench}'
       from generate_series(0, $2 - 1) as i`,
      [ctx.tenantId, options.count],
    );
    await tx.sql(
      `insert into core_contact_point (tenant_id, id, party_id, kind, value, is_primary)
       select $1, core_uuidv7(), p.id, $2, ${contact.valueSql('substring(p.given_name from 6)')}, true
       from core_party p where p.tenant_id = $1`,
      [ctx.tenantId, contact.kind],
    );
    if (contact.identity) {
      await tx.sql(
        `insert into core_party_identity (tenant_id, kind, value, party_id)
         select $1, $2, cp.value, cp.party_id from core_contact_point cp where cp.tenant_id = $1`,
        [ctx.tenantId, contact.kind],
      );
    }
    await tx.sql(
      `insert into core_consent (tenant_id, id, party_id, channel, status, source, actor)
       select $1, core_uuidv7(), p.id, $2, 'opted_in', 'bench', '{"kind":"system","name":"bench"}'
       from core_party p where p.tenant_id = $1`,
      [ctx.tenantId, options.consentChannel],
    );
  });
  await crm.transaction(ctx, (tx) => tx.sql('analyze'));
}
