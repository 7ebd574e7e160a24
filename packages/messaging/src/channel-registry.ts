import {
  ACTIVITY_TYPES,
  type ActivityTypeRegistry,
  type AnyPlugin,
  inject,
  injectable,
  PluginError,
  RapportError,
  type SetupApi,
  TEMPLATE_KINDS,
  type TemplateKindRegistry,
} from '@rapport/core/plugin';
import type { MessageChannel } from './channel.js';

/**
 * The channels of a CRM: those the installed plugins declare (`channels` in `definePlugin`),
 * installed by messaging's setup. Each channel is also a template kind of the same name.
 */
@injectable()
export class ChannelRegistry {
  private readonly channels = new Map<string, { owner: string; channel: MessageChannel }>();

  constructor(
    @inject(ACTIVITY_TYPES) private readonly activityTypes: ActivityTypeRegistry,
    @inject(TEMPLATE_KINDS) private readonly templateKinds: TemplateKindRegistry,
  ) {}

  /**
   * Installs every channel the plugins declare, in plugin order (factories called with the
   * declaring plugin's options); a misconfigured channel is a plugin error naming its plugin.
   */
  install(api: SetupApi<unknown>, plugins: readonly AnyPlugin[]): void {
    for (const plugin of plugins) {
      for (const declaration of plugin.channels ?? []) {
        const channel =
          typeof declaration === 'function'
            ? declaration({
                plugin: plugin.name,
                options: plugin.optionsToken ? api.container.resolve(plugin.optionsToken) : undefined,
                container: api.container,
                logger: api.logger,
              })
            : declaration;
        this.register(plugin.name, channel);
      }
    }
  }

  /**
   * Registers a channel (and its template kind); a name registered twice, or an unknown activity
   * type, is a plugin error. Plugins declare channels instead; this is what `install` calls.
   */
  register(owner: string, channel: MessageChannel): void {
    const problems: string[] = [];
    if (!/^[a-z][a-z0-9_-]{1,30}$/.test(channel.name)) problems.push('name must be a lower-case key');
    if (!this.activityTypes.get(channel.activityType))
      problems.push(`activity type "${channel.activityType}" is not registered`);
    if (!Object.values(channel.parts).some((part) => part.required))
      problems.push('at least one template part must be required');
    if (!(channel.rate > 0)) problems.push('rate must be positive');
    if (!(Number.isInteger(channel.batchSize) && channel.batchSize > 0))
      problems.push('batchSize must be a positive integer');
    if (!(Number.isInteger(channel.concurrency) && channel.concurrency > 0))
      problems.push('concurrency must be a positive integer');
    if (!(Number.isInteger(channel.retry.attempts) && channel.retry.attempts > 0))
      problems.push('retry.attempts must be a positive integer');
    if (problems.length > 0) {
      throw new PluginError(
        `Channel "${channel.name}" of ${owner} is misconfigured: ${problems.join('; ')}`,
        {
          plugins: [owner],
          channel: channel.name,
          problems,
        },
      );
    }
    const existing = this.channels.get(channel.name);
    if (existing) {
      throw new PluginError(
        `Channel "${channel.name}" is registered by both ${existing.owner} and ${owner}`,
        {
          plugins: [existing.owner, owner],
          channel: channel.name,
        },
      );
    }
    this.templateKinds.register(owner, {
      name: channel.name,
      parts: channel.parts,
      defaultLocale: channel.defaultLocale,
    });
    this.channels.set(channel.name, { owner, channel });
  }

  /** The channel with this name; a name nobody registered is a not-found error. */
  require(name: string): MessageChannel {
    const found = this.channels.get(name);
    if (!found) {
      throw new RapportError('NOT_FOUND', `No installed plugin provides the channel "${name}"`, {
        details: { what: 'Channel', id: name, installed: [...this.channels.keys()] },
      });
    }
    return found.channel;
  }

  /** The channel with this name, or undefined. */
  get(name: string): MessageChannel | undefined {
    return this.channels.get(name)?.channel;
  }

  /** Every channel with the plugin that registered it. */
  list(): Array<{ owner: string; channel: MessageChannel }> {
    return [...this.channels.values()];
  }

  /** Closes every channel's transport (on `crm.close()`). */
  async closeAll(): Promise<void> {
    for (const { channel } of this.channels.values()) await channel.transport.close?.();
  }
}
