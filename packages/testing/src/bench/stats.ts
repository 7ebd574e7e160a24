/** The value below which `q` (0–1) of the sorted samples fall. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Rounds to two decimals for the report. */
export function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** A report line for a set of latencies in milliseconds. */
export function latencyRow(run: string, ms: readonly number[], extra: Record<string, string | number> = {}) {
  return {
    run,
    n: ms.length,
    'median ms': round(quantile(ms, 0.5)),
    'p99 ms': round(quantile(ms, 0.99)),
    'max ms': round(quantile(ms, 1)),
    ...extra,
  };
}
