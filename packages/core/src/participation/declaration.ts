/** A value an erasure writes into a column: bound as a parameter (`null` blanks the column). */
export type ErasedValue =
  | string
  | number
  | boolean
  | null
  | Date
  | readonly unknown[]
  | Record<string, unknown>;

/** A column of the table that points at a party (a composite foreign key to `core_party`). */
export interface PartyLink {
  /** The column holding the party id. */
  readonly column: string;
  /**
   * What a merge does with the merged party's rows: `'move'` (default) points them at the survivor;
   * `{ combine: [...] }` first drops each of them that the survivor already has with the same values
   * in those columns (a link to the same entry, say), then moves the rest.
   */
  readonly merge?: 'move' | { readonly combine: readonly string[] };
  /**
   * What an erasure of the party does with its rows: `{ set }` writes these values (null blanks the
   * column; the rows stay, so sums and counts keep them) and `stamp` names a column set to the time
   * of the erasure; `'delete'` removes them. Absent: untouched.
   */
  readonly erase?:
    | { readonly set: Readonly<Record<string, ErasedValue>>; readonly stamp?: string }
    | 'delete';
  /** Whether the rows belong in the party's privacy export (default true). */
  readonly export?: boolean;
}

/** A column of the table that points at an employee who is responsible for the row. */
export interface EmployeeLink {
  /** The column holding the employee id. */
  readonly column: string;
  /**
   * SQL predicate over the row (alias `r`) marking open work, e.g. `r.status = 'open'`: when the
   * employee's customers are reassigned, their open rows follow the customers to the heir; when the
   * employee is deactivated, what remains open goes to the heir. Absent: the rows never move.
   */
  readonly openWork?: string;
  /**
   * The party column whose reassignment the open rows follow (default: the first party link). Rows
   * of customers that were not reassigned stay until the employee is deactivated.
   */
  readonly follows?: string;
}

/** Where moves of a row are audited: a history table `(tenant_id, id, <key>, <at>, actor, operation, changes)`. */
export interface ParticipationAudit {
  /** The history table. */
  readonly table: string;
  /** Its column holding the audited row's id. */
  readonly key: string;
  /** Its timestamp column (default `at`). */
  readonly at?: string;
}

/** Which columns decide who may see a row, beside the visibility of the parties it points at. */
export interface ParticipationVisibility {
  /** The owning employee: the owner and (for managers) owners in their department subtree see the row. */
  readonly owner?: string;
  /** The owning department (team): its agents and the managers above it see the row. */
  readonly team?: string;
  /** Party columns: whoever may see one of these parties may see the row (default: every party link). */
  readonly parties?: readonly string[];
}

/**
 * How one table of a plugin takes part in core's party operations. Core executes it generically:
 * merges, privacy export and erasure, reassignment and deactivation hand-over, and agents'
 * visibility (`rowVisibilitySql`). Taps remain for what this cannot express.
 *
 * @example
 * participation: [{
 *   table: 'pipeline_deal', label: 'deals',
 *   parties: [{ column: 'customer_id', erase: { set: { title: 'Erased', custom: {} } } }],
 *   employees: [{ column: 'owner_id', openWork: `r.status = 'open'` }],
 *   visibility: { owner: 'owner_id', team: 'team_id' },
 *   audit: { table: 'pipeline_deal_history', key: 'deal_id', at: 'changed_at' },
 * }]
 */
export interface TableParticipation {
  /** The table (it has `tenant_id` and is protected by row-level security). */
  readonly table: string;
  /** The name of its privacy-export section and of its counts in reassignments (default the table). */
  readonly label?: string;
  /** Columns never put in a privacy export (secrets, internal state). */
  readonly exportOmits?: readonly string[];
  /** Its primary key column besides `tenant_id` (default `id`); rows are exported in its order. */
  readonly id?: string;
  /** Bumped (`+ 1`) on every row core moves or erases, for optimistic locking. */
  readonly version?: string;
  /** Set to the statement's clock on every row core moves or erases. */
  readonly updatedAt?: string;
  readonly parties?: readonly PartyLink[];
  readonly employees?: readonly EmployeeLink[];
  readonly visibility?: ParticipationVisibility;
  readonly audit?: ParticipationAudit;
}
