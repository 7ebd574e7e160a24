/** Options of {@link timeInterleaved}. */
export interface InterleaveOptions {
  /** Untimed rounds first, each running every function once (default 50). */
  warmup?: number;
}

/**
 * Times each function `iterations` times, interleaved: every round runs all of them once, starting
 * one further along each round, so drift in the machine (and who goes first) hits them alike.
 * Returns the latencies in milliseconds, one list per function, in the order given.
 *
 * @example
 * const [framework, hand] = await timeInterleaved(500, [() => crm.services.timeline.timeline(ctx, id), () => handQuery()]);
 */
export async function timeInterleaved<const F extends ReadonlyArray<() => Promise<unknown>>>(
  iterations: number,
  fns: F,
  options: InterleaveOptions = {},
): Promise<{ -readonly [K in keyof F]: number[] }> {
  for (let i = 0; i < (options.warmup ?? 50); i++) for (const fn of fns) await fn();
  const out = fns.map(() => [] as number[]);
  for (let i = 0; i < iterations; i++) {
    for (let k = 0; k < fns.length; k++) {
      const j = (i + k) % fns.length;
      const t0 = performance.now();
      await fns[j]!();
      out[j]!.push(performance.now() - t0);
    }
  }
  return out as { -readonly [K in keyof F]: number[] };
}
