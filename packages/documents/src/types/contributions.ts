import type { DocumentTypeInput } from './type-input.js';

// Declaration merging, as core's template kinds do: any plugin may declare the document types it
// needs (contracts declares `contract`, pricing `offer`); a tenant gets them on first use.
declare module '@rapport/core/plugin' {
  interface PluginContributions {
    /** Document types this plugin needs; created in a tenant when first used, unless it defined them. */
    documentTypes?: readonly DocumentTypeInput[];
  }
}
