import { definePlugin, type JournalEntry, type TxContext } from '@rapport/core/plugin';
import { describe, expectTypeOf, it } from 'vitest';
import type {
  AllocatedNumber,
  Document,
  DocumentService,
  DocumentStatusChangedEvent,
  DocumentVersion,
  documentsPlugin,
} from '../src/index.js';
import type { DocumentsEnv } from './fixture.js';

describe("the documents plugin's types", () => {
  it('types taps of its hooks for every plugin', () => {
    definePlugin({
      name: 'typed',
      version: '1.0.0',
      setup(api) {
        api.tap('documentStatusChanged', async (event, tx) => {
          expectTypeOf(event).toEqualTypeOf<DocumentStatusChangedEvent>();
          expectTypeOf(event.document).toEqualTypeOf<Document>();
          expectTypeOf(event.entry).toEqualTypeOf<JournalEntry>();
          expectTypeOf(tx).toEqualTypeOf<TxContext>();
        });
        api.tap('documentVersionAdded', async (event) => {
          expectTypeOf(event.version).toEqualTypeOf<DocumentVersion>();
        });
        api.tap('beforeDocumentCreate', async (input) => ({ ...input, tags: [...input.tags, 'checked'] }));
        // @ts-expect-error a waterfall tap must return the input
        api.tap('beforeDocumentCreate', async () => 'created');
        // @ts-expect-error a document has no `name` (it has `title`)
        api.tap('documentCreated', async (event) => void event.document.name);
      },
    });
  });

  it('lets plugins declare document types, checked against the type input', () => {
    definePlugin({
      name: 'declares',
      version: '1.0.0',
      documentTypes: [{ key: 'offer', name: 'Offer', period: 'month' }],
    });
    definePlugin({
      name: 'bad',
      version: '1.0.0',
      // @ts-expect-error a period is year, month or none
      documentTypes: [{ key: 'offer', name: 'Offer', period: 'week' }],
    });
  });

  it('exposes the service on crm.services.documents', () => {
    expectTypeOf<DocumentsEnv['crm']['services']['documents']>().toEqualTypeOf<DocumentService>();
    expectTypeOf<DocumentService['allocateNumber']>().returns.resolves.toEqualTypeOf<AllocatedNumber>();
    expectTypeOf<typeof documentsPlugin.name>().toEqualTypeOf<'@rapport/documents'>();
  });
});
