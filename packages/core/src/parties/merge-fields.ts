import type { TxContext } from '../kernel/context.js';
import type { ParsedMergeInput } from './merge-input.js';
import type { Party } from './party.js';
import type { FieldChanges } from './party-events.js';
import { displayNameOf } from './prepare.js';

type Side = 'survivor' | 'merged';

const COLUMNS = {
  displayName: 'display_name',
  givenName: 'given_name',
  familyName: 'family_name',
  organizationName: 'organization_name',
  legalName: 'legal_name',
  taxNumber: 'tax_number',
  registrationNumber: 'registration_number',
  locale: 'locale',
  ownerId: 'owner_id',
  teamId: 'team_id',
} as const;

const LIFECYCLE_RANK: Record<string, number> = { lost: 1, lead: 2, qualified: 3, customer: 4 };

/** Picks a value: the side asked for, else the survivor's, else the merged party's. */
function pick<T>(side: Side | undefined, survivor: T, merged: T): T {
  if (side === 'merged') return merged;
  if (side === 'survivor') return survivor;
  return survivor ?? merged;
}

/**
 * Writes the survivor's fields after a merge: each from the side `fieldsFrom` names, else the
 * survivor's value or, when it has none, the merged party's; the lifecycle is the more advanced of
 * the two; tags are the union; custom fields are combined (the survivor's win). Returns the changes.
 */
export async function mergeFields(
  tx: TxContext,
  survivor: Party,
  merged: Party,
  fieldsFrom: NonNullable<ParsedMergeInput['fieldsFrom']> = {},
): Promise<FieldChanges> {
  const changes: FieldChanges = {};
  const sets: string[] = [];
  const values: unknown[] = [tx.tenantId, survivor.id];
  const set = (column: string, field: string, from: unknown, to: unknown, cast = '') => {
    if (JSON.stringify(from) === JSON.stringify(to)) return;
    changes[field] = [from, to];
    values.push(cast === '::jsonb' ? JSON.stringify(to) : to);
    sets.push(`${column} = $${values.length}${cast}`);
  };
  const next: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(COLUMNS) as [keyof typeof COLUMNS, string][]) {
    next[field] = pick(fieldsFrom[field], survivor[field], merged[field]);
    if (field !== 'displayName') set(column, field, survivor[field], next[field]);
  }
  const derived = survivor.displayName === displayNameOf({ ...survivor, displayName: null });
  const names = next as {
    givenName: string | null;
    familyName: string | null;
    organizationName: string | null;
  };
  const display =
    fieldsFrom.displayName === undefined && derived
      ? displayNameOf({ kind: survivor.kind, ...names, displayName: null }) || survivor.displayName
      : (next.displayName as string);
  set('display_name', 'displayName', survivor.displayName, display);
  const lifecycleSide =
    fieldsFrom.lifecycle ??
    ((LIFECYCLE_RANK[merged.lifecycle ?? ''] ?? 0) > (LIFECYCLE_RANK[survivor.lifecycle ?? ''] ?? 0)
      ? 'merged'
      : 'survivor');
  const from = lifecycleSide === 'merged' ? merged : survivor;
  set('lifecycle', 'lifecycle', survivor.lifecycle, from.lifecycle);
  set('lost_reason', 'lostReason', survivor.lostReason, from.lifecycle === 'lost' ? from.lostReason : null);
  const source = (key: keyof Party['source']) =>
    pick(fieldsFrom.source, survivor.source[key], merged.source[key]);
  set('source_channel', 'source.channel', survivor.source.channel, source('channel'));
  set('source_campaign', 'source.campaign', survivor.source.campaign, source('campaign'));
  // A referrer that was one of the two parties would make the survivor refer itself.
  const referrer = source('referrerId');
  set(
    'source_referrer_id',
    'source.referrerId',
    survivor.source.referrerId,
    referrer === survivor.id || referrer === merged.id ? null : referrer,
  );
  set('tags', 'tags', survivor.tags, [...new Set([...survivor.tags, ...merged.tags])]);
  set(
    'custom',
    'custom',
    survivor.custom,
    mergeCustom(survivor.custom, merged.custom, fieldsFrom),
    '::jsonb',
  );
  if (sets.length > 0) {
    await tx.sql(`update core_party set ${sets.join(', ')} where tenant_id = $1 and id = $2`, values);
  }
  return changes;
}

function mergeCustom(
  survivor: Record<string, unknown>,
  merged: Record<string, unknown>,
  fieldsFrom: Record<string, Side>,
): Record<string, unknown> {
  const base =
    fieldsFrom.custom === 'merged'
      ? { ...merged }
      : fieldsFrom.custom === 'survivor'
        ? { ...survivor }
        : { ...merged, ...survivor };
  for (const [key, side] of Object.entries(fieldsFrom)) {
    if (!key.startsWith('custom.')) continue;
    const name = key.slice('custom.'.length);
    const value = side === 'merged' ? merged[name] : survivor[name];
    if (value === undefined || value === null) delete base[name];
    else base[name] = value;
  }
  return base;
}
