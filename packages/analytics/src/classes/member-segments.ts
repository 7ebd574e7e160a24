import { FILTER_LIMITS, type Filter, type SegmentService, type TxContext } from '@rapport/core/plugin';
import { invalidField } from '../shared/checks.js';

/**
 * Saves one core segment per class of a saved classification, whose filter is the list of its
 * members (`id in [...]`, in chunks of the filter's list limit under one `or`): core segments are
 * filters, so a class becomes a **static** segment — it keeps the members of the moment it was saved
 * (re-save the classification to refresh). Empty classes get no segment.
 */
export async function saveMemberSegments(
  tx: TxContext,
  segments: SegmentService,
  classificationId: string,
  name: string,
  classes: readonly string[],
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const cls of classes) {
    const rows = await tx.sql<{ party_id: string }>(
      `select party_id from analytics_class_member where tenant_id = $1 and classification_id = $2 and class = $3 order by rank`,
      [tx.tenantId, classificationId, cls],
    );
    if (rows.length === 0) continue;
    const chunk = FILTER_LIMITS.listValues;
    const max = chunk * (FILTER_LIMITS.nodes - 1);
    if (rows.length > max)
      throw invalidField(
        'classification',
        'segments',
        `class ${cls} has ${rows.length} members; a segment holds at most ${max}`,
      );
    const parts: Filter[] = [];
    for (let i = 0; i < rows.length; i += chunk)
      parts.push({ field: 'id', op: 'in', value: rows.slice(i, i + chunk).map((r) => r.party_id) } as Filter);
    const filter: Filter = parts.length === 1 ? parts[0]! : { or: parts };
    const segment = await segments.save(tx, { name: `${name}: ${cls}`, filter });
    out[cls] = segment.id;
  }
  return out;
}
