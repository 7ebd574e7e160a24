import { inject, injectable } from 'tsyringe';
import { z } from 'zod';
import type { CallContext } from '../kernel/context.js';
import type { Database } from '../kernel/database.js';
import { InvalidDataError } from '../kernel/errors.js';
import { DATABASE } from '../kernel/tokens.js';
import { parse } from '../kernel/validation.js';
import { visibilityOf, visibilitySql } from '../organisation/access.js';
import { ENTRY_COLUMNS, type EntryRow, type JournalEntry, toEntry } from './entry.js';
import { requireVisibleParties } from './entry-writer.js';

const PartyId = z.object({ partyId: z.uuid() });

const TimelineOptions = z.object({
  /** Also the entries of related parties: an organisation's contact persons and the people who work at it. */
  includeRelated: z.boolean().default(false),
  types: z.array(z.string().min(1)).max(50).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  employeeId: z.uuid().optional(),
  subject: z.object({ type: z.string().min(1), id: z.uuid() }).optional(),
  /** Full-text search over the notes (PostgreSQL text search, web-search syntax). */
  search: z.string().trim().min(1).max(200).optional(),
  /** Every version (originals, amendments, voids) instead of the corrected view. */
  trail: z.boolean().default(false),
  limit: z.int().min(1).max(500).default(50),
  after: z.string().optional(),
});

/** One page of a timeline, newest first, and the cursor of the next. */
export interface TimelinePage {
  items: JournalEntry[];
  nextCursor: string | null;
}

/** A party's history: its journal entries newest first, keyset-paginated and filterable. */
@injectable()
export class TimelineService {
  constructor(@inject(DATABASE) private readonly db: Database) {}

  /**
   * The timeline of a party (visible to the actor). Each party's entries are read through the index
   * (tenant, party, occurred_at desc, entry desc), so a deep page costs what the first one does.
   */
  async timeline(
    ctx: CallContext,
    partyId: string,
    options: z.input<typeof TimelineOptions> = {},
  ): Promise<TimelinePage> {
    parse(PartyId, { partyId }, 'timeline');
    const o = parse(TimelineOptions, options, 'timeline options');
    const cursor = o.after ? decodeCursor(o.after) : null;
    return this.db.transaction(ctx, async (tx) => {
      const params: unknown[] = [tx.tenantId, partyId];
      const bind = (value: unknown) => `$${params.push(value)}`;
      const actor = await visibilityOf(tx);
      // The party exists and is visible: checked in the page's own statement (evaluated once, before
      // any entry is read). Only an empty page asks why, so a timeline costs one round trip.
      const partyVisible = `exists (select 1 from core_party vp where vp.tenant_id = $1 and vp.id = $2
        and ${visibilitySql(actor, 'vp', bind)})`;
      const visibility = o.includeRelated ? actor : null;
      // Related parties count only when the actor may see them: an entry is visible through its parties.
      const related = visibility
        ? `union select r.party_id from core_party_role r where r.tenant_id = $1 and r.organization_id = $2 and r.valid_to is null
           union select x.from_party_id from core_relationship x where x.tenant_id = $1 and x.to_party_id = $2
             and x.type = 'works_at' and x.ended_at is null`
        : '';
      const visibleRelated =
        visibility && !visibility.all
          ? `where ids.pid = $2 or exists (select 1 from core_party p where p.tenant_id = $1 and p.id = ids.pid
               and ${visibilitySql(visibility, 'p', bind)})`
          : '';
      const keyset = cursor
        ? `and (l.occurred_at, l.entry_id) < (${bind(cursor.at)}::timestamptz, ${bind(cursor.id)}::uuid)`
        : '';
      const filters = [
        o.trail ? '' : `and e.superseded_by is null and e.correction is distinct from 'void'`,
        o.types ? `and e.type = any(${bind(o.types)}::text[])` : '',
        // The link carries the entry's time: bounding it lets the index range scan start and stop there.
        o.from ? `and l.occurred_at >= ${bind(o.from)}` : '',
        o.to ? `and l.occurred_at < ${bind(o.to)}` : '',
        o.employeeId ? `and e.employee_id = ${bind(o.employeeId)}::uuid` : '',
        o.subject
          ? `and e.subject_type = ${bind(o.subject.type)} and e.subject_id = ${bind(o.subject.id)}::uuid`
          : '',
        o.search ? `and e.search @@ websearch_to_tsquery('simple', ${bind(o.search)})` : '',
      ].join(' ');
      const limit = bind(o.limit + 1);
      // One party: one index range scan in timeline order, stopped at the page size.
      const single = `select ${ENTRY_COLUMNS}, l.occurred_at as link_at from core_journal_party l
         join core_journal_entry e on e.tenant_id = l.tenant_id and e.id = l.entry_id
         where l.tenant_id = $1 and l.party_id = $2 and ${partyVisible} ${keyset} ${filters}
         order by l.occurred_at desc, l.entry_id desc limit ${limit}`;
      // With related parties: such a scan per party, then merged.
      const merged = `select ${ENTRY_COLUMNS}, page.occurred_at as link_at from (
           select distinct on (page.occurred_at, page.entry_id) page.occurred_at, page.entry_id from (
             select pid from (select $2::uuid as pid ${related}) ids ${visibleRelated}
           ) ids
           cross join lateral (
             select l.occurred_at, l.entry_id from core_journal_party l
             join core_journal_entry e on e.tenant_id = l.tenant_id and e.id = l.entry_id
             where l.tenant_id = $1 and l.party_id = ids.pid ${keyset} ${filters}
             order by l.occurred_at desc, l.entry_id desc limit ${limit}
           ) page
           where ${partyVisible}
           order by page.occurred_at desc, page.entry_id desc limit ${limit}
         ) page
         join core_journal_entry e on e.tenant_id = $1 and e.id = page.entry_id
         order by page.occurred_at desc, page.entry_id desc`;
      const rows = await tx.sql<EntryRow & { link_at: string }>(visibility ? merged : single, params);
      // Nothing came back: a party that is unknown or hidden is an error (as before), else an empty page.
      if (rows.length === 0) await requireVisibleParties(tx, [partyId]);
      const more = rows.length > o.limit;
      const page = more ? rows.slice(0, o.limit) : rows;
      const last = page.at(-1);
      // The cursor keeps PostgreSQL's own timestamp text: microseconds survive, no row is skipped.
      return {
        items: page.map(toEntry),
        nextCursor: more && last ? encodeCursor(last.link_at, last.id) : null,
      };
    });
  }
}

function encodeCursor(at: string, id: string): string {
  return Buffer.from(JSON.stringify([at, id])).toString('base64url');
}

function decodeCursor(value: string): { at: string; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(value, 'base64url').toString()) as [string, string];
    if (typeof at !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(at)))
      throw new Error('bad');
    return { at, id };
  } catch {
    throw new InvalidDataError('timeline options', [
      { path: 'after', message: 'not a timeline cursor', code: 'invalid_format' },
    ]);
  }
}
