import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// A full collection before each run, so that one run's garbage does not count as the next one's peak.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** Peak memory of this process seen while a sampler ran, in MB. */
export interface MemoryPeak {
  rssStartMb: number;
  peakRssMb: number;
  peakHeapMb: number;
  /** The largest heap still in use right after a full collection: what the run really holds. */
  peakLiveHeapMb: number;
}

/**
 * Samples RSS and V8 heap every few milliseconds (and whenever `sample()` is called, e.g. from a
 * progress callback, since a busy event loop delays timers) and keeps the peaks. The V8 heap peak
 * includes garbage not collected yet; `sampleLive()` also measures what survives a full collection.
 */
export class MemorySampler {
  private readonly rssStart: number;
  private peakRss = 0;
  private peakHeap = 0;
  private peakLive = 0;
  private calls = 0;
  private readonly timer: NodeJS.Timeout;

  constructor() {
    collectGarbage();
    this.rssStart = process.memoryUsage.rss();
    this.sample();
    this.timer = setInterval(() => this.sample(), 10);
  }

  /** Takes a sample now. */
  sample(): void {
    const { rss, heapUsed } = process.memoryUsage();
    if (rss > this.peakRss) this.peakRss = rss;
    if (heapUsed > this.peakHeap) this.peakHeap = heapUsed;
  }

  /** Takes a sample now and, every `every`-th call, measures the live heap after a full collection. */
  sampleLive(every = 20): void {
    this.sample();
    if (this.calls++ % every !== 0) return;
    collectGarbage();
    const live = process.memoryUsage().heapUsed;
    if (live > this.peakLive) this.peakLive = live;
  }

  /** Stops sampling and returns the peaks. */
  stop(): MemoryPeak {
    clearInterval(this.timer);
    this.sample();
    const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
    return {
      rssStartMb: mb(this.rssStart),
      peakRssMb: mb(this.peakRss),
      peakHeapMb: mb(this.peakHeap),
      peakLiveHeapMb: mb(this.peakLive),
    };
  }
}
