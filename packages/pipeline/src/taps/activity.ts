import type { JournalEntry, TxContext } from '@rapport/core/plugin';

/**
 * Keeps `last_activity_at` of deals current: every recorded entry whose subject is a deal (done work,
 * not planned work nor corrections) moves the deal's last activity to the entry's time (never into
 * the future, never backwards) and clears its stalled mark. One statement per recorded batch.
 */
export async function touchDeals(entries: readonly JournalEntry[], tx: TxContext): Promise<void> {
  const touches = entries.filter(
    (e) => e.subject?.type === 'deal' && e.status !== 'planned' && e.corrects === null,
  );
  if (touches.length === 0) return;
  await tx.sql(
    `update pipeline_deal d set last_activity_at = greatest(d.last_activity_at, least(t.at, clock_timestamp())),
       stalled_at = null
     from (select id, max(at) as at from unnest($2::uuid[], $3::timestamptz[]) as u(id, at) group by id) t
     where d.tenant_id = $1 and d.id = t.id
       and (d.last_activity_at < least(t.at, clock_timestamp()) or d.stalled_at is not null)`,
    [tx.tenantId, touches.map((e) => e.subject!.id), touches.map((e) => e.occurredAt.toISOString())],
  );
}
