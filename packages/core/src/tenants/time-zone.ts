import type { TxContext } from '../kernel/context.js';
import { calendarDateIn, startOfDayIn } from '../values/calendar.js';

const TIME_ZONE = Symbol('rapport.tenantTimeZone');

/** The time zone of the transaction's tenant (read once per transaction). */
export function tenantTimeZone(tx: TxContext): Promise<string> {
  return tx.memo(TIME_ZONE, async () => {
    const [row] = await tx.sql<{ time_zone: string }>('select time_zone from core_tenant where id = $1', [
      tx.tenantId,
    ]);
    return row?.time_zone ?? 'UTC';
  });
}

/** Today (`YYYY-MM-DD`) in the tenant's time zone, or the day of `at` there. */
export async function tenantToday(tx: TxContext, at: Date = new Date()): Promise<string> {
  return calendarDateIn(at, await tenantTimeZone(tx));
}

/** The instant a calendar day starts in the tenant's time zone. */
export async function tenantDayStart(tx: TxContext, date: string): Promise<Date> {
  return startOfDayIn(date, await tenantTimeZone(tx));
}
