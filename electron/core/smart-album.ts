// The engine as one object: what every host (CLI, web server, Electron main, worker) opens.
import { EventEmitter } from 'node:events';
import path from 'node:path';
import type { EventName, EventPayload, Models, Status } from '../shared/contract.js';
import { AppError } from '../shared/errors.js';
import { openCatalog, type Catalog, type CatalogOptions } from './catalog.js';
import { Indexer } from './indexer/indexer.service.js';
import { RootsService } from './library/roots.service.js';
import { INDEX_JOB, Scanner } from './library/scanner.service.js';
import { LibraryWatcher, type WatchOptions } from './library/watcher.service.js';
import { acquireIndexerLock } from './lock.js';
import { userModelsDir } from './paths.js';
import { removeStaleTemporaries } from './media/thumbnails.js';
import { VisionService } from './vision/vision.service.js';
import { TURNED_STAGES, UNDERSTAND_JOB, understandStages, understandingDue } from './indexer/understand.js';
import { PeopleService } from './people/people.service.js';
import { PlacesService } from './places/places.service.js';
import { AlbumsService } from './library/albums.service.js';
import { ViewsService } from './views.service.js';
import { PhotosService } from './library/photos.service.js';
import { PhotoEditsService } from './library/photo-edits.service.js';
import { TrashService } from './library/trash.service.js';
import { TimelineService } from './library/timeline.service.js';
import { SimilarService } from './search/similar.js';
import { SearchService } from './search/search.service.js';
import { makeGif, type GifOptions } from './media/gif.js';
import { SERESNEXT_DEFAULT_URL, SERESNEXT_ID, upgradeClassifier, useModel, type UpgradeOptions } from './vision/model-upgrade.js';

/** The contract's events, as the engine emits them; transports forward them to the UI. */
export type EngineEvents = { [E in EventName]: [EventPayload<E>] };

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
  vision: VisionService;
  readonly photos: PhotosService;
  /** rotation for display and the user's dates */
  readonly edits: PhotoEditsService;
  readonly views: ViewsService;
  readonly people: PeopleService;
  readonly places: PlacesService;
  readonly albums: AlbumsService;
  readonly trash: TrashService;
  readonly timeline: TimelineService;
  readonly similar: SimilarService;
  readonly search: SearchService;
  private purgeTimer: NodeJS.Timeout | null = null;
  private rootsTimer: NodeJS.Timeout | null = null;
  readonly events = new EventEmitter<EngineEvents>();
  private releaseLock: (() => void) | null = null;
  private watcher: LibraryWatcher | null = null;

  constructor(private readonly options: EngineOptions) {
    this.catalog = openCatalog(options);
    this.roots = new RootsService(this.catalog);
    this.scanner = new Scanner(this.catalog);
    this.vision = options.vision ?? VisionService.open(undefined, undefined, userModelsDir(this.catalog.dataDir));
    // places follow each photo inside pass 1's transaction, people inside pass 2's (see indexer/)
    const followers = {
      browsable: (photoId: number) => this.places.refresh([photoId]),
      indexed: (photoId: number, redetected: boolean) => {
        if (redetected) this.people.facesChanged(); // its old faces may be gone or moved
        this.people.assignPhoto(photoId);
      },
      rolledBack: () => this.people.invalidate(),
      runEnded: () => this.people.offerWaiting(),
    };
    this.indexer = new Indexer(this.catalog, { concurrency: options.concurrency, vision: this.vision, followers });
    this.photos = new PhotosService(this.catalog, () => this.vision.rules?.names ?? []);
    this.edits = new PhotoEditsService(this.catalog);
    this.views = new ViewsService(this.catalog);
    this.people = new PeopleService(this.catalog, this.vision.calibration());
    this.places = new PlacesService(this.catalog);
    this.albums = new AlbumsService(this.catalog);
    this.trash = new TrashService(this.catalog, () => this.people.facesChanged());
    this.timeline = new TimelineService(this.catalog);
    this.similar = new SimilarService(this.catalog, () => this.vision);
    this.search = new SearchService(this.catalog);
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
    // upkeep only the indexer does: places for photos catalogued before, an expired recycle bin
    this.places.refresh();
    this.trash.purgeExpired();
  }

  /**
   * Opens the models again (after `models upgrade` or `models use`) and queues the photos whose
   * stages the change makes outdated: a new classifier re-runs classification only. The old
   * sessions are released once the jobs already running with them are done.
   */
  reloadVision(vision?: VisionService): number {
    this.swapVision(vision);
    const queued = this.enqueueOutdatedStages();
    if (queued && this.releaseLock) void this.indexer.run().catch(() => undefined); // we are the indexer: re-classify now
    return queued;
  }

  /**
   * Opens the models again without queueing anything: for an engine that only reads (the UI's),
   * after the indexer changed the models.
   */
  swapVision(vision: VisionService = VisionService.open(undefined, undefined, userModelsDir(this.catalog.dataDir))): void {
    const old = this.vision;
    this.vision = vision;
    this.indexer.vision = vision;
    void this.indexer.whenIdle().then(() => old.close());
  }

  /**
   * Calls back with the folders another process (the CLI) added or removed since the last look,
   * so the running indexer scans and watches them. Own changes are the caller's to handle.
   */
  onRootsChanged(cb: (added: number[], removed: number[]) => void, everyMs = 1000): void {
    const changes = this.catalog.generation.tracker();
    changes.changed();
    let known = new Set(this.catalog.roots.all().map((r) => r.id));
    this.rootsTimer = setInterval(() => {
      if (!this.catalog.db.open) return;
      const elsewhere = changes.changed();
      const now = new Set(this.catalog.roots.all().map((r) => r.id));
      const added = [...now].filter((id) => !known.has(id));
      const removed = [...known].filter((id) => !now.has(id));
      known = now;
      if (elsewhere && (added.length || removed.length)) cb(added, removed);
    }, everyMs).unref();
  }

  private registry() {
    const r = this.vision.registry;
    if (!r) throw new AppError('UNAVAILABLE', this.vision.problem ?? 'The models of Smart Album cannot be read. Reinstall Smart Album.');
    return r;
  }

  models(): Models {
    const registry = this.registry();
    return {
      models: registry.manifest.models.map((m) => ({
        id: m.id,
        task: m.task,
        version: m.version,
        bytes: m.bytes,
        origin: path.isAbsolute(m.file) ? ('downloaded' as const) : ('bundled' as const),
        active: registry.manifest.active[m.task] === m.id,
        license: m.license,
        source: m.source,
      })),
      problems: this.vision.problems(),
      upgrade: { id: SERESNEXT_ID, defaultUrl: SERESNEXT_DEFAULT_URL, installed: registry.manifest.models.some((m) => m.id === SERESNEXT_ID) },
    };
  }

  /**
   * Downloads and builds SE-ResNeXt-50, makes it the classifier and queues re-classification
   * (started here when this process is the indexer). Progress also goes out as models.progress.
   */
  async upgradeModels(options: UpgradeOptions = {}) {
    const result = await upgradeClassifier(this.registry(), userModelsDir(this.catalog.dataDir), {
      ...options,
      onProgress: (p) => {
        options.onProgress?.(p);
        this.events.emit('models.progress', p);
      },
    });
    return { ...result, queued: this.reloadVision() };
  }

  useModel(id: string) {
    const spec = useModel(this.registry(), userModelsDir(this.catalog.dataDir), id);
    return { id, task: spec.task, queued: this.reloadVision() };
  }

  /**
   * Queues for pass 2 the photos whose detail or model stages are missing or were made by another
   * model/rules version: a new classifier re-runs classification only, without pass 1.
   */
  enqueueOutdatedStages(): number {
    const { photos, jobs, db, now } = this.catalog;
    return db.transaction(() => {
      const ids = new Set<number>();
      for (const [stage, version] of understandStages(this.vision)) {
        for (const id of photos.missingStage(stage, version, TURNED_STAGES.has(stage))) ids.add(id);
      }
      for (const id of ids) jobs.enqueue(UNDERSTAND_JOB, id, now());
      return ids.size;
    })();
  }

  /**
   * A quarter turn for display (the file is never touched). The models then look at the photos again
   * the way up they are now shown: a sideways scan's faces are found and its category follows; names,
   * confirmed faces and the user's categories stay.
   */
  rotate(ids: number[], direction: 'left' | 'right'): { changed: number } {
    const { photos, jobs, db, now } = this.catalog;
    const result = this.edits.rotate(ids, direction);
    const queued = db.transaction(() => {
      let n = 0;
      for (const id of new Set(ids)) {
        const row = photos.get(id);
        if (row?.status === 'indexed' && understandingDue(this.catalog, row, this.vision)) {
          jobs.enqueue(UNDERSTAND_JOB, id, now());
          n++;
        }
      }
      return n;
    })();
    if (queued && this.releaseLock) void this.indexer.run().catch(() => undefined); // we are the indexer: look again now
    return result;
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
    this.purgeTimer ??= setInterval(() => this.trash.purgeExpired(), 6 * 3_600_000).unref();
    if (this.enqueueOutdatedStages()) void this.indexer.run().catch(onError);
    return this.watcher;
  }

  /** Watches the folders again (after one was added or removed). */
  async rewatch(): Promise<void> {
    await this.watcher?.start();
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
      understandQueue: jobs.counts(UNDERSTAND_JOB),
      lastScanAt: scans.length ? Math.max(...scans) : null,
      problems: this.vision.problems(),
    };
  }

  /**
   * An animated GIF of these photos, in this order. addToLibrary: the file must be saved inside a
   * library folder; it is then catalogued like any photo.
   */
  async makeGif(photoIds: number[], out: string, options: GifOptions & { addToLibrary?: boolean } = {}) {
    const files = photoIds.map((id) => {
      const row = this.catalog.photos.get(id);
      if (!row) throw new AppError('NOT_FOUND', `Photo #${id} is not in the catalog.`);
      if (row.status === 'missing') throw new AppError('NOT_FOUND', `Photo #${id} (${row.path}) is missing from its folder.`);
      return row.path;
    });
    const target = path.resolve(out);
    const root = this.catalog.roots.all().find((r) => !path.relative(r.path, target).startsWith('..') && !path.isAbsolute(path.relative(r.path, target)));
    if (options.addToLibrary && !root) throw new AppError('INVALID_INPUT', `To add the GIF to the library, save it inside one of your library folders (${this.catalog.roots.all().map((r) => r.path).join(', ') || 'none yet'}).`);
    const result = await makeGif(files, target, options);
    let photoId: number | null = null;
    if (options.addToLibrary) {
      await this.scanner.noteFile(target);
      photoId = this.catalog.photos.byPath(target)?.id ?? null;
      // the GIF is written: answer now; as the indexer, catalogue it in the background (a running
      // index would otherwise hold this answer until the whole library is done)
      if (this.releaseLock) void this.indexer.run().catch(() => undefined);
    }
    return { ...result, photoId };
  }

  async close(): Promise<void> {
    if (this.purgeTimer) clearInterval(this.purgeTimer);
    if (this.rootsTimer) clearInterval(this.rootsTimer);
    this.purgeTimer = this.rootsTimer = null;
    await this.watcher?.stop();
    this.watcher = null;
    // the photos in hand finish (their transactions commit) before the catalog closes under them
    this.indexer.stop();
    await this.indexer.whenIdle();
    this.releaseLock?.();
    this.releaseLock = null;
    await this.vision.close();
    this.catalog.close();
  }
}
