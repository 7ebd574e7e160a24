import type { ChannelDeclaration } from './channel.js';

// Declaration merging, as any plugin does: a plugin may declare message channels.
declare module '@rapport/core/plugin' {
  interface PluginContributions {
    /** Message channels this plugin provides (see `MessageChannel`); `@rapport/messaging` installs them. */
    channels?: readonly ChannelDeclaration[];
  }
}
