import type { InjectionToken } from 'tsyringe';
import { z } from 'zod';

/**
 * The limits that keep one call from taking the database (or the process) with it. Every one has a
 * default; `createCrm({ limits })` changes them.
 */
export const LimitsSchema = z
  .object({
    /** Most ids one `parties.getMany` call reads (default 1,000). */
    getManyIds: z.int().min(1).max(1_000_000).default(1_000),
    /** Most entries one `journal.recordMany` call writes, in one transaction (default 5,000). */
    recordManyEntries: z.int().min(1).max(1_000_000).default(5_000),
    /** Largest segment filter, as JSON, in bytes (default 64 KiB). */
    filterBytes: z
      .int()
      .min(256)
      .max(16 * 1024 * 1024)
      .default(64 * 1024),
    /** Deepest nesting of a segment filter's objects and arrays (default 32). */
    filterDepth: z.int().min(2).max(1_000).default(32),
    /** Lowest similarity threshold the duplicates report accepts (default 0.3). */
    duplicatesMinThreshold: z.number().min(0.1).max(1).default(0.3),
    /** Most pairs one page of the duplicates report returns (default 500). */
    duplicatesMaxPage: z.int().min(1).max(10_000).default(500),
    /** `work_mem` of a report's transaction, in MiB (default 64; bounded, never raised per call). */
    reportWorkMemMb: z.int().min(1).max(1_024).default(64),
    /** PostgreSQL `statement_timeout` of each call's transaction, by call class, in milliseconds (0: none). */
    statementTimeoutMs: z
      .object({
        /** Commands and reads (default 30 s). */
        command: z.int().min(0).default(30_000),
        /** Reports and analyses over the whole base (default 60 s). */
        report: z.int().min(0).default(60_000),
      })
      .prefault({}),
  })
  .prefault({});

/** The limits in force (see {@link LimitsSchema}). */
export type Limits = z.output<typeof LimitsSchema>;

/** What `createCrm({ limits })` takes: any subset of the limits. */
export type LimitsInput = z.input<typeof LimitsSchema>;

/** The class of a call, which sets its statement timeout: a command (or read), or a report. */
export type CallClass = 'command' | 'report';

/** The limits in force in a CRM. */
export const LIMITS: InjectionToken<Limits> = Symbol('rapport.limits');
