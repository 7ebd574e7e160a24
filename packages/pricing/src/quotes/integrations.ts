import type { ContractService } from '@rapport/contracts';
import {
  type AnyPlugin,
  type InjectionToken,
  RapportError,
  type SetupApi,
  TEMPLATE_SERVICE,
  type TemplateInput,
} from '@rapport/core/plugin';
import type { AttachmentInput, MessagingService } from '@rapport/messaging';
import type { DealService } from '@rapport/pipeline';
import { PRICE_SERVICE } from '../tokens.js';
import { catalogueLookup, type PriceSource } from './catalogue-lookup.js';
import type { PriceLookup } from './line-pricing.js';
import { pricesSource } from './prices-source.js';
import {
  type DocumentsPort,
  documentNumbers,
  documentRenderer,
  OFFER_DOCUMENT_TEMPLATES,
} from './quote-document.js';
import { QUOTE_EMAIL_TEMPLATES } from './quote-email.js';
import { fallbackQuoteNumber, type NumberAllocator } from './quote-number.js';
import type { QuoteRenderer } from './quote-send.js';

type DependencyContainer = SetupApi<unknown>['container'];

// Type-only imports: pricing calls these plugins through the registry when they are installed and
// never loads them at run time (optional peer dependencies); a signature change fails the typecheck.

/** What quotes use of `@rapport/pipeline`'s deals. */
export type DealsPort = Pick<DealService, 'get' | 'win' | 'update'>;

/** What quotes use of `@rapport/contracts`. */
export type ContractsPort = Pick<ContractService, 'create'>;

/** An attachment of a message, as `@rapport/messaging` takes it. */
export type AttachmentPort = AttachmentInput;

/** What quotes use of `@rapport/messaging`. */
export type MessagingPort = Pick<MessagingService, 'send'>;

/**
 * The services of plugins quotes work with when they are installed, found by plugin name and service
 * key (so pricing has no runtime dependency on them), resolved lazily from the CRM's container.
 */
export class QuoteIntegrations {
  /**
   * Prices lines: pricing's own price resolution (`crm.services.prices`) once it is registered; an
   * application or a test may set another source.
   */
  priceSource: PriceSource | undefined;
  /** Looks quote lines up in the catalogue and prices them with {@link priceSource}. */
  lookup: PriceLookup = catalogueLookup(() => this.priceSource ?? this.pricesService());
  /** Numbers quotes (`@rapport/documents`' counter of type `offer` when installed, else {@link fallbackQuoteNumber}). */
  allocateNumber: NumberAllocator = (tx, on) => {
    const documents = this.documents;
    return documents ? documentNumbers(documents)(tx, on) : fallbackQuoteNumber(tx, on);
  };
  /** Renders and files a quote's document (`@rapport/documents` when installed, else nothing). */
  render: QuoteRenderer = async (tx, quote) => {
    const documents = this.documents;
    return documents ? documentRenderer(documents)(tx, quote) : null;
  };
  private readonly registered = new Set<string>();

  constructor(
    private readonly plugins: readonly AnyPlugin[],
    private readonly container: DependencyContainer,
  ) {}

  /** The pipeline's deal service, when `@rapport/pipeline` is installed. */
  get deals(): DealsPort | undefined {
    return this.service<DealsPort>('@rapport/pipeline', 'deals');
  }

  /**
   * The messaging service, when `@rapport/messaging` and `@rapport/messaging-email` are installed;
   * the first call registers the default quote emails (`pricing.quote`) unless the application did.
   */
  get messaging(): MessagingPort | undefined {
    if (!this.has('@rapport/messaging-email')) return undefined;
    const messaging = this.service<MessagingPort>('@rapport/messaging', 'messaging');
    if (messaging) this.registerTemplates('email', QUOTE_EMAIL_TEMPLATES);
    return messaging;
  }

  /** The documents service, when `@rapport/documents` is installed (registers the default offer templates). */
  get documents(): DocumentsPort | undefined {
    const documents = this.service<DocumentsPort>('@rapport/documents', 'documents');
    if (documents) this.registerTemplates('document', OFFER_DOCUMENT_TEMPLATES);
    return documents;
  }

  /** Registers default templates once, unless the application registered its own of the same name and locale. */
  private registerTemplates(kind: string, list: readonly TemplateInput[]): void {
    if (this.registered.has(kind)) return;
    this.registered.add(kind);
    const templates = this.container.resolve(TEMPLATE_SERVICE);
    for (const template of list) {
      try {
        templates.register(template);
      } catch (error) {
        // The application registered its own version of this template: it wins.
        if (!(error instanceof RapportError && error.code === 'DUPLICATE')) throw error;
      }
    }
  }

  /** The contracts service, when `@rapport/contracts` is installed. */
  get contracts(): ContractsPort | undefined {
    return this.service<ContractsPort>('@rapport/contracts', 'contracts');
  }

  /** Pricing's price resolution as a price source, when registered. */
  private pricesService(): PriceSource | undefined {
    return this.container.isRegistered(PRICE_SERVICE)
      ? pricesSource(this.container.resolve(PRICE_SERVICE))
      : undefined;
  }

  /** Another plugin's service by plugin name and service key, if installed. */
  service<T>(pluginName: string, key: string): T | undefined {
    const plugin = this.plugins.find((p) => p.name === pluginName);
    const definition = (plugin?.services as Record<string, { token: InjectionToken<unknown> }> | undefined)?.[
      key
    ];
    return definition ? (this.container.resolve(definition.token) as T) : undefined;
  }

  /** Whether a plugin is installed. */
  has(pluginName: string): boolean {
    return this.plugins.some((p) => p.name === pluginName);
  }
}

/** Token of the {@link QuoteIntegrations} the pricing plugin's setup registers. */
export const QUOTE_INTEGRATIONS: InjectionToken<QuoteIntegrations> = Symbol(
  'rapport.pricing.quoteIntegrations',
);
