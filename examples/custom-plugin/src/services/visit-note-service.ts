import {
  type CallContext,
  type CrmHooks,
  DATABASE,
  type Database,
  HOOKS,
  InvalidDataError,
  inject,
  injectable,
  NotFoundError,
  paramBinder,
  parse,
  requireVisibleParties,
  rowVisibilitySql,
  type TxContext,
  visibilityOf,
  z,
} from '@rapport/core/plugin';
import { uuidv7 } from 'uuidv7';
import { VisitNote } from '../entities/visit-note.js';
import { VisitTopic } from '../entities/visit-topic.js';
import type { VisitNoteInput, VisitNoteRecord } from '../hooks.js';
import { VISIT_NOTES_OPTIONS, type VisitNotesOptions } from '../options.js';
import { VISIT_NOTE_PARTICIPATION } from '../participation.js';

/** Records visit notes and the topics they are filed under, one transaction per command. */
@injectable()
export class VisitNoteService {
  private readonly inputSchema;

  // Every parameter names its token: the build does not emit decorator metadata to infer them from.
  constructor(
    @inject(DATABASE) private readonly db: Database,
    @inject(HOOKS) private readonly hooks: Readonly<CrmHooks>,
    @inject(VISIT_NOTES_OPTIONS) private readonly options: VisitNotesOptions,
  ) {
    this.inputSchema = z.object({
      customerId: z.uuid().transform((id) => id.toLowerCase()),
      topic: z.string().trim().min(1).max(60),
      body: z.string().trim().min(1).max(options.maxBodyLength),
      followUp: z.boolean().default(false),
    });
  }

  /**
   * Records a note about a customer the actor may see (a missing one is NOT_FOUND, a hidden one
   * NOT_ALLOWED), written by the acting employee, in one transaction: `beforeVisitNoteRecord` taps
   * may transform or veto it, `visitNoteRecorded` taps act on it, and a follow-up job is enqueued
   * only if everything commits.
   *
   * @example
   * const note = await crm.services.visitNotes.record(ctx, { customerId: globex.id, topic: 'Order', body: 'Wants 20 more' });
   */
  async record(ctx: CallContext, input: VisitNoteInput): Promise<VisitNoteRecord> {
    const data = parse(this.inputSchema, input, 'visit note');
    return this.db.transaction(ctx, async (tx) => {
      // Taps may rewrite the input, so it is validated again before anything is written.
      const final = parse(
        this.inputSchema,
        await this.hooks.beforeVisitNoteRecord.promise(data, tx),
        'visit note',
      );
      await requireVisibleParties(tx, [final.customerId]);
      const known = await tx.em.count(VisitTopic, { tenantId: tx.tenantId, name: final.topic });
      if (known === 0) {
        throw new InvalidDataError('visit note', [
          {
            path: 'topic',
            message: `"${final.topic}" is not one of this tenant's topics`,
            code: 'unknown_topic',
          },
        ]);
      }
      const note = tx.em.create(VisitNote, {
        id: uuidv7(),
        tenantId: tx.tenantId,
        customerId: final.customerId,
        authorId: tx.actor.kind === 'employee' ? tx.actor.id : null,
        topic: final.topic,
        body: final.body,
        followUp: final.followUp,
        followedUpAt: null,
        createdAt: new Date(),
      });
      await tx.em.flush();
      if (note.followUp) await tx.enqueue('visit-notes.follow-up', { noteId: note.id });
      const record = toRecord(note);
      await this.hooks.visitNoteRecorded.promise(record, tx);
      return record;
    });
  }

  /**
   * The notes the actor may see, oldest first: administrators all of the tenant's, an employee the
   * notes they wrote and those about customers they may see (the declared visibility).
   */
  async list(ctx: CallContext, options: { customerId?: string } = {}): Promise<VisitNoteRecord[]> {
    return this.db.transaction(ctx, async (tx) => {
      const params: unknown[] = [tx.tenantId, options.customerId ?? null];
      const visible = rowVisibilitySql(
        await visibilityOf(tx),
        VISIT_NOTE_PARTICIPATION,
        'n',
        paramBinder(params),
      );
      const ids = await tx.sql<{ id: string }>(
        `select n.id from visit_notes_note n
         where n.tenant_id = $1 and ($2::uuid is null or n.customer_id = $2) and ${visible} order by n.id`,
        params,
      );
      if (ids.length === 0) return [];
      const notes = await tx.em.find(
        VisitNote,
        { tenantId: tx.tenantId, id: { $in: ids.map((r) => r.id) } },
        { orderBy: { id: 'asc' } },
      );
      return notes.map(toRecord);
    });
  }

  /** The names of the tenant's topics, alphabetically. */
  async topics(ctx: CallContext): Promise<string[]> {
    return this.db.transaction(ctx, async (tx) => {
      const topics = await tx.em.find(VisitTopic, { tenantId: tx.tenantId }, { orderBy: { name: 'asc' } });
      return topics.map((topic) => topic.name);
    });
  }

  /** Adds a topic; adding one that exists does nothing. */
  async addTopic(ctx: CallContext, name: string): Promise<void> {
    const topic = parse(z.string().trim().min(1).max(60), name, 'visit topic');
    await this.db.transaction(ctx, (tx) => this.insertTopics(tx, [topic]));
  }

  /** Gives a new tenant the configured default topics, in the transaction that creates it. */
  async seedDefaultTopics(tx: TxContext): Promise<void> {
    await this.insertTopics(tx, this.options.defaultTopics);
  }

  /**
   * Marks a note as followed up. Idempotent, because a job may run again after a crash between
   * doing its work and being marked done.
   */
  async markFollowedUp(ctx: CallContext, noteId: string): Promise<VisitNoteRecord> {
    return this.db.transaction(ctx, async (tx) => {
      const note = await tx.em.findOne(VisitNote, { id: noteId, tenantId: tx.tenantId });
      if (!note) throw new NotFoundError('Visit note', noteId);
      if (!note.followedUpAt) {
        note.followedUpAt = new Date();
        await tx.em.flush();
      }
      return toRecord(note);
    });
  }

  private async insertTopics(tx: TxContext, names: readonly string[]): Promise<void> {
    const unique = [...new Set(names)];
    // One statement for all topics instead of a round trip per row; ids are UUIDv7 like every key.
    await tx.sql(
      `insert into visit_notes_topic (id, tenant_id, name)
       select id, $1, name from unnest($2::uuid[], $3::text[]) as t(id, name)
       on conflict (tenant_id, name) do nothing`,
      [tx.tenantId, unique.map(() => uuidv7()), unique],
    );
  }
}

function toRecord(note: VisitNote): VisitNoteRecord {
  return {
    id: note.id,
    tenantId: note.tenantId,
    customerId: note.customerId,
    authorId: note.authorId ?? null,
    topic: note.topic,
    body: note.body,
    followUp: note.followUp,
    followedUpAt: note.followedUpAt ?? null,
    createdAt: note.createdAt,
  };
}
