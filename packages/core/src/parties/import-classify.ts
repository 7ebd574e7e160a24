import type { FieldIssue } from '../kernel/errors.js';
import type { DuplicateMatch } from './duplicates-error.js';
import type { ImportItem } from './import-rows.js';
import type { ImportDuplicate, ImportMatch, OnDuplicate } from './import-types.js';
import type { IdentityKey } from './party.js';
import type { PreparedParty } from './prepare.js';

/** What a batch will do with each of its rows. */
export interface BatchPlan {
  create: ImportItem[];
  /** Rows to attach to the one party they matched. */
  link: Array<{ item: ImportItem; partyId: string }>;
  /** Rows whose external key was imported before (or earlier in the batch), with its party. */
  unchanged: Array<{ item: ImportItem; partyId: string }>;
  duplicates: ImportDuplicate[];
  /** Duplicates refused as errors (`onDuplicate: 'error'`). */
  failed: Array<{ item: ImportItem; issues: FieldIssue[] }>;
}

/** What the database already holds for a batch's keys. */
export interface BatchLookups {
  /** External keys of the import's source that already name a party, with that party. */
  known: ReadonlyMap<string, string>;
  /** Holders of the batch's identity keys, by `kind:value`. */
  holders: ReadonlyMap<string, DuplicateMatch>;
  /** Rows an earlier attempt lost to a concurrent writer, with the parties that won. */
  forced: ReadonlyMap<number, ImportMatch[]>;
}

/** `kind:value` of an identity key. */
export function keyOf(key: IdentityKey): string {
  return `${key.kind}:${key.value}`;
}

/**
 * Decides, in row order, what happens to each row of a batch. A known external key makes the row
 * unchanged (imported before); an identity key held in the database or by an earlier row of the
 * batch makes it a duplicate of that party, handled as `onDuplicate` says; the rest are created.
 */
export function classify(
  items: readonly ImportItem[],
  lookups: BatchLookups,
  onDuplicate: OnDuplicate,
): BatchPlan {
  const plan: BatchPlan = { create: [], link: [], unchanged: [], duplicates: [], failed: [] };
  const seen = new Map<string, ImportMatch>();
  const seenKeys = new Map<string, string>();
  const claim = (item: ImportItem, owner: Omit<ImportMatch, 'kind' | 'value'>) => {
    for (const key of item.party.identities)
      seen.set(keyOf(key), { ...owner, kind: key.kind, value: key.value });
    if (item.externalKey !== null) seenKeys.set(item.externalKey, owner.partyId);
  };
  for (const item of items) {
    const { party, externalKey } = item;
    const keyed =
      externalKey === null ? undefined : (lookups.known.get(externalKey) ?? seenKeys.get(externalKey));
    if (keyed !== undefined) {
      plan.unchanged.push({ item, partyId: keyed });
      continue;
    }
    const matches = lookups.forced.get(item.row) ?? matchesOf(party, lookups.holders, seen);
    if (matches.length === 0) {
      plan.create.push(item);
      const owner = { partyId: party.id, displayName: party.displayName, ownerId: party.ownerId };
      claim(item, { ...owner, row: item.row });
      continue;
    }
    const parties = new Set(matches.map((m) => m.partyId));
    if (onDuplicate === 'link' && parties.size === 1) {
      const [{ kind: _kind, value: _value, ...owner }] = matches as [ImportMatch];
      plan.link.push({ item, partyId: owner.partyId });
      claim(item, owner);
    } else if (onDuplicate === 'error') {
      plan.failed.push({ item, issues: matches.map((m) => duplicateIssue(party, m)) });
    } else {
      plan.duplicates.push({ row: item.row, externalKey, matches });
    }
  }
  return plan;
}

function matchesOf(
  party: PreparedParty,
  holders: ReadonlyMap<string, DuplicateMatch>,
  seen: ReadonlyMap<string, ImportMatch>,
): ImportMatch[] {
  const matches: ImportMatch[] = [];
  for (const key of party.identities) {
    const match = holders.get(keyOf(key)) ?? seen.get(keyOf(key));
    if (match) matches.push(match);
  }
  return matches;
}

/** The duplicate as a field issue, on the field that holds the matching value. */
function duplicateIssue(party: PreparedParty, match: ImportMatch): FieldIssue {
  let path = '';
  if (match.kind === 'tax_number') path = 'taxNumber';
  else if (match.kind === 'registration_number') path = 'registrationNumber';
  else {
    const index = party.contactPoints.findIndex((cp) =>
      match.kind === 'domain'
        ? cp.details.domain === match.value
        : cp.kind === match.kind && cp.value === match.value,
    );
    if (index >= 0) path = `contactPoints.${index}.value`;
  }
  return {
    path,
    message: `${match.kind} "${match.value}" already belongs to ${match.displayName} (${match.partyId})`,
    code: 'duplicate',
  };
}
