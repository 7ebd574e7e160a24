import type { BatchPlan } from './import-classify.js';
import type {
  ImportCounts,
  ImportDuplicate,
  ImportProgress,
  ImportResult,
  ImportRowError,
  ImportRowWarning,
} from './import-types.js';

/** Tallies an import batch by batch: exact counts, and at most `max` errors and duplicates kept. */
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
  private readonly warnings: ImportRowWarning[] = [];

  constructor(private readonly max: number) {}

  /** Adds a committed batch: rows read, rows known beforehand, its plan and its failed rows (in row order). */
  add(
    batch: { read: number; known: number },
    plan: BatchPlan,
    errors: readonly ImportRowError[],
    warnings: readonly ImportRowWarning[] = [],
  ): void {
    this.batches += 1;
    this.counts.read += batch.read;
    this.counts.created += plan.create.length;
    this.counts.linked += plan.link.length;
    this.counts.unchanged += batch.known + plan.unchanged;
    this.counts.duplicates += plan.duplicates.length;
    this.counts.failed += errors.length;
    keep(this.errors, errors, this.max);
    keep(this.duplicates, plan.duplicates, this.max);
    keep(this.warnings, warnings, this.max);
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
      warnings: [...this.warnings],
    };
  }
}

function keep<T>(into: T[], from: readonly T[], max: number): void {
  for (const entry of from) {
    if (into.length >= max) return;
    into.push(entry);
  }
}
