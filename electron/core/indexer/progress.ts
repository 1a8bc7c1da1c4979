import type { ProgressEvent } from '../../shared/contract.js';

/** Rate and ETA over a sliding window, so a slow first file does not skew the estimate for long. */
export class ProgressMeter {
  private readonly samples: { t: number; done: number }[] = [];
  done = 0;
  errors = 0;
  current: string | null = null;

  constructor(
    public total: number,
    private readonly clock: () => number = Date.now,
    private readonly windowMs = 10_000,
  ) {}

  tick(ok: boolean, current: string | null): void {
    this.done++;
    if (!ok) this.errors++;
    this.current = current;
    const t = this.clock();
    this.samples.push({ t, done: this.done });
    while (this.samples.length > 2 && t - this.samples[0]!.t > this.windowMs) this.samples.shift();
  }

  snapshot(stage: ProgressEvent['stage'] = 'index'): ProgressEvent {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    const span = first && last ? (last.t - first.t) / 1000 : 0;
    const rate = span > 0 ? (last!.done - first!.done) / span : 0;
    const left = Math.max(0, this.total - this.done);
    return {
      stage,
      done: this.done,
      total: this.total,
      ratePerSecond: Math.round(rate * 10) / 10,
      etaSeconds: rate > 0 ? Math.round(left / rate) : null,
      errors: this.errors,
      current: this.current,
    };
  }
}

/**
 * Until pass 2 has run for a while its rate is unknown: assume it takes this many times pass 1's
 * time per photo (measured: docs/benchmarks.md, "Two passes"), so the first estimate is not empty.
 */
export const PASS2_COST_RATIO = 4;

/**
 * One event for both passes: the whole library's counts (photos in the grid; photos understood) and
 * one time left for both queues, each at its own rate.
 */
export function twoPassProgress(
  all: ProgressMeter,
  browse: ProgressMeter,
  understand: ProgressMeter,
  queued: { browse: number; understand: number },
  library: { indexed: number; pending: number },
): ProgressEvent {
  const event = all.snapshot('index');
  const r1 = browse.snapshot().ratePerSecond;
  const r2 = understand.snapshot().ratePerSecond;
  // every photo still waiting for pass 1 will want pass 2 after it
  const understandLeft = queued.understand + queued.browse;
  const rate2 = r2 > 0 ? r2 : r1 > 0 ? r1 / PASS2_COST_RATIO : 0;
  const eta1 = queued.browse === 0 ? 0 : r1 > 0 ? queued.browse / r1 : null;
  const eta2 = understandLeft === 0 ? 0 : rate2 > 0 ? understandLeft / rate2 : null;
  const libraryTotal = library.indexed + library.pending;
  return {
    ...event,
    etaSeconds: eta1 === null || eta2 === null ? event.etaSeconds : Math.round(eta1 + eta2),
    passes: {
      browse: { done: library.indexed, total: libraryTotal },
      understand: { done: Math.max(0, libraryTotal - understandLeft), total: libraryTotal },
    },
  };
}
