import type { TemplateKind } from './template-kind.js';

// Declaration merging, as any plugin does: a plugin may declare the kinds of template it renders.
declare module '../kernel/plugin.js' {
  interface PluginContributions {
    /** Template kinds this plugin renders (their parts and default locale); see `TemplateKind`. */
    templateKinds?: readonly TemplateKind[];
  }
}
