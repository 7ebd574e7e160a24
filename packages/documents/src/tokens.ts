import type { InjectionToken } from '@rapport/core/plugin';
import type { DocumentService } from './register/document-service.js';
import type { DocumentRenderer } from './render/document-renderer.js';
import type { ContentStore } from './storage/content-store.js';
import type { DocumentTypeDefaults } from './types/type-defaults.js';

/** Token of the {@link DocumentService} (`crm.services.documents`). */
export const DOCUMENT_SERVICE: InjectionToken<DocumentService> = Symbol('rapport.documents.documents');

/** Token of the document types plugins declare (`documentTypes`) and the options give. */
export const DOCUMENT_TYPE_DEFAULTS: InjectionToken<DocumentTypeDefaults> = Symbol(
  'rapport.documents.typeDefaults',
);

/** Token of the {@link ContentStore}: the content storage the options select. */
export const CONTENT_STORE: InjectionToken<ContentStore> = Symbol('rapport.documents.contentStore');

/** Token of the {@link DocumentRenderer}: `document` templates to HTML and PDF. */
export const DOCUMENT_RENDERER: InjectionToken<DocumentRenderer> = Symbol('rapport.documents.renderer');
