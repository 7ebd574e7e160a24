import { setTimeout as sleep } from 'node:timers/promises';

/** A clock: milliseconds now, and a way to wait. Tests pass a fake one. */
export interface PacerClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

const realClock: PacerClock = {
  now: () => performance.now(),
  sleep: (ms, signal) => sleep(ms, undefined, signal ? { signal } : undefined).catch(() => undefined),
};

/**
 * Spaces out starts to at most `rate` per second: the n-th call to `next()` (counting from 0)
 * resolves no earlier than `n / rate` seconds after the pacer was made. A run that falls behind (a
 * slow transport) does not burst to catch up by more than `burst` starts.
 */
export class Pacer {
  private readonly interval: number;
  private nextAt: number;

  constructor(
    rate: number,
    private readonly clock: PacerClock = realClock,
    private readonly burst = 1,
  ) {
    if (!(rate > 0)) throw new RangeError('rate must be positive');
    this.interval = 1000 / rate;
    this.nextAt = clock.now();
  }

  /** Waits for the next start slot (returns early when `signal` is aborted). */
  async next(signal?: AbortSignal): Promise<void> {
    const now = this.clock.now();
    // Never let the schedule lag more than `burst` slots behind the clock.
    const slot = Math.max(this.nextAt, now - this.interval * (this.burst - 1));
    this.nextAt = slot + this.interval;
    if (slot > now && !signal?.aborted) await this.clock.sleep(slot - now, signal);
  }
}
