import {
  type AnyPlugin,
  type CallContext,
  type InjectionToken,
  InvalidDataError,
  NotAllowedError,
  RapportError,
  type SetupApi,
  type TxContext,
} from '@rapport/core/plugin';

type Container = SetupApi<unknown>['container'];

/** What contracts use of another plugin's service (`deals` of the pipeline, `quotes` of pricing). */
interface ReaderPort {
  get(ctx: CallContext, id: string): Promise<unknown>;
}

/** The deal and quote a contract came from. */
export interface ContractOrigin {
  dealId?: string | null | undefined;
  quoteId?: string | null | undefined;
}

/** The sources a contract's origin is checked against: plugin name, service key, field. */
const SOURCES = [
  { plugin: '@rapport/pipeline', service: 'deals', field: 'dealId', what: 'deal' },
  { plugin: '@rapport/pricing', service: 'quotes', field: 'quoteId', what: 'quote' },
] as const;

/**
 * Checks a contract's deal and quote of origin through the installed plugins' own services, found by
 * plugin name and service key (no dependency on them): the pipeline's `deals.get` and pricing's
 * `quotes.get`, called with the command's transaction (so they join it and apply their own
 * visibility). Unknown: invalid data naming `dealId` / `quoteId`; hidden from the actor: not
 * allowed. Without the plugin installed the id is kept as given.
 */
export class ContractOrigins {
  constructor(
    private readonly plugins: readonly AnyPlugin[],
    private readonly container: Container,
  ) {}

  /** Refuses an origin that does not exist or that the actor may not see; nothing written. */
  async check(tx: TxContext, origin: ContractOrigin, what: string): Promise<void> {
    for (const source of SOURCES) {
      const id = origin[source.field];
      if (!id) continue;
      const reader = this.service(source.plugin, source.service);
      if (!reader) continue;
      try {
        await reader.get(tx, id);
      } catch (error) {
        if (!(error instanceof RapportError)) throw error;
        if (error.code === 'NOT_FOUND')
          throw new InvalidDataError(what, [
            { path: source.field, message: `no ${source.what} ${id} in this tenant`, code: 'not_found' },
          ]);
        if (error.code === 'NOT_ALLOWED')
          throw new NotAllowedError(`Not allowed to access ${source.what} ${id}`, { [source.field]: id });
        throw error;
      }
    }
  }

  private service(pluginName: string, key: string): ReaderPort | undefined {
    const plugin = this.plugins.find((p) => p.name === pluginName);
    const services = plugin?.services as Record<string, { token: InjectionToken<unknown> }> | undefined;
    const definition = services?.[key];
    return definition ? (this.container.resolve(definition.token) as ReaderPort) : undefined;
  }
}
