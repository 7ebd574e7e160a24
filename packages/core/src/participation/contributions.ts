import type { TableParticipation } from './declaration.js';

// Declaration merging, as any plugin does: a plugin may declare how its tables take part in core's
// party operations.
declare module '../kernel/plugin.js' {
  interface PluginContributions {
    /**
     * The plugin's tables that point at parties and employees, and how they take part in merges,
     * privacy export and erasure, reassignment and deactivation hand-over, and visibility; core runs
     * these generically (taps stay for what a declaration cannot express).
     */
    participation?: readonly TableParticipation[];
  }
}
