import type { Migration } from '../kernel/migrations.js';

/**
 * Saved segments get an owner: the employee who saved one (and the managers of their subtree, and
 * administrators) may change or delete it; others may only use it. Existing segments keep no owner,
 * which means only administrators may change them.
 */
export const segmentOwnersMigration: Migration = {
  name: '0009_segment_owners',
  up: `
alter table core_segment
  add column owner_id uuid,
  add foreign key (tenant_id, owner_id) references core_employee(tenant_id, id);
create index core_segment_owner_idx on core_segment (tenant_id, owner_id) where owner_id is not null;
`,
};
