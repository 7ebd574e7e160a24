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
  sql,
  sqlFragment,
  type TxContext,
  visibilityOf,
  z,
} from '@rapport/core/plugin';
import { uuidv7 } from 'uuidv7';
import type { VisitNoteInput, VisitNoteRecord } from '../hooks.js';
import { VISIT_NOTES_OPTIONS, type VisitNotesOptions } from '../options.js';
import { VISIT_NOTE_PARTICIPATION } from '../participation.js';

/** The columns of a note as services return it (property names of the entity). */
const NOTE_COLUMNS = [
  'id',
  'tenantId',
  'customerId',
  'authorId',
  'topic',
  'body',
  'followUp',
  'followedUpAt',
  'createdAt',
] as const satisfies ReadonlyArray<keyof VisitNoteRecord>;

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
      const known = await tx.db
        .selectFrom('VisitTopic')
        .select('id')
        .where('tenantId', '=', tx.tenantId)
        .where('name', '=', final.topic)
        .executeTakeFirst();
      if (!known) {
        throw new InvalidDataError('visit note', [
          {
            path: 'topic',
            message: `"${final.topic}" is not one of this tenant's topics`,
            code: 'unknown_topic',
          },
        ]);
      }
      const note: VisitNoteRecord = await tx.db
        .insertInto('VisitNote')
        .values({
          tenantId: tx.tenantId,
          id: uuidv7(),
          customerId: final.customerId,
          authorId: tx.actor.kind === 'employee' ? tx.actor.id : null,
          topic: final.topic,
          body: final.body,
          followUp: final.followUp,
        })
        .returning(NOTE_COLUMNS)
        .executeTakeFirstOrThrow();
      if (note.followUp) await tx.enqueue('visit-notes.follow-up', { noteId: note.id });
      await this.hooks.visitNoteRecorded.promise(note, tx);
      return note;
    });
  }

  /**
   * The notes the actor may see, oldest first: administrators all of the tenant's, an employee the
   * notes they wrote and those about customers they may see (the declared visibility).
   */
  async list(ctx: CallContext, options: { customerId?: string } = {}): Promise<VisitNoteRecord[]> {
    return this.db.transaction(ctx, async (tx) => {
      // The declared visibility, built as SQL with `$n` placeholders, joins the query as a fragment.
      const params: unknown[] = [];
      const visible = rowVisibilitySql(
        await visibilityOf(tx),
        VISIT_NOTE_PARTICIPATION,
        'n',
        paramBinder(params),
      );
      let query = tx.db
        .selectFrom('VisitNote as n')
        .select(NOTE_COLUMNS.map((column) => `n.${column}` as const))
        .where('n.tenantId', '=', tx.tenantId)
        .where(sqlFragment<boolean>(visible, params));
      if (options.customerId) query = query.where('n.customerId', '=', options.customerId);
      return query.orderBy('n.id').execute();
    });
  }

  /** The names of the tenant's topics, alphabetically. */
  async topics(ctx: CallContext): Promise<string[]> {
    return this.db.transaction(ctx, async (tx) => {
      const topics = await tx.db
        .selectFrom('VisitTopic')
        .select('name')
        .where('tenantId', '=', tx.tenantId)
        .orderBy('name')
        .execute();
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
      // Set once: a second run of the job keeps the first time.
      const note = await tx.db
        .updateTable('VisitNote')
        .set((eb) => ({ followedUpAt: eb.fn.coalesce('followedUpAt', sql<Date>`now()`) }))
        .where('tenantId', '=', tx.tenantId)
        .where('id', '=', noteId)
        .returning(NOTE_COLUMNS)
        .executeTakeFirst();
      if (!note) throw new NotFoundError('Visit note', noteId);
      return note;
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
