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
