import { z } from 'zod';
import type { Filter } from './filter.js';

/** A saved, named filter over parties; its members are computed when asked, never stored. */
export interface Segment {
  id: string;
  name: string;
  filter: Filter;
  /**
   * The employee who saved it: they, whoever they report to (directly or indirectly), managers of
   * their department's subtree and administrators may change or delete it. `null` (saved by a
   * system process, or before owners existed): administrators only.
   */
  ownerId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const name = z.string().trim().min(1).max(200);

/** The input of `segments.save`; the filter is checked against the tenant's fields separately. */
export const SegmentInputSchema = z.strictObject({ name, filter: z.unknown() });
/** The input of `segments.save`. */
export interface SegmentInput {
  name: string;
  filter: Filter;
}

/** The input of `segments.update`: a new name, a new filter, or both. */
export const SegmentPatchSchema = z.strictObject({ name: name.optional(), filter: z.unknown().optional() });
/** The input of `segments.update`. */
export interface SegmentPatch {
  name?: string;
  filter?: Filter;
}

/** The columns of a {@link Segment}, by property name (`tx.db`). */
export const SEGMENT_COLUMNS = [
  'id',
  'name',
  'filter',
  'ownerId',
  'createdAt',
  'updatedAt',
] as const satisfies ReadonlyArray<keyof Segment>;

/** The field names a filter refers to, found without validating it (to load only what it needs). */
export function referencedFields(filter: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(filter)) for (const item of filter) referencedFields(item, out);
  else if (typeof filter === 'object' && filter !== null) {
    const node = filter as Record<string, unknown>;
    if (typeof node.field === 'string') out.add(node.field);
    for (const key of ['and', 'or', 'not']) if (key in node) referencedFields(node[key], out);
  }
  return out;
}
