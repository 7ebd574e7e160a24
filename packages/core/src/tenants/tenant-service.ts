import { inject, injectable } from 'tsyringe';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { type Actor, createCallContext } from '../kernel/context.js';
import type { Database } from '../kernel/database.js';
import { NotFoundError } from '../kernel/errors.js';
import type { CrmHooks } from '../kernel/hooks.js';
import { DATABASE, HOOKS } from '../kernel/tokens.js';
import { parse } from '../kernel/validation.js';
import { TimeZoneSchema } from '../values/time.js';
import { type Tenant, TenantEntity, type TenantInput, TenantInputSchema } from './tenant.js';

interface TenantRow {
  id: string;
  name: string;
  time_zone: string;
  created_at: string;
}

const toTenant = (row: TenantRow): Tenant => ({
  id: row.id,
  name: row.name,
  timeZone: row.time_zone,
  createdAt: new Date(row.created_at),
});

/** The actor of calls made by the CRM itself. */
export const SYSTEM_ACTOR: Actor = Object.freeze({ kind: 'system', name: 'rapport' });

/** Creates and reads tenants. */
@injectable()
export class TenantService {
  constructor(
    @inject(DATABASE) private readonly db: Database,
    @inject(HOOKS) private readonly hooks: Readonly<CrmHooks>,
  ) {}

  /**
   * Creates a tenant in one transaction that runs for the new tenant, so `tenantCreated` taps can
   * seed its data; `beforeTenantCreate` taps may transform the input or veto.
   *
   * @example
   * const acme = await crm.services.tenants.create({ name: 'Acme' });
   */
  async create(input: TenantInput, actor: Actor = SYSTEM_ACTOR): Promise<Tenant> {
    const data = parse(TenantInputSchema, input, 'tenant');
    const id = uuidv7();
    return this.db.transaction(createCallContext({ tenantId: id, actor }), async (tx) => {
      const final = parse(TenantInputSchema, await this.hooks.beforeTenantCreate.promise(data, tx), 'tenant');
      const entity = tx.em.create(TenantEntity, {
        id,
        name: final.name,
        timeZone: final.timeZone,
        createdAt: new Date(),
      });
      await tx.em.flush();
      const tenant: Tenant = {
        id: entity.id,
        name: entity.name,
        timeZone: entity.timeZone,
        createdAt: entity.createdAt,
      };
      await this.hooks.tenantCreated.promise(tenant, tx);
      return tenant;
    });
  }

  /** Reads one tenant; a missing one is a not-found error. */
  async get(id: string): Promise<Tenant> {
    const [row] = await this.db.withoutTenant((sql) =>
      sql<TenantRow>('select id, name, time_zone, created_at from core_tenant where id = $1', [id]),
    );
    if (!row) throw new NotFoundError('Tenant', id);
    return toTenant(row);
  }

  /**
   * Sets the tenant's time zone (an IANA name): "today", birthdays and calendar periods are computed
   * in it from then on. A name the runtime does not know is INVALID_DATA on `timeZone`.
   *
   * @example
   * await crm.services.tenants.setTimeZone(acme.id, 'Europe/Berlin');
   */
  async setTimeZone(id: string, timeZone: string): Promise<Tenant> {
    const zone = parse(z.object({ timeZone: TimeZoneSchema }), { timeZone }, 'tenant').timeZone;
    const [row] = await this.db.withoutTenant((sql) =>
      sql<TenantRow>(
        'update core_tenant set time_zone = $2 where id = $1 returning id, name, time_zone, created_at',
        [id, zone],
      ),
    );
    if (!row) throw new NotFoundError('Tenant', id);
    return toTenant(row);
  }

  /** Every tenant, oldest first (for scheduled work that runs per tenant). */
  async list(): Promise<Tenant[]> {
    const rows = await this.db.withoutTenant((sql) =>
      sql<TenantRow>('select id, name, time_zone, created_at from core_tenant order by id'),
    );
    return rows.map(toTenant);
  }
}
