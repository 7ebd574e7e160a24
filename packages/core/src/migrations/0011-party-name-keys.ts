import type { Migration } from '../kernel/migrations.js';

/**
 * Phonetic name keys for the duplicate check on create: the double-metaphone code of the first and
 * of the last word of a party's name, kept by a trigger on every write path (create, import, update,
 * merge, erasure). Equality on them is leakproof, so under row-level security PostgreSQL can still
 * use the btree indexes, which it cannot do for pg_trgm's similarity operators.
 */
export const partyNameKeysMigration: Migration = {
  name: '0011_party_name_keys',
  up: `
create extension if not exists fuzzystrmatch;

create function core_name_keys(name text) returns text[]
  language sql immutable strict parallel safe
  return (
    select array[nullif(dmetaphone(w[1]), ''), nullif(dmetaphone(w[cardinality(w)]), '')]
    from (select array_remove(regexp_split_to_array(lower(name), '[^[:alpha:]]+'), '') as w) words
  );

alter table core_party add column name_key_first text, add column name_key_last text;

create function core_party_name_keys() returns trigger language plpgsql as $$
declare keys text[] := core_name_keys(new.display_name);
begin
  new.name_key_first := keys[1];
  new.name_key_last := keys[2];
  return new;
end $$;

create trigger core_party_name_keys before insert or update of display_name on core_party
  for each row execute function core_party_name_keys();

update core_party set name_key_first = (core_name_keys(display_name))[1],
  name_key_last = (core_name_keys(display_name))[2];

create index core_party_name_key_first_idx on core_party (tenant_id, city, kind, name_key_first) where city is not null;
create index core_party_name_key_last_idx on core_party (tenant_id, city, kind, name_key_last) where city is not null;
`,
};
