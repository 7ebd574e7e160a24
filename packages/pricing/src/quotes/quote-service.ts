import {
  type CallContext,
  type CrmHooks,
  DATABASE,
  type Database,
  HOOKS,
  inject,
  injectable,
  JOURNAL_SERVICE,
  type JournalService,
  parse,
  requireManager,
} from '@rapport/core/plugin';
import { QUOTE_INTEGRATIONS, type QuoteIntegrations } from './integrations.js';
import { QUOTE_OPTIONS, type QuoteOptions } from './options.js';
import { createQuote, reviseQuote, updateDraft } from './quote-create.js';
import type { QuoteDeps } from './quote-deps.js';
import { expireQuotes } from './quote-expire.js';
import {
  type AcceptInput,
  AcceptInputSchema,
  type DeclineInput,
  DeclineInputSchema,
  Id,
  type QuoteInput,
  QuoteInputSchema,
  type QuoteListOptions,
  QuoteListSchema,
  type QuoteRevision,
  QuoteRevisionSchema,
} from './quote-input.js';
import { listQuotes, type QuotePage } from './quote-list.js';
import { readAllVersions, requireVisibleQuote } from './quote-reader.js';
import { respondToQuote } from './quote-respond.js';
import { type SendOptions, sendQuote } from './quote-send.js';
import type { Quote, QuoteVersion } from './quote-types.js';

const quoteId = (value: string) => parse(Id, value, 'quote id');

/**
 * Quotes (commercial offers): drafted from the price lists, revised as new versions, sent as a
 * rendered document by email, answered (accepted / declined) or expired. Each command is one
 * transaction and leaves its trace in the party's journal.
 */
@injectable()
export class QuoteService {
  constructor(
    @inject(DATABASE) private readonly db: Database,
    @inject(HOOKS) private readonly hooks: Readonly<CrmHooks>,
    @inject(JOURNAL_SERVICE) private readonly journal: JournalService,
    @inject(QUOTE_OPTIONS) private readonly options: QuoteOptions,
    @inject(QUOTE_INTEGRATIONS) private readonly integrations: QuoteIntegrations,
  ) {}

  /**
   * Drafts a quote for a party: lines priced from the price lists (manual prices need the permission
   * and a reason), numbered, valid until `validUntil` (default today + `validityDays`).
   *
   * @example
   * const quote = await crm.services.quotes.create(ctx, {
   *   partyId, currency: 'EUR', lines: [{ sku: 'CHAIR-01', quantity: '4' }],
   * });
   */
  async create(ctx: CallContext, input: QuoteInput): Promise<Quote> {
    const parsed = parse(QuoteInputSchema, input, 'quote');
    return this.db.transaction(ctx, (tx) => createQuote(tx, this.deps(), parsed));
  }

  /** Changes the current draft version (validity, terms, lines); a sent version is read-only. */
  async updateDraft(ctx: CallContext, id: string, revision: QuoteRevision): Promise<Quote> {
    const qid = quoteId(id);
    const parsed = parse(QuoteRevisionSchema, revision, 'quote');
    return this.db.transaction(ctx, (tx) => updateDraft(tx, this.deps(), qid, parsed));
  }

  /** A new draft version of a sent, declined or expired quote; the earlier versions stay as they were. */
  async revise(ctx: CallContext, id: string, revision: QuoteRevision = {}): Promise<Quote> {
    const qid = quoteId(id);
    const parsed = parse(QuoteRevisionSchema, revision, 'quote');
    return this.db.transaction(ctx, (tx) => reviseQuote(tx, this.deps(), qid, parsed));
  }

  /** Sends the current draft: document rendered and stored, emailed with the PDF, earlier version superseded. */
  async send(ctx: CallContext, id: string, options: SendOptions = {}): Promise<Quote> {
    const qid = quoteId(id);
    return this.db.transaction(ctx, (tx) => sendQuote(tx, this.deps(), qid, options));
  }

  /** Records that the customer accepted the sent version (then deal won / sale entry / `quoteAccepted`). */
  async accept(ctx: CallContext, id: string, input: AcceptInput = {}): Promise<Quote> {
    const qid = quoteId(id);
    const parsed = parse(AcceptInputSchema, input, 'quote response');
    return this.db.transaction(ctx, (tx) =>
      respondToQuote(tx, this.deps(), qid, 'accepted', parsed.reason ?? null),
    );
  }

  /** Records that the customer declined the sent version, with the reason. */
  async decline(ctx: CallContext, id: string, input: DeclineInput): Promise<Quote> {
    const qid = quoteId(id);
    const parsed = parse(DeclineInputSchema, input, 'quote response');
    return this.db.transaction(ctx, (tx) => respondToQuote(tx, this.deps(), qid, 'declined', parsed.reason));
  }

  /** One quote with its current version (not found / not allowed when the actor may not see it). */
  async get(ctx: CallContext, id: string): Promise<Quote> {
    const qid = quoteId(id);
    return this.db.transaction(ctx, (tx) => requireVisibleQuote(tx, qid));
  }

  /** Every version of a quote, oldest first. */
  async versions(ctx: CallContext, id: string): Promise<QuoteVersion[]> {
    const qid = quoteId(id);
    return this.db.transaction(ctx, async (tx) => readAllVersions(tx, await requireVisibleQuote(tx, qid)));
  }

  /**
   * A page of the quotes the actor may see, newest first (creation time, then id), by party, deal
   * or owner; `nextCursor` continues it.
   *
   * @example
   * let page = await crm.services.quotes.list(ctx, { partyId, limit: 50 });
   * while (page.nextCursor) page = await crm.services.quotes.list(ctx, { partyId, limit: 50, cursor: page.nextCursor });
   */
  async list(ctx: CallContext, options: QuoteListOptions = {}): Promise<QuotePage> {
    const query = parse(QuoteListSchema, options, 'quote list');
    return this.db.transaction(ctx, (tx) => listQuotes(tx, query));
  }

  /**
   * Expires sent quotes whose validity has passed (tenant's calendar); what the scheduled
   * `pricing.expire-quotes` job runs. Idempotent. Managers, administrators and system processes.
   */
  async expireDue(ctx: CallContext): Promise<number> {
    return this.db.transaction(ctx, async (tx) => {
      await requireManager(tx);
      return expireQuotes(tx, this.deps());
    });
  }

  private deps(): QuoteDeps {
    return {
      hooks: this.hooks,
      journal: this.journal,
      options: this.options,
      integrations: this.integrations,
    };
  }
}
