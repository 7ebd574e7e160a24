/** One row of an import source: a CSV record (column → cell) or any object. */
export type SourceRow = Record<string, unknown>;

/**
 * Where a field's value comes from: a column name (`'E-mail'`), `{ column }`, a constant
 * `{ value }`, or a function of the row. Blank cells count as absent.
 */
export type ValueSource = string | { column: string } | { value: unknown } | ((row: SourceRow) => unknown);

/** A list (tags, roles): a column split on `separator` (default `,`), or any value source giving a list. */
export type ListSource = ValueSource | { column: string; separator: string };

/**
 * A contact point's column, optionally with a label (`{ column: 'Work Phone', label: 'work' }`) and
 * `identifying: false` for a column of shared values (a switchboard, a reception mailbox): stored,
 * but never an identity key, so it neither blocks nor links a row.
 */
export type ContactSource = ValueSource | { column: string; label?: string; identifying?: boolean };

/** The columns of a postal address; it is imported when any of them has a value (a country alone will do). */
export interface AddressMapping {
  street?: ValueSource;
  extra?: ValueSource;
  postalCode?: ValueSource;
  city?: ValueSource;
  region?: ValueSource;
  /** A country: ISO 3166-1 alpha-2 or alpha-3 code, or its name (`Germany`, `Deutschland`, `UK`); stored as alpha-2. */
  country?: ValueSource;
  label?: string;
}

/**
 * How the columns of a file become a party input.
 *
 * @example
 * const mapping: ImportMapping = {
 *   kind: 'person', givenName: 'First Name', familyName: 'Last Name',
 *   email: ['E-mail', { column: 'Work E-mail', label: 'work' }], phone: 'Phone',
 *   tags: { column: 'Tags', separator: ';' }, custom: { tier: 'Tier' }, externalKey: 'CustomerNo',
 * };
 */
export interface ImportMapping {
  /** A constant kind, or a source whose values say `person` or `organization`. */
  kind: 'person' | 'organization' | Exclude<ValueSource, string>;
  givenName?: ValueSource;
  familyName?: ValueSource;
  organizationName?: ValueSource;
  legalName?: ValueSource;
  displayName?: ValueSource;
  taxNumber?: ValueSource;
  registrationNumber?: ValueSource;
  locale?: ValueSource;
  ownerId?: ValueSource;
  teamId?: ValueSource;
  lifecycle?: ValueSource;
  email?: ContactSource | ContactSource[];
  phone?: ContactSource | ContactSource[];
  /** Region of this row's phone numbers written without a country code (default: the CRM's). */
  phoneRegion?: ValueSource;
  website?: ContactSource | ContactSource[];
  address?: AddressMapping | AddressMapping[];
  tags?: ListSource;
  roles?: ListSource;
  source?: { channel?: ValueSource; campaign?: ValueSource };
  /** Custom field key → source; text cells are converted to the field's type (number, boolean, list). */
  custom?: Record<string, ValueSource>;
  /** The row's key in the source system: makes re-importing the same rows change nothing. */
  externalKey?: ValueSource;
}

/** A row turned into a party input. */
export interface MappedRow {
  input: Record<string, unknown>;
  externalKey: unknown;
}

/** A compiled mapping. */
export interface RowMapper {
  /** Every column the mapping reads, with the mapping path that names it. */
  readonly columns: ReadonlyArray<{ path: string; column: string }>;
  /** Maps one row; `track` learns which column each input path came from (used to explain errors). */
  map(row: SourceRow, track?: (path: string, column: string) => void): MappedRow;
  /** Only the row's external key, as `map` would give it (cheap: to skip rows imported before). */
  externalKey(row: SourceRow): unknown;
}
