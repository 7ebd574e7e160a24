import { partiesModule } from './parties/module.js';

export { PRIVACY_SERVICE } from './privacy/tokens.js';
export { TENANT_SERVICE } from './tenants/tokens.js';

/**
 * Core's foundational module (tenants, parties, organisation), named `@rapport/core`: the plugin other
 * plugins depend on by that name. Core's journal and templates modules are installed beside it.
 */
export const corePlugin = partiesModule;
