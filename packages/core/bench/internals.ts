// The benchmarks drive core's write internals directly (bulk seeding), which the public entry points
// do not export: this file gathers them beside the plugin surface.

export { corePlugin } from '../src/core-plugin.js';
export { PARTY_VIEW_COLUMNS } from '../src/parties/party-reader.js';
export { claimIdentities, insertParties } from '../src/parties/party-writer.js';
export { type PreparedParty, prepareParty } from '../src/parties/prepare.js';
export * from '../src/plugin.js';
