import { EventEmitter } from 'node:events';
import os from 'node:os';
import type { IndexSummary, ProgressEvent } from '../../shared/contract.js';
import type { Catalog } from '../catalog.js';
import { INDEX_JOB } from '../library/scanner.service.js';
import { indexPhoto, RETRY, type Outcome, type PhotoFollowers, type PipelineFaults } from './pipeline.js';
import { ProgressMeter, twoPassProgress } from './progress.js';
import { UNDERSTAND_JOB, understandPhoto } from './understand.js';
import type { VisionService } from '../vision/vision.service.js';

/** A job that was running this many times when the process died is skipped as poison. */
export const MAX_ATTEMPTS = 3;

export interface IndexerEvents {
  progress: [ProgressEvent];
  photo: [Outcome];
}

/**
 * Drains the persistent queue with a few photos in flight: one more than the cores (at most 4).
 * sharp decodes and onnxruntime infers on their own threads while the JS thread hashes, prepares
 * tensors and writes; with only as many photos as cores in flight a core sits idle whenever two
 * photos are in JS at once (2 cores: 3 in flight completes a 12 MP library 5-8% sooner than 2,
 * docs/benchmarks.md).
 */
export class Indexer extends EventEmitter<IndexerEvents> {
  private running: Promise<IndexSummary> | null = null;
  readonly concurrency: number;
  private readonly faults: PipelineFaults | undefined;
  /** The model stages; swapped by SmartAlbum.reloadVision (each job reads it when it starts). */
  vision: VisionService | null;
  /** people and places, written in each photo's transaction (SmartAlbum wires them) */
  readonly followers: PhotoFollowers | null;

  constructor(
    private readonly catalog: Catalog,
    options: { concurrency?: number; vision?: VisionService | null; followers?: PhotoFollowers; faults?: PipelineFaults } = {},
  ) {
    super();
    this.faults = options.faults;
    this.vision = options.vision ?? null;
    this.followers = options.followers ?? null;
    this.concurrency = options.concurrency ?? Math.max(2, Math.min(4, os.availableParallelism() + 1));
  }

  get busy(): boolean {
    return this.running !== null;
  }

  /** Resolves when the current run (if any) has ended. */
  async whenIdle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  private stopping = false;

  /** Takes no more jobs (shutting down): the current run ends once the photos in hand are done. */
  stop(): void {
    this.stopping = true;
  }

  /** Runs until the queue is empty. Calling it while it runs joins the current run. */
  run(): Promise<IndexSummary> {
    this.running ??= this.drain().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /**
   * indexPhoto could not even record its failure (the catalog itself is full or locked). Try once
   * more to mark it as a failure that heals; if that fails too, its job stays 'running' until the next
   * run queues it again. Either way the run goes on with the other photos.
   */
  private unrecorded(photoId: number, jobId: number, err: Error): Outcome {
    const reason = `Indexing could not finish: ${err.message}. ${RETRY}`;
    const { photos, jobs, db } = this.catalog;
    try {
      const row = photos.get(photoId);
      db.transaction(() => {
        if (row) photos.markProblem(photoId, 'failed', reason, row.size, row.mtime_ms, 'transient');
        jobs.finish(jobId);
      })();
    } catch {
      this.stuck.add(jobId); // still full: the next run queues it again (see drain)
    }
    return { kind: 'failed', photoId, reason };
  }

  /** Jobs left 'running' by unrecorded(); no run is using them. */
  private readonly stuck = new Set<number>();

  private async drain(): Promise<IndexSummary> {
    const { jobs, photos, now } = this.catalog;
    for (const id of this.stuck) {
      try {
        jobs.release(id);
        this.stuck.delete(id);
      } catch {
        /* the catalog is still full: try again next run */
      }
    }
    const started = Date.now();
    const queued = () => {
      const a = jobs.counts(INDEX_JOB);
      const b = jobs.counts(UNDERSTAND_JOB);
      return { browse: a.queued + a.running, understand: b.queued + b.running };
    };
    const q0 = queued();
    const meter = new ProgressMeter(q0.browse + q0.understand);
    const browseMeter = new ProgressMeter(q0.browse);
    const understandMeter = new ProgressMeter(q0.understand);
    const summary: IndexSummary = {
      processed: 0,
      indexed: 0,
      relinked: 0,
      failed: 0,
      unsupported: 0,
      missing: 0,
      durationMs: 0,
      photosPerSecond: 0,
      failures: [],
      understood: 0,
      browsableMs: q0.browse === 0 ? 0 : null,
    };
    let lastEmit = 0;
    const emit = (force = false) => {
      const t = Date.now();
      if (!force && t - lastEmit < 200) return;
      lastEmit = t;
      const q = queued();
      meter.total = meter.done + q.browse + q.understand;
      this.emit('progress', twoPassProgress(meter, browseMeter, understandMeter, q, photos.statusCounts()));
    };
    emit(true);

    const worker = async () => {
      for (;;) {
        if (this.stopping) return; // the rest stays queued for the next start
        // pass 1 first, always: a photo the watcher finds now enters the grid before others are understood
        const job = jobs.claim(INDEX_JOB, now()) ?? jobs.claim(UNDERSTAND_JOB, now());
        if (!job) return;
        const pass2 = job.kind === UNDERSTAND_JOB;
        if (pass2 && summary.browsableMs === null) summary.browsableMs = Date.now() - started;
        const row = photos.get(job.photo_id);
        let outcome: Outcome;
        if (!row) {
          jobs.finish(job.id);
          continue;
        }
        if (job.attempts > MAX_ATTEMPTS) {
          const reason = `Indexing this file stopped Smart Album ${MAX_ATTEMPTS} times, so it was skipped.`;
          this.catalog.db.transaction(() => {
            photos.markProblem(row.id, 'failed', reason, row.size, row.mtime_ms);
            jobs.finish(job.id);
          })();
          outcome = { kind: 'failed', photoId: row.id, reason };
        } else {
          const run = pass2
            ? understandPhoto(this.catalog, row, job.id, this.vision, this.followers)
            : indexPhoto(this.catalog, row, job.id, this.vision, this.followers, this.faults);
          outcome = await run.catch((err: Error) => this.unrecorded(row.id, job.id, err));
        }
        count(summary, outcome, row.path, pass2);
        meter.tick(outcome.kind !== 'failed', row.path);
        (pass2 ? understandMeter : browseMeter).tick(outcome.kind !== 'failed', row.path);
        this.emit('photo', outcome);
        emit();
      }
    };
    await Promise.all(Array.from({ length: this.concurrency }, worker));
    if (summary.indexed + summary.relinked > 0) this.followers?.runEnded?.();
    emit(true);
    summary.durationMs = Date.now() - started;
    summary.browsableMs ??= summary.durationMs;
    summary.photosPerSecond = summary.durationMs > 0 ? Math.round((summary.processed / summary.durationMs) * 10_000) / 10 : 0;
    return summary;
  }
}

/**
 * Pass 1's outcomes count photos (processed, indexed, ...); pass 2's count in 'understood', and a
 * photo pass 2 finds undecodable moves from indexed to failed.
 */
function count(summary: IndexSummary, outcome: Outcome, path: string, pass2: boolean): void {
  if (pass2) {
    if (outcome.kind === 'indexed' || outcome.kind === 'unchanged') summary.understood!++;
    else if (outcome.kind === 'failed' || outcome.kind === 'unsupported') {
      summary.failures.push({ path, reason: outcome.reason });
      // left in the grid (a failure that heals) unless the photo itself is unreadable
      if (!outcome.stillBrowsable) {
        summary.indexed = Math.max(0, summary.indexed - 1);
        summary[outcome.kind]++;
      }
    }
    return;
  }
  summary.processed++;
  switch (outcome.kind) {
    case 'indexed':
    case 'unchanged':
      summary.indexed++;
      break;
    case 'relinked':
      summary.relinked++;
      break;
    case 'missing':
    case 'gone':
      summary.missing++;
      break;
    case 'failed':
    case 'unsupported':
      summary[outcome.kind]++;
      summary.failures.push({ path, reason: outcome.reason });
      break;
  }
}
