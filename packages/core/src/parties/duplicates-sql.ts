/**
 * The duplicates report in one statement. Parameters: $1 tenant, $2 threshold (text, read as numeric
 * and as real), $3 limit, $4–$6 the cursor (score, first id, second id) or nulls; `/*visible*\/true`
 * is replaced by the actor's visibility predicate over `p`.
 *
 * Similar names in the same city are found with prefix filtering, an exact set-similarity join: the
 * trigram sets of two names with Jaccard similarity (what pg_trgm's `similarity` computes) of at least
 * t share a trigram among the first |x| − ⌈t·|x|⌉ + 1 trigrams of each, ordered rarest first. Joining
 * only those prefixes (on trigram, city and kind), with the positional bound on the overlap, keeps the
 * candidate pairs few; `similarity` then checks each. It uses no trigram index: a `%` self-join probes
 * the index once per party, which takes minutes at 100k parties (and under row-level security the
 * index cannot be used at all unless `similarity_op` is marked LEAKPROOF).
 */
export const DUPLICATE_PAIRS_SQL = `
with parties as materialized (
  select p.id, p.kind, p.display_name, p.city, p.owner_id, show_trgm(p.display_name) as trgms
  from core_party p where p.tenant_id = $1 and /*visible*/true
),
frequency as (
  select t.trgm, count(*) as n from parties p cross join lateral unnest(p.trgms) as t(trgm)
  where p.city is not null group by t.trgm
),
prefix as materialized (
  select p.id, p.kind, p.city, cardinality(p.trgms) as len, x.trgm, x.rn
  from parties p cross join lateral (
    select t.trgm, row_number() over (order by f.n, t.trgm) as rn
    from unnest(p.trgms) as t(trgm) join frequency f on f.trgm = t.trgm
  ) x
  where p.city is not null and x.rn <= cardinality(p.trgms) - ceil(($2::numeric - 0.000001) * cardinality(p.trgms)) + 1
),
city_pairs as (
  select distinct least(x.id, y.id) as a_id, greatest(x.id, y.id) as b_id, 'same_city' as reason
  from prefix x join prefix y on y.trgm = x.trgm and y.city = x.city and y.kind = x.kind
  where (y.len < x.len or (y.len = x.len and y.id <> x.id))
    and y.rn <= y.len - ceil(2 * ($2::numeric - 0.000001) / (1 + $2::numeric) * y.len) + 1
    and least(x.len - x.rn, y.len - y.rn) + 1 >= ceil(($2::numeric - 0.000001) / (1 + $2::numeric) * (x.len + y.len))
),
members as (
  select r.organization_id as org_id, r.party_id from core_party_role r
  where r.tenant_id = $1 and r.valid_to is null and r.organization_id is not null
  union
  select r.to_party_id, r.from_party_id from core_relationship r
  where r.tenant_id = $1 and r.type = 'works_at' and r.ended_at is null
),
organization_pairs as (
  select distinct m.party_id as a_id, n.party_id as b_id, 'same_organization' as reason
  from members m join members n on n.org_id = m.org_id and n.party_id > m.party_id
),
name_pairs as (
  select a.id as a_id, b.id as b_id, 'same_name' as reason
  from parties a join parties b on lower(b.display_name) = lower(a.display_name) and b.kind = a.kind and b.id > a.id
),
candidates as (
  select a_id, b_id, array_agg(reason order by reason) as reasons
  from (select * from city_pairs union all select * from organization_pairs union all select * from name_pairs) c
  group by a_id, b_id
),
scored as (
  select c.a_id, c.b_id, c.reasons, similarity(a.display_name, b.display_name) as score,
    json_build_object('kind', a.kind, 'displayName', a.display_name, 'city', a.city, 'ownerId', a.owner_id) as a,
    json_build_object('kind', b.kind, 'displayName', b.display_name, 'city', b.city, 'ownerId', b.owner_id) as b
  from candidates c
  join parties a on a.id = c.a_id
  join parties b on b.id = c.b_id and b.kind = a.kind
)
select a_id, b_id, reasons, score::text as score, a, b from scored
where (score >= $2::real or 'same_name' = any(reasons))
  and ($4::real is null or score < $4::real or (score = $4::real and (a_id, b_id) > ($5::uuid, $6::uuid)))
order by score desc, a_id, b_id
limit $3`;
