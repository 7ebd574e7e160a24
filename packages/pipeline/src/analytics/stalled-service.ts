import {
  type CallContext,
  DATABASE,
  type Database,
  inject,
  injectable,
  paramBinder,
  parse,
  visibilityOf,
  z,
} from '@rapport/core/plugin';
import { InstantSchema, type Money, moneyList, requireFound } from './common.js';
import { dealFilterSql } from './filters.js';

/** Input of {@link StalledDealsAnalysis.analyse}. */
export const StalledAnalysisQuerySchema = z.object({
  pipelineId: z.uuid().optional(),
  ownerId: z.uuid().optional(),
  /** Only deals owned in this department or below it. */
  departmentId: z.uuid().optional(),
  /** Only deals owned by this employee or anyone who reports to them, directly or indirectly. */
  teamOf: z.uuid().optional(),
  /** Also count deals idle longer than this many days, whatever their stage's limit. */
  olderThanDays: z.int().min(1).max(3650).optional(),
  /** Losses from this time on are examined for stalling before the loss (default 90 days ago). */
  lostSince: InstantSchema.optional(),
});

/** What {@link StalledDealsAnalysis.analyse} accepts. */
export type StalledAnalysisQuery = z.input<typeof StalledAnalysisQuerySchema>;

/**
 * Why a deal counts as stalled: `stage_limit` — idle longer than its stage's rotting limit;
 * `period` — idle longer than the `olderThanDays` asked (its stage has no limit or it is within it).
 */
export type StalledReason = 'stage_limit' | 'period';

/** Stalled deals of one group (a stage, an owner, a reason, or all). */
export interface StalledGroup {
  /** The stage id, owner id, reason, or `all`. */
  key: string;
  deals: number;
  /** Of them, already marked by the scheduled job (their owners were notified). */
  marked: number;
  amounts: Money[];
  /** Days since the last activity, mean and maximum. */
  averageIdleDays: number;
  maxIdleDays: number;
}

/** Losses of deals that had stalled before they were lost, by loss reason. */
export interface LostAfterStalling {
  reason: string | null;
  deals: number;
  amounts: Money[];
}

/** The stalled-negotiations analysis. */
export interface StalledAnalysis {
  asOf: Date;
  total: StalledGroup;
  byStage: StalledGroup[];
  byOwner: StalledGroup[];
  byReason: StalledGroup[];
  /** Since `lostSince`: deals lost after being idle beyond their limit in the stage they were lost from. */
  lostAfterStalling: LostAfterStalling[];
  lostSince: Date;
}

function groupSql(key: string): string {
  return `(select coalesce(jsonb_agg(jsonb_build_object('key', g.key, 'deals', g.deals, 'marked', g.marked,
      'averageIdleDays', g.avg_idle, 'maxIdleDays', g.max_idle, 'amounts', g.amounts) order by g.deals desc, g.key), '[]')
    from (select k.key, sum(k.deals)::int as deals, sum(k.marked)::int as marked,
            (sum(k.idle_sum) / sum(k.deals))::float8 as avg_idle, max(k.max_idle)::float8 as max_idle,
            coalesce(jsonb_agg(jsonb_build_object('currency', k.currency, 'amount', k.amount::text) order by k.currency)
              filter (where k.currency is not null), '[]') as amounts
          from (select ${key}::text as key, currency, count(*) as deals, count(*) filter (where marked) as marked,
                  sum(idle_days) as idle_sum, max(idle_days) as max_idle, sum(amount) as amount
                from stalled group by 1, 2) k
          group by k.key) g)`;
}

/**
 * Stalled negotiations: open deals with no journal activity for longer than their stage's rotting
 * limit (or a given period), by stage, owner and reason, and the losses that followed stalling.
 * `crm.services.stalledDeals`. Marking and notifying is the scheduled job's (`deals.markStalled`).
 */
@injectable()
export class StalledDealsAnalysis {
  constructor(@inject(DATABASE) private readonly db: Database) {}

  /**
   * Analyses the stalled deals the actor may see, in one SQL statement.
   *
   * @example
   * const a = await crm.services.stalledDeals.analyse(ctx, { olderThanDays: 30 });
   * console.log(a.total.deals, a.byStage, a.lostAfterStalling);
   */
  async analyse(ctx: CallContext, query: StalledAnalysisQuery = {}): Promise<StalledAnalysis> {
    const q = parse(StalledAnalysisQuerySchema, query, 'stalled analysis query');
    const lostSince = q.lostSince ?? new Date(Date.now() - 90 * 86_400_000);
    return this.db.transaction(ctx, async (tx) => {
      const params: unknown[] = [tx.tenantId, q.olderThanDays ?? null, q.pipelineId ?? null, lostSince];
      const { predicates, checks } = dealFilterSql(q, await visibilityOf(tx), paramBinder(params));
      const where = ['($3::uuid is null or d.pipeline_id = $3)', ...predicates].join(' and ');
      const [row] = await tx.sql<{
        pipeline_found: boolean | null;
        owner_found?: boolean;
        department_found?: boolean;
        team_found?: boolean;
        as_of: string;
        total: StalledGroup[];
        by_stage: StalledGroup[];
        by_owner: StalledGroup[];
        by_reason: StalledGroup[];
        lost: Array<{ reason: string | null; deals: number; amounts: unknown }>;
      }>(
        `with stalled as (
           select d.stage_id, d.owner_id, d.amount, d.currency, d.stalled_at is not null as marked,
             date_part('epoch', statement_timestamp() - d.last_activity_at) / 86400 as idle_days,
             case when s.rotting_days is not null
                    and d.last_activity_at < statement_timestamp() - make_interval(days => s.rotting_days) then 'stage_limit'
                  else 'period' end as reason
           from pipeline_deal d join pipeline_stage s on s.tenant_id = d.tenant_id and s.id = d.stage_id
           where d.tenant_id = $1 and d.status = 'open' and ${where}
             and ((s.rotting_days is not null and d.last_activity_at < statement_timestamp() - make_interval(days => s.rotting_days))
               or ($2::int is not null and d.last_activity_at < statement_timestamp() - make_interval(days => $2::int)))
         ),
         losses as (
           select d.id, d.amount, d.currency, sc.reason, sc.changed_at as lost_at,
             coalesce($2::int, fs.rotting_days) as limit_days,
             greatest(
               (select max(p.changed_at) from pipeline_stage_change p
                 where p.tenant_id = $1 and p.deal_id = d.id and p.changed_at < sc.changed_at),
               (select max(e.occurred_at) from core_journal_entry e
                 where e.tenant_id = $1 and e.subject_type = 'deal' and e.subject_id = d.id and e.occurred_at < sc.changed_at
                   and e.superseded_by is null and e.correction is distinct from 'void'
                   and (e.status is null or e.status = 'done'))) as active_at
           from pipeline_stage_change sc
           join pipeline_stage ls on ls.tenant_id = sc.tenant_id and ls.id = sc.to_stage_id and ls.outcome = 'lost'
           join pipeline_deal d on d.tenant_id = sc.tenant_id and d.id = sc.deal_id
           left join pipeline_stage fs on fs.tenant_id = sc.tenant_id and fs.id = sc.from_stage_id
           where sc.tenant_id = $1 and sc.changed_at >= $4 and ${where}
         ),
         lost_stalled as (
           select reason, currency, count(*)::int as deals, sum(amount) as amount from losses
           where limit_days is not null and active_at < lost_at - make_interval(days => limit_days)
           group by reason, currency
         )
         select ${checks.map((c) => `${c}, `).join('')}
           case when $3::uuid is null then null else exists (select 1 from pipeline_pipeline where tenant_id = $1 and id = $3) end as pipeline_found,
           statement_timestamp() as as_of,
           ${groupSql(`'all'`)} as total, ${groupSql('stage_id')} as by_stage, ${groupSql('owner_id')} as by_owner,
           ${groupSql('reason')} as by_reason,
           (select coalesce(jsonb_agg(jsonb_build_object('reason', l.reason, 'deals', l.deals, 'amounts', l.amounts)
               order by l.deals desc, l.reason nulls last), '[]')
            from (select reason, sum(deals)::int as deals,
                    coalesce(jsonb_agg(jsonb_build_object('currency', currency, 'amount', amount::text) order by currency)
                      filter (where currency is not null), '[]') as amounts
                  from lost_stalled group by reason) l) as lost`,
        params,
      );
      requireFound([
        { field: 'pipelineId', what: 'Pipeline', id: q.pipelineId, found: row!.pipeline_found },
        { field: 'ownerId', what: 'Employee', id: q.ownerId, found: row!.owner_found ?? null },
        {
          field: 'departmentId',
          what: 'Department',
          id: q.departmentId,
          found: row!.department_found ?? null,
        },
        { field: 'teamOf', what: 'Employee', id: q.teamOf, found: row!.team_found ?? null },
      ]);
      const groups = (list: StalledGroup[]) => list.map((g) => ({ ...g, amounts: moneyList(g.amounts) }));
      const [total] = groups(row!.total);
      return {
        asOf: new Date(row!.as_of),
        total: total ?? { key: 'all', deals: 0, marked: 0, amounts: [], averageIdleDays: 0, maxIdleDays: 0 },
        byStage: groups(row!.by_stage),
        byOwner: groups(row!.by_owner),
        byReason: groups(row!.by_reason),
        lostAfterStalling: row!.lost.map((l) => ({
          reason: l.reason,
          deals: l.deals,
          amounts: moneyList(l.amounts),
        })),
        lostSince,
      };
    });
  }
}
