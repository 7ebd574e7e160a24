import type { ActivityType } from './activity-types.js';

// Declaration merging, as any plugin does: a plugin may declare activity types for the journal.
declare module '../kernel/plugin.js' {
  interface PluginContributions {
    /** Activity types this plugin adds to the journal (made with `defineActivityType`). */
    activityTypes?: ReadonlyArray<Omit<ActivityType, 'owner'>>;
  }
}
