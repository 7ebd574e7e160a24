/** Where the per-stage figures of a funnel statement come from (SQL expressions over its aliases). */
export interface StageJsonSources {
  /** The median seconds in the stage, e.g. `ps.median_seconds`. */
  median: string;
  /** Deals lost from the stage, e.g. `l.lost`. */
  lost: string;
  /** The top loss reasons as a JSON array, e.g. `r.reasons`. */
  reasons: string;
  /** The joins that bring those in, after `stages s`, `per_stage ps` and `stage_amounts sa`. */
  joins: string;
}

/**
 * The `stages` column of both funnel statements (per deal and from the rollup): one JSON row per
 * stage, in pipeline order, archived stages last and only when the cohort entered them — so both
 * paths return the same shape by construction.
 */
export function stageRowsJson(from: StageJsonSources): string {
  return `(select jsonb_agg(jsonb_build_object(
      'stageId', s.id, 'name', s.name, 'position', s.position, 'outcome', s.outcome,
      'archived', s.archived_at is not null, 'rank', s.rank,
      'entered', coalesce(ps.entered, 0), 'reachedNext', coalesce(ps.reached_next, 0),
      'reachedWon', coalesce(ps.reached_won, 0), 'closedAfter', coalesce(ps.closed_after, 0),
      'ongoing', coalesce(ps.ongoing, 0), 'avgSeconds', ps.avg_seconds, 'medianSeconds', ${from.median},
      'amounts', coalesce(sa.amounts, '[]'), 'lost', coalesce(${from.lost}, 0), 'lossReasons', coalesce(${from.reasons}, '[]'))
    order by s.archived_at is not null, s.position, s.archived_at, s.name)
   from stages s
   left join per_stage ps on ps.stage_id = s.id
   left join stage_amounts sa on sa.stage_id = s.id
   ${from.joins}
   where s.archived_at is null or ps.entered is not null) as stages`;
}
