import { inject, injectable } from 'tsyringe';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { type Actor, createCallContext } from '../kernel/context.js';
import type { Database } from '../kernel/database.js';
import { NotFoundError } from '../kernel/errors.js';
import type { CrmHooks } from '../kernel/hooks.js';
import { DATABASE, HOOKS } from '../kernel/tokens.js';
import { parse, requireIds } from '../kernel/validation.js';
import { TimeZoneSchema } from '../values/time.js';
import { type Tenant, type TenantInput, TenantInputSchema } from './tenant.js';

const TENANT_COLUMNS = ['id', 'name', 'timeZone', 'createdAt'] as const satisfies ReadonlyArray<keyof Tenant>;

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
    return this.db.transaction(
      createCallContext({ tenantId: id, actor }),
      async (tx) => {
        const final = parse(
          TenantInputSchema,
          await this.hooks.beforeTenantCreate.promise(data, tx),
          'tenant',
        );
        const tenant: Tenant = await tx.db
          .insertInto('Tenant')
          .values({ id, name: final.name, timeZone: final.timeZone })
          .returning(TENANT_COLUMNS)
          .executeTakeFirstOrThrow();
        await this.hooks.tenantCreated.promise(tenant, tx);
        return tenant;
      },
      { creatingTenant: true },
    );
  }

  /** Reads one tenant; a missing one is a not-found error. */
  async get(id: string): Promise<Tenant> {
    requireIds('tenant', { id });
    const row = await this.db.withoutTenantDb((db) =>
      db.selectFrom('Tenant').select(TENANT_COLUMNS).where('id', '=', id).executeTakeFirst(),
    );
    if (!row) throw new NotFoundError('Tenant', id);
    return row;
  }

  /**
   * Sets the tenant's time zone (an IANA name): "today", birthdays and calendar periods are computed
   * in it from then on. A name the runtime does not know is INVALID_DATA on `timeZone`.
   *
   * @example
   * await crm.services.tenants.setTimeZone(acme.id, 'Europe/Berlin');
   */
  async setTimeZone(id: string, timeZone: string): Promise<Tenant> {
    requireIds('tenant', { id });
    const zone = parse(z.object({ timeZone: TimeZoneSchema }), { timeZone }, 'tenant').timeZone;
    const row = await this.db.withoutTenantDb((db) =>
      db
        .updateTable('Tenant')
        .set({ timeZone: zone })
        .where('id', '=', id)
        .returning(TENANT_COLUMNS)
        .executeTakeFirst(),
    );
    if (!row) throw new NotFoundError('Tenant', id);
    return row;
  }

  /** Every tenant, oldest first (for scheduled work that runs per tenant). */
  async list(): Promise<Tenant[]> {
    return this.db.withoutTenantDb((db) =>
      db.selectFrom('Tenant').select(TENANT_COLUMNS).orderBy('id').execute(),
    );
  }
}
