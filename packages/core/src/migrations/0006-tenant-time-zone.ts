import type { Migration } from '../kernel/migrations.js';

/**
 * A tenant's time zone: "today", birthdays and calendar periods (forecast buckets, plan progress)
 * are computed in it. UTC for existing tenants; the application validates the name (IANA).
 */
export const tenantTimeZoneMigration: Migration = {
  name: '0006_tenant_time_zone',
  up: `alter table core_tenant add column time_zone text not null default 'UTC';`,
};
