import { injectable, PluginError, parse } from '@rapport/core/plugin';
import { type DocumentTypeInput, DocumentTypeInputSchema, type ParsedDocumentType } from './type-input.js';

/**
 * The document types plugins declare (`definePlugin({ documentTypes })`) and the application gives
 * in the documents plugin's `types` option. They are defaults: a tenant's own definition of the same
 * key (`documents.defineType`) wins; a tenant without one gets the default on first use.
 */
@injectable()
export class DocumentTypeDefaults {
  private readonly types = new Map<string, { owner: string; type: ParsedDocumentType }>();

  /** Registers a default type; one key declared by two plugins is a plugin error. */
  register(owner: string, input: DocumentTypeInput): void {
    let type: ParsedDocumentType;
    try {
      type = parse(DocumentTypeInputSchema, input, `document type of ${owner}`);
    } catch (error) {
      throw new PluginError(
        `Document type "${input.key}" of ${owner} is misconfigured: ${(error as Error).message}`,
        {
          plugins: [owner],
          type: input.key,
        },
      );
    }
    const existing = this.types.get(type.key);
    if (existing && existing.owner !== owner)
      throw new PluginError(
        `Document type "${type.key}" is declared by both ${existing.owner} and ${owner}`,
        {
          plugins: [existing.owner, owner],
          type: type.key,
        },
      );
    this.types.set(type.key, { owner, type });
  }

  /** The default type with this key, if any plugin declared it. */
  get(key: string): ParsedDocumentType | undefined {
    return this.types.get(key)?.type;
  }

  /** Every declared default with the plugin that declared it. */
  list(): Array<{ owner: string; type: ParsedDocumentType }> {
    return [...this.types.values()];
  }
}
