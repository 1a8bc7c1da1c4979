// The engine as one object: what every host (CLI, web server, Electron main, worker) opens.
import type { Status } from '../shared/contract.js';
import { openCatalog, type Catalog, type CatalogOptions } from './catalog.js';
import { Indexer } from './indexer/indexer.service.js';
import { RootsService } from './library/roots.service.js';
import { INDEX_JOB, Scanner } from './library/scanner.service.js';
import { LibraryWatcher, type WatchOptions } from './library/watcher.service.js';
import { acquireIndexerLock } from './lock.js';
import { removeStaleTemporaries } from './media/thumbnails.js';
import { CLASSIFY_STAGE, FACES_STAGE, VisionService } from './vision/vision.service.js';
import { PeopleService } from './people/people.service.js';

export interface EngineOptions extends CatalogOptions {
  concurrency?: number;
  watch?: WatchOptions;
  /** The model stages; defaults to the app's models/ folder. */
  vision?: VisionService;
}

export class SmartAlbum {
  readonly catalog: Catalog;
  readonly roots: RootsService;
  readonly scanner: Scanner;
  readonly indexer: Indexer;
  readonly vision: VisionService;
  readonly people: PeopleService;
  private releaseLock: (() => void) | null = null;
  private watcher: LibraryWatcher | null = null;

  constructor(private readonly options: EngineOptions) {
    this.catalog = openCatalog(options);
    this.roots = new RootsService(this.catalog);
    this.scanner = new Scanner(this.catalog);
    this.vision = options.vision ?? VisionService.open();
    this.indexer = new Indexer(this.catalog, { concurrency: options.concurrency, vision: this.vision });
    this.people = new PeopleService(this.catalog, this.vision.calibration());
    // people are assigned right after each photo's faces are committed
    this.indexer.on('photo', (o) => {
      if (o.kind !== 'indexed') return;
      if (o.redetected) this.people.facesChanged(); // its old faces may be gone or moved
      this.people.assignPhoto(o.photoId);
    });
  }

  /**
   * Becomes the one indexer of this data folder. Jobs a killed indexer left 'running' are
   * queued again: the queue resumes where it stopped.
   */
  async claimIndexing(): Promise<void> {
    if (this.releaseLock) return;
    this.releaseLock = acquireIndexerLock(this.catalog.dataDir);
    this.catalog.jobs.resetRunning();
    await removeStaleTemporaries(this.catalog.dataDir);
  }

  /** Queues photos whose model stages are missing or were made by another model/rules version. */
  enqueueOutdatedStages(): number {
    const stages = [
      [FACES_STAGE, this.vision.facesVersion()],
      [CLASSIFY_STAGE, this.vision.classifyVersion()],
    ] as const;
    const { photos, jobs, db, now } = this.catalog;
    return db.transaction(() => {
      const ids = new Set<number>();
      for (const [stage, version] of stages) if (version) for (const id of photos.missingStage(stage, version)) ids.add(id);
      for (const id of ids) jobs.enqueue(INDEX_JOB, id, now());
      return ids.size;
    })();
  }

  /** Scan (stat only) then index whatever changed. */
  async scanAndIndex(rootId?: number) {
    await this.claimIndexing();
    const scan = await this.scanner.scanAll(rootId);
    this.enqueueOutdatedStages();
    const index = await this.indexer.run();
    return { scan, index };
  }

  async watch(onError: (err: Error) => void = () => {}): Promise<LibraryWatcher> {
    await this.claimIndexing();
    this.watcher ??= new LibraryWatcher(this.catalog, this.scanner, this.options.watch);
    this.watcher.on('work', () => void this.indexer.run().catch(onError));
    this.watcher.on('error', onError);
    await this.watcher.start();
    if (this.enqueueOutdatedStages()) void this.indexer.run().catch(onError);
    return this.watcher;
  }

  status(): Status {
    const { photos, jobs, roots } = this.catalog;
    const all = roots.all();
    const scans = all.map((r) => r.last_scan_at).filter((t): t is number => t !== null);
    const counts = photos.statusCounts();
    return {
      dataDir: this.catalog.dataDir,
      roots: all.length,
      photos: { ...counts, total: Object.values(counts).reduce((a, b) => a + b, 0) },
      queue: jobs.counts(INDEX_JOB),
      lastScanAt: scans.length ? Math.max(...scans) : null,
      problems: this.vision.problems(),
    };
  }

  async close(): Promise<void> {
    await this.watcher?.stop();
    this.watcher = null;
    this.releaseLock?.();
    this.releaseLock = null;
    await this.vision.close();
    this.catalog.close();
  }
}
