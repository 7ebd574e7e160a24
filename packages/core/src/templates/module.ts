import { definePlugin } from '../kernel/plugin.js';
import { templatesMigration, templatesRenameMigration } from '../migrations/0005-messaging.js';
import { partiesModule } from '../parties/module.js';
import { CORE_VERSION } from '../version.js';
import './contributions.js';
import { TemplateKindRegistry } from './kind-registry.js';
import { TemplateService } from './template-service.js';
import { TEMPLATE_KINDS, TEMPLATE_SERVICE } from './tokens.js';

/**
 * Core's template engine: Handlebars templates of the kinds plugins declare (`templateKinds`), with
 * helpers, locale fallback, strict missing-variable errors and tenant-stored versions. Kinds are
 * collected here, before any plugin that registers templates sets up.
 */
export const templatesModule = definePlugin({
  name: '@rapport/core/templates',
  version: CORE_VERSION,
  description: 'Templates of the kinds plugins declare: compile, render, helpers, locales, tenant versions',
  dependencies: [partiesModule],
  migrationLedger: '@rapport/core',
  migrations: [templatesMigration, templatesRenameMigration],
  services: {
    templateKinds: { token: TEMPLATE_KINDS, useClass: TemplateKindRegistry },
    templates: { token: TEMPLATE_SERVICE, useClass: TemplateService },
  },
  setup(api) {
    const registry = api.container.resolve(TEMPLATE_KINDS);
    for (const plugin of api.plugins) {
      for (const kind of plugin.templateKinds ?? []) registry.register(plugin.name, kind);
    }
  },
});
