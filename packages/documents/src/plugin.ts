import { definePlugin, z } from '@rapport/core/plugin';
import { DOCUMENTS_ACTIVITY_TYPES } from './activity-types.js';
import { documentsEntities } from './entities/index.js';
import { documentsHooks } from './hooks.js';
import { documentsMigration } from './migrations/0001-documents.js';
import {
  DOCUMENTS_OPTIONS,
  type DocumentsOptions,
  DocumentsOptionsSchema,
  GraceHoursSchema,
} from './options.js';
import { DOCUMENT_PARTICIPATION, DOCUMENT_PARTY_PARTICIPATION } from './participation.js';
import { DocumentService } from './register/document-service.js';
import { DocumentRenderer } from './render/document-renderer.js';
import { DOCUMENT_TEMPLATE_KIND } from './render/template-kind.js';
import { ContentStore } from './storage/content-store.js';
import { eraseDocumentContent } from './taps/erasure.js';
import { exportDocuments } from './taps/export.js';
import { CONTENT_STORE, DOCUMENT_RENDERER, DOCUMENT_SERVICE, DOCUMENT_TYPE_DEFAULTS } from './tokens.js';
import './types/contributions.js';
import { DocumentTypeDefaults } from './types/type-defaults.js';
import { DOCUMENTS_VERSION } from './version.js';

const NAME = '@rapport/documents';

/**
 * The documents plugin: a register of documents about parties (numbered gaplessly per type and
 * period, versioned, stored in PostgreSQL or an S3-compatible store), rendered from `document`
 * templates to HTML and PDF, on the parties' timelines.
 *
 * @example
 * const crm = await createCrm({ database: { url }, plugins: [documentsPlugin] });
 * await crm.services.documents.defineType(ctx, { key: 'letter', name: 'Letter', numberFormat: 'L-{yyyy}-{seq:4}' });
 * const doc = await crm.services.documents.create(ctx, { type: 'letter', title: 'Hello', direction: 'outgoing', parties: [{ partyId }] });
 */
export const documentsPlugin = definePlugin({
  name: NAME,
  version: DOCUMENTS_VERSION,
  description:
    'Documents about customers: register, gapless numbering, versions, storage, templates to HTML/PDF',
  dependencies: { '@rapport/core': '^0.1.0' },
  options: DocumentsOptionsSchema,
  optionsToken: DOCUMENTS_OPTIONS,
  entities: documentsEntities,
  migrations: [documentsMigration],
  hooks: documentsHooks,
  activityTypes: DOCUMENTS_ACTIVITY_TYPES,
  participation: [DOCUMENT_PARTICIPATION, DOCUMENT_PARTY_PARTICIPATION],
  templateKinds: [DOCUMENT_TEMPLATE_KIND],
  jobs: {
    'documents.sweep-orphans': {
      schema: z.object({ graceHours: GraceHoursSchema.optional() }).strict(),
      retry: { limit: 3, delaySeconds: 300 },
      // Only an object store keeps bytes outside the transaction.
      schedule: (options: DocumentsOptions) =>
        options.storage.kind === 's3' && options.orphanSweep.enabled
          ? { cron: options.orphanSweep.cron, tz: options.orphanSweep.tz }
          : null,
      async handle(job) {
        await job.container
          .resolve(DOCUMENT_SERVICE)
          .sweepOrphans(job.ctx, job.data.graceHours ? { graceHours: job.data.graceHours } : {});
      },
    },
  },
  services: {
    documents: { token: DOCUMENT_SERVICE, useClass: DocumentService },
    documentTypeDefaults: { token: DOCUMENT_TYPE_DEFAULTS, useClass: DocumentTypeDefaults },
    documentContent: { token: CONTENT_STORE, useClass: ContentStore },
    documentRenderer: { token: DOCUMENT_RENDERER, useClass: DocumentRenderer },
  },
  setup(api) {
    const defaults = api.container.resolve(DOCUMENT_TYPE_DEFAULTS);
    for (const type of (api.options as DocumentsOptions).types) defaults.register(NAME, type);
    for (const plugin of api.plugins)
      for (const type of plugin.documentTypes ?? []) defaults.register(plugin.name, type);
    const store = api.container.resolve(CONTENT_STORE);
    api.tap('partyErasing', async (event, tx) => eraseDocumentContent(tx, store, event.partyId));
    api.tap('collectPersonalData', async (sections, subject, tx) => ({
      ...sections,
      documents: await exportDocuments(tx, subject.partyId),
    }));
  },
  teardown(api) {
    api.container.resolve(CONTENT_STORE).close();
  },
});
