/**
 * The hand-written baseline of the daily run, set-based, for `$1` tenant, `$2` day, `$3` reminder
 * days, `$4` the largest of them: the reminder tasks (journal entries, their parties, the reminder
 * rows) in one statement, then the renewals and expiries of contracts ending that day (status, the
 * follow-ups, history rows, journal entries) in another. What the framework does with its hooks,
 * checks and per-contract renewals, without them: the physical limit.
 */
export const HAND_REMINDERS_SQL = `
with candidates as (
  select c.id, c.number, c.party_id, c.owner_id, 'notice'::text as kind, c.notice_on as deadline
  from contracts_contract c
  where c.tenant_id = $1 and c.status in ('signed', 'active', 'suspended') and c.notice_on between $2::date and $2::date + $4::int
  union all
  select c.id, c.number, c.party_id, c.owner_id, 'end', c.end_on
  from contracts_contract c
  where c.tenant_id = $1 and c.status in ('signed', 'active', 'suspended') and c.end_on between $2::date and $2::date + $4::int
), due as (
  select k.id, k.number, k.party_id, k.owner_id, k.kind, k.deadline, min(t.d) as threshold,
    array_agg(k.deadline - t.d) as remind_on, core_uuidv7() as entry_id
  from candidates k join unnest($3::int[]) as t(d) on k.deadline - t.d <= $2::date
  where not exists (select 1 from contracts_reminder r
    where r.tenant_id = $1 and r.contract_id = k.id and r.kind = k.kind and r.remind_on = k.deadline - t.d)
  group by 1, 2, 3, 4, 5, 6
), tasks as (
  insert into core_journal_entry (tenant_id, id, type, occurred_at, actor, employee_id, subject_type, subject_id, data,
    external_id, status, assignee_id, due_at)
  select $1, d.entry_id, 'task', now(), '{"kind":"system","name":"bench"}', d.owner_id, 'contract', d.id,
    jsonb_build_object('title', d.kind || ' of contract ' || d.number || ' on ' || d.deadline),
    'contracts:' || d.id || ':' || d.kind || ':' || d.deadline || ':' || d.threshold, 'planned', d.owner_id, d.deadline::timestamptz
  from due d returning id
), parties as (
  insert into core_journal_party (tenant_id, party_id, entry_id, role, occurred_at)
  select $1, d.party_id, d.entry_id, 'customer', now() from due d
), reminders as (
  insert into contracts_reminder (tenant_id, contract_id, kind, remind_on, deadline_on, journal_entry_id)
  select $1, d.id, d.kind, r.remind_on, d.deadline, d.entry_id from due d, unnest(d.remind_on) as r(remind_on)
)
select (select count(*) from tasks)::int as tasks`;

/** See {@link HAND_REMINDERS_SQL}: renewals and expiries of the day, set-based. */
export const HAND_ENDINGS_SQL = `
with ending as (
  select id, number, party_id, owner_id, status as from_status, end_on, notice_months, renew_months, max_renewals, renewal_count,
    (status = 'active' and renew_months is not null and (max_renewals is null or renewal_count < max_renewals)) as renews,
    core_uuidv7() as follow_id, core_uuidv7() as entry_id
  from contracts_contract
  where tenant_id = $1 and status in ('signed', 'active', 'suspended') and end_on <= $2::date
  for update
), moved as (
  update contracts_contract c set status = case when e.renews then 'renewed' else 'expired' end,
    ended_on = e.end_on, status_changed_at = now(), version = c.version + 1, updated_at = now()
  from ending e where c.tenant_id = $1 and c.id = e.id
  returning c.id
), follow as (
  insert into contracts_contract (tenant_id, id, number, subject, party_id, owner_id, status, value_kind, amount, currency,
    period, start_on, end_on, notice_months, notice_on, renew_months, max_renewals, renewal_count, renewed_from_id, signed_on)
  select $1, e.follow_id, 'CT-R-' || e.follow_id, c.subject, c.party_id, c.owner_id, 'active', c.value_kind, c.amount, c.currency,
    c.period, e.end_on + 1, (e.end_on + 1 + make_interval(months => e.renew_months) - interval '1 day')::date, c.notice_months,
    case when c.notice_months is not null
      then (e.end_on + 1 + make_interval(months => e.renew_months) - interval '1 day' - make_interval(months => c.notice_months))::date end,
    c.renew_months, c.max_renewals, c.renewal_count + 1, c.id, $2::date
  from ending e join contracts_contract c on c.tenant_id = $1 and c.id = e.id where e.renews
  returning id
), entries as (
  insert into core_journal_entry (tenant_id, id, type, occurred_at, actor, subject_type, subject_id, data)
  select $1, e.entry_id, 'contract', now(), '{"kind":"system","name":"bench"}', 'contract', e.id,
    jsonb_build_object('contractId', e.id, 'number', e.number, 'from', e.from_status,
      'to', case when e.renews then 'renewed' else 'expired' end, 'reason', 'end date reached')
  from ending e returning id
), parties as (
  insert into core_journal_party (tenant_id, party_id, entry_id, role, occurred_at)
  select $1, e.party_id, e.entry_id, 'customer', now() from ending e
), history as (
  insert into contracts_transition (tenant_id, id, contract_id, from_status, to_status, at, actor, reason, journal_entry_id)
  select $1, core_uuidv7(), e.id, e.from_status, case when e.renews then 'renewed' else 'expired' end, now(),
    '{"kind":"system","name":"bench"}', 'end date reached', e.entry_id
  from ending e
)
select (select count(*) from moved)::int as moved, (select count(*) from follow)::int as renewed`;

/** See {@link HAND_REMINDERS_SQL}: signed contracts whose start date has come move to active, set-based. */
export const HAND_ACTIVATIONS_SQL = `
with due as (
  select id, number, party_id, core_uuidv7() as entry_id
  from contracts_contract
  where tenant_id = $1 and status = 'signed' and start_on <= $2::date
  for update
), moved as (
  update contracts_contract c set status = 'active', status_changed_at = now(), version = c.version + 1, updated_at = now()
  from due d where c.tenant_id = $1 and c.id = d.id
  returning c.id
), entries as (
  insert into core_journal_entry (tenant_id, id, type, occurred_at, actor, subject_type, subject_id, data)
  select $1, d.entry_id, 'contract', now(), '{"kind":"system","name":"bench"}', 'contract', d.id,
    jsonb_build_object('contractId', d.id, 'number', d.number, 'from', 'signed', 'to', 'active', 'reason', 'start date reached')
  from due d returning id
), parties as (
  insert into core_journal_party (tenant_id, party_id, entry_id, role, occurred_at)
  select $1, d.party_id, d.entry_id, 'customer', now() from due d
), history as (
  insert into contracts_transition (tenant_id, id, contract_id, from_status, to_status, at, actor, reason, journal_entry_id)
  select $1, core_uuidv7(), d.id, 'signed', 'active', now(), '{"kind":"system","name":"bench"}', 'start date reached', d.entry_id
  from due d
)
select (select count(*) from moved)::int as activated`;
