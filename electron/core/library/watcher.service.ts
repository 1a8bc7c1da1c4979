import { EventEmitter } from 'node:events';
import path from 'node:path';
import type { Stats } from 'node:fs';
import chokidar, { type FSWatcher } from 'chokidar';
import { isDataDir } from '../paths.js';
import type { Catalog } from '../catalog.js';
import type { RootRow } from '../db/repos/root.repo.js';
import type { Scanner } from './scanner.service.js';

export interface WatchOptions {
  /** How long a file's size must stay the same before it counts as written (copies in progress). */
  stabilityMs?: number;
  /** Polling interval for roots on network drives. */
  pollIntervalMs?: number;
  /** Full reconcile scan of every root, for whatever the OS watchers missed. 0 turns it off. */
  reconcileMs?: number;
}

export interface WatcherEvents {
  /** Something was queued or marked missing: the indexer should run. */
  work: [];
  error: [Error];
}

/**
 * Live watching of every root with chokidar. Events only queue work (cheap); the indexer does the
 * reading. Roots marked usePolling (network drives) are polled; a root whose native watcher fails
 * (for example the inotify limit) falls back to polling.
 */
export class LibraryWatcher extends EventEmitter<WatcherEvents> {
  /** by root path and polling: a root watched already keeps its watcher (and the events it holds) */
  private watchers = new Map<string, FSWatcher>();
  private reconcileTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly catalog: Catalog,
    private readonly scanner: Scanner,
    private readonly options: WatchOptions = {},
  ) {
    super();
  }

  /**
   * Watches every root; called again after roots change. A root already watched is left alone: closing
   * its watcher would drop the events it still holds (a file waiting for awaitWriteFinish), and the
   * new watcher ignores files already there, so a photo saved just before would never be indexed.
   */
  async start(): Promise<void> {
    this.stopTimer();
    const wanted = new Map<string, RootRow>(this.catalog.roots.all().map((r) => [`${r.use_polling}:${r.path}`, r]));
    for (const [key, w] of this.watchers) {
      if (wanted.has(key)) continue;
      this.watchers.delete(key);
      await w.close();
    }
    for (const [key, root] of wanted) if (!this.watchers.has(key)) await this.watchRoot(root.path, root.use_polling === 1, key);
    const every = this.options.reconcileMs ?? 30 * 60_000;
    if (every > 0) {
      this.reconcileTimer = setInterval(() => void this.reconcile(), every);
      this.reconcileTimer.unref();
    }
  }

  async reconcile(): Promise<void> {
    try {
      const s = await this.scanner.scanAll();
      if (s.queued || s.missing) this.emit('work');
    } catch (err) {
      this.emit('error', err as Error);
    }
  }

  private async watchRoot(rootPath: string, usePolling: boolean, key: string): Promise<void> {
    const excluded = this.scanner.excluderFor(rootPath);
    const w = chokidar.watch(rootPath, {
      ignoreInitial: true,
      followSymlinks: false,
      usePolling,
      interval: this.options.pollIntervalMs ?? 5000,
      binaryInterval: this.options.pollIntervalMs ?? 5000,
      // The scanner's rule (library/containment.ts): links are not walked through, since a link whose
      // target is inside a root is watched at the target, and one to elsewhere is not part of the
      // library; Scanner.noteFile resolves each event's real path. Data folders are never watched.
      ignored: (p: string, st?: Stats) => p !== rootPath && (excluded(p, path.basename(p)) || (st?.isDirectory() === true && isDataDir(p))),
      awaitWriteFinish: { stabilityThreshold: this.options.stabilityMs ?? 2000, pollInterval: 100 },
    });
    const queued = (p: string) =>
      void this.scanner.noteFile(p).then(
        (q) => q && this.emit('work'),
        (err: unknown) => this.emit('error', err as Error),
      );
    w.on('add', queued).on('change', queued);
    w.on('unlink', (p) => this.scanner.noteGone(p).length && this.emit('work'));
    w.on('unlinkDir', (p) => this.scanner.noteGone(p).length && this.emit('work'));
    w.on('error', (err) => {
      const code = (err as NodeJS.ErrnoException).code;
      if (!usePolling && (code === 'ENOSPC' || code === 'EMFILE')) {
        // out of native watches: keep watching this root by polling
        void w.close().then(() => this.watchRoot(rootPath, true, key));
        if (this.watchers.get(key) === w) this.watchers.delete(key);
      } else this.emit('error', err as Error);
    });
    await new Promise<void>((resolve) => w.once('ready', () => resolve()));
    this.watchers.set(key, w);
  }

  private stopTimer(): void {
    if (this.reconcileTimer) clearInterval(this.reconcileTimer);
    this.reconcileTimer = null;
  }

  async stop(): Promise<void> {
    this.stopTimer();
    const ws = [...this.watchers.values()];
    this.watchers.clear();
    await Promise.all(ws.map((w) => w.close()));
  }
}
