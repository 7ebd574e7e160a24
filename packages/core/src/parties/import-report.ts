import type { BatchPlan } from './import-classify.js';
import type { ImportItem, KnownRow } from './import-rows.js';
import type {
  ImportCounts,
  ImportDuplicate,
  ImportProgress,
  ImportResult,
  ImportRowError,
  ImportRowResult,
  ImportRowWarning,
} from './import-types.js';

/** A committed batch, as the report needs it. */
export interface CommittedBatch {
  read: number;
  /** Rows skipped before validation: their external key was imported before. */
  known: readonly KnownRow[];
  plan: BatchPlan;
  /** The batch's failed rows (invalid, refused owner, duplicate as error), in row order. */
  errors: readonly ImportRowError[];
}

/** Tallies an import batch by batch: exact counts, and at most `max` rows, errors and duplicates kept. */
export class ImportReport {
  private readonly counts: ImportCounts = {
    read: 0,
    created: 0,
    linked: 0,
    unchanged: 0,
    duplicates: 0,
    failed: 0,
  };
  private batches = 0;
  private readonly errors: ImportRowError[] = [];
  private readonly duplicates: ImportDuplicate[] = [];
  private readonly rows: ImportRowResult[] = [];
  private readonly warnings: ImportRowWarning[] = [];

  constructor(private readonly max: number) {}

  /** Adds a committed batch; returns its row results in row order. */
  add({ read, known, plan, errors }: CommittedBatch): ImportRowResult[] {
    this.batches += 1;
    this.counts.read += read;
    this.counts.created += plan.create.length;
    this.counts.linked += plan.link.length;
    this.counts.unchanged += known.length + plan.unchanged.length;
    this.counts.duplicates += plan.duplicates.length;
    this.counts.failed += errors.length;
    keep(this.errors, errors, this.max);
    keep(this.duplicates, plan.duplicates, this.max);
    const rows = rowResults(known, plan, errors);
    keep(this.rows, rows, this.max);
    keep(
      this.warnings,
      rows
        .filter((r) => r.warnings.length > 0)
        .map((r) => ({ row: r.row, externalKey: r.externalKey, warnings: r.warnings })),
      this.max,
    );
    return rows;
  }

  /** The counts so far. */
  progress(): ImportProgress {
    return { ...this.counts, batches: this.batches };
  }

  /** The final result. */
  result(): ImportResult {
    return {
      counts: { ...this.counts },
      errors: [...this.errors],
      duplicates: [...this.duplicates],
      rows: [...this.rows],
      warnings: [...this.warnings],
    };
  }
}

function rowResults(
  known: readonly KnownRow[],
  plan: BatchPlan,
  errors: readonly ImportRowError[],
): ImportRowResult[] {
  const done = (item: ImportItem, outcome: ImportRowResult['outcome'], partyId: string | null) => ({
    row: item.row,
    externalKey: item.externalKey,
    outcome,
    partyId,
    warnings: item.warnings,
    errors: [],
  });
  const rows: ImportRowResult[] = [
    ...known.map((k) => ({
      row: k.row,
      externalKey: k.externalKey,
      outcome: 'unchanged' as const,
      partyId: k.partyId,
      warnings: [],
      errors: [],
    })),
    ...plan.create.map((item) => done(item, 'created', item.party.id)),
    ...plan.link.map(({ item, partyId }) => done(item, 'linked', partyId)),
    ...plan.unchanged.map(({ item, partyId }) => done(item, 'unchanged', partyId)),
    ...plan.duplicates.map((d) => {
      const parties = new Set(d.matches.map((m) => m.partyId));
      const partyId = parties.size === 1 ? d.matches[0]!.partyId : null;
      return { ...d, outcome: 'duplicate' as const, partyId, warnings: [], errors: [] };
    }),
    ...errors.map((e) => ({
      ...e,
      outcome: 'failed' as const,
      partyId: null,
      warnings: [],
      errors: e.issues,
    })),
  ].map(({ issues: _issues, ...row }: ImportRowResult & { issues?: unknown }) => row);
  return rows.sort((a, b) => a.row - b.row);
}

function keep<T>(into: T[], from: readonly T[], max: number): void {
  for (const entry of from) {
    if (into.length >= max) return;
    into.push(entry);
  }
}
