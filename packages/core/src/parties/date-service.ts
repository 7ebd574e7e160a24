import { inject, injectable } from 'tsyringe';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import type { CallContext } from '../kernel/context.js';
import type { Database } from '../kernel/database.js';
import { NotFoundError } from '../kernel/errors.js';
import { DATABASE } from '../kernel/tokens.js';
import { parse, requireIds } from '../kernel/validation.js';
import { paramBinder, visibilityOf, visibilitySql } from '../organisation/access.js';
import { tenantToday } from '../tenants/time-zone.js';
import type { PartyDate } from './party.js';
import { lockParty, requireParty, touchParty } from './party-access.js';
import { type PartyDateInput, PartyDateInputSchema } from './party-input.js';
import { recordHistory } from './party-writer.js';

/** An important date coming up, with the day it falls on. */
export interface UpcomingDate extends PartyDate {
  partyId: string;
  displayName: string;
  /** The next day (UTC) the date falls on, within the window. */
  occursOn: string;
}

const UpcomingSchema = z.object({
  from: z.coerce.date().optional(),
  days: z.int().min(0).max(366),
  kinds: z.array(z.enum(['birthday', 'anniversary', 'custom'])).optional(),
});

/** Important dates of parties (birthdays, anniversaries, custom dates) for greetings. */
@injectable()
export class PartyDateService {
  constructor(@inject(DATABASE) private readonly db: Database) {}

  /** Adds an important date to a party. */
  async add(ctx: CallContext, partyId: string, input: PartyDateInput): Promise<PartyDate> {
    requireIds('party date', { partyId });
    const date = parse(PartyDateInputSchema, input, 'date');
    return this.db.transaction(ctx, async (tx) => {
      await lockParty(tx, partyId);
      const id = uuidv7();
      await tx.sql(
        'insert into core_party_date (tenant_id, id, party_id, kind, label, month, day, year) values ($1, $2, $3, $4, $5, $6, $7, $8)',
        [tx.tenantId, id, partyId, date.kind, date.label ?? null, date.month, date.day, date.year ?? null],
      );
      await touchParty(tx, partyId);
      await recordHistory(tx, [{ partyId, operation: 'add_date', changes: { date: [null, date] } }]);
      return {
        id,
        kind: date.kind,
        label: date.label ?? null,
        month: date.month,
        day: date.day,
        year: date.year ?? null,
      };
    });
  }

  /** Removes a date; the history keeps what it was. */
  async remove(ctx: CallContext, partyId: string, dateId: string): Promise<void> {
    requireIds('party date', { partyId, dateId });
    await this.db.transaction(ctx, async (tx) => {
      const party = await lockParty(tx, partyId);
      const date = party.dates.find((d) => d.id === dateId);
      if (!date) throw new NotFoundError('Date', dateId, { partyId });
      await tx.sql('delete from core_party_date where tenant_id = $1 and id = $2', [tx.tenantId, dateId]);
      await touchParty(tx, partyId);
      await recordHistory(tx, [{ partyId, operation: 'remove_date', changes: { date: [date, null] } }]);
    });
  }

  /**
   * Dates of the parties the actor may see falling within the next `days` days from the calendar day
   * of `from` (default now) in the tenant's time zone, soonest first.
   * 29 February is celebrated on 28 February in other years.
   */
  async upcoming(ctx: CallContext, options: z.input<typeof UpcomingSchema>): Promise<UpcomingDate[]> {
    const { from = new Date(), days, kinds } = parse(UpcomingSchema, options, 'upcoming dates');
    return this.db.transaction(ctx, async (tx) => {
      const window = daysFrom(await tenantToday(tx, from), days);
      const visibility = await visibilityOf(tx);
      const params: unknown[] = [tx.tenantId, JSON.stringify(window), kinds ?? null];
      const visible = visibility.all ? 'true' : visibilitySql(visibility, 'p', paramBinder(params));
      const rows = await tx.sql<{
        id: string;
        party_id: string;
        display_name: string;
        kind: PartyDate['kind'];
        label: string | null;
        month: number;
        day: number;
        year: number | null;
        occurs_on: string;
      }>(
        `select d.id, d.party_id, p.display_name, d.kind, d.label, d.month, d.day, d.year, w.occurs_on
         from jsonb_to_recordset($2::jsonb) as w(month smallint, day smallint, occurs_on text)
         join core_party_date d on d.tenant_id = $1 and d.month = w.month and d.day = w.day
         join core_party p on p.tenant_id = d.tenant_id and p.id = d.party_id
         where ($3::text[] is null or d.kind = any($3)) and ${visible}
         order by w.occurs_on, p.display_name, d.id`,
        params,
      );
      return rows.map((r) => ({
        id: r.id,
        partyId: r.party_id,
        displayName: r.display_name,
        kind: r.kind,
        label: r.label,
        month: r.month,
        day: r.day,
        year: r.year,
        occursOn: r.occurs_on,
      }));
    });
  }

  /** The dates of one party. */
  async list(ctx: CallContext, partyId: string): Promise<PartyDate[]> {
    requireIds('party date', { partyId });
    return this.db.transaction(ctx, async (tx) => (await requireParty(tx, partyId)).dates);
  }
}

/** The days from the calendar day `from` (`YYYY-MM-DD`) on. */
function daysFrom(from: string, days: number): Array<{ month: number; day: number; occurs_on: string }> {
  const out: Array<{ month: number; day: number; occurs_on: string }> = [];
  const start = Date.parse(`${from}T00:00:00Z`);
  for (let i = 0; i <= days; i++) {
    const d = new Date(start + i * 86_400_000);
    const month = d.getUTCMonth() + 1;
    const day = d.getUTCDate();
    const occursOn = d.toISOString().slice(0, 10);
    out.push({ month, day, occurs_on: occursOn });
    const leap = new Date(Date.UTC(d.getUTCFullYear(), 1, 29)).getUTCMonth() === 1;
    if (month === 2 && day === 28 && !leap) out.push({ month: 2, day: 29, occurs_on: occursOn });
  }
  return out;
}
