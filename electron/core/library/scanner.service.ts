import fs from 'node:fs/promises';
import path from 'node:path';
import type { ScanSummary } from '../../shared/contract.js';
import type { Catalog } from '../catalog.js';
import type { PhotoStatRow } from '../db/repos/photo.repo.js';
import type { RootRow } from '../db/repos/root.repo.js';
import { isPhotoFile } from '../media/formats.js';
import { isDataDir } from '../paths.js';
import { Containment, realpathOrNull } from './containment.js';
import { makeExcluder } from './exclusions.js';
import { describeFsError, mtimeOf, walkPhotos, type FoundFile } from './walk.js';

export const INDEX_JOB = 'index';
const EXCLUSIONS_KEY = 'exclude.patterns';
const BATCH = 1000;

/**
 * Read again even though size and time are unchanged: gone and back, never finished, or failed for a
 * reason that was not the file's fault (a full disk, a busy database: failures that heal).
 */
const mustRetry = (row: Pick<PhotoStatRow, 'status' | 'failure_kind'>): boolean =>
  row.status === 'missing' || row.status === 'pending' || (row.status === 'failed' && row.failure_kind === 'transient');

/**
 * Turns what is on disk into queue rows. It only stats files: a file whose size and mtime match
 * the catalog is never read again. Reading, hashing and decoding happen in the indexer.
 */
export class Scanner {
  constructor(private readonly catalog: Catalog) {}

  exclusions(): string[] {
    return this.catalog.settings.get<string[]>(EXCLUSIONS_KEY, []);
  }

  /** Takes effect at the next scan: newly excluded photos then count as gone (kept as missing). */
  setExclusions(patterns: string[]): string[] {
    const unique = [...new Set(patterns)];
    this.catalog.settings.set(EXCLUSIONS_KEY, unique);
    return unique;
  }

  excluderFor(rootPath: string) {
    return makeExcluder(rootPath, { dataDir: this.containment().dataDir, patterns: this.exclusions() });
  }

  /** The real roots and data folder, resolved now (a folder may have been added, or a link changed). */
  containment(): Containment {
    return new Containment(this.catalog.roots.all().map((r) => r.path), this.catalog.dataDir);
  }

  async scanAll(rootId?: number): Promise<ScanSummary> {
    const started = Date.now();
    const roots = this.catalog.roots.all().filter((r) => rootId === undefined || r.id === rootId);
    const total: ScanSummary = { roots: 0, filesSeen: 0, added: 0, changed: 0, unchanged: 0, missing: 0, excluded: 0, queued: 0, problems: [], durationMs: 0 };
    for (const root of roots) {
      const s = await this.scanRoot(root);
      total.roots++;
      for (const k of ['filesSeen', 'added', 'changed', 'unchanged', 'missing', 'excluded', 'queued'] as const) total[k] += s[k];
      total.problems.push(...s.problems);
    }
    total.durationMs = Date.now() - started;
    return total;
  }

  async scanRoot(root: RootRow): Promise<ScanSummary> {
    const { photos, jobs, roots, db, now } = this.catalog;
    const started = Date.now();
    const summary: ScanSummary = { roots: 1, filesSeen: 0, added: 0, changed: 0, unchanged: 0, missing: 0, excluded: 0, queued: 0, problems: [], durationMs: 0 };
    try {
      const st = await fs.stat(root.path);
      if (!st.isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    } catch (err) {
      // An unplugged drive or an unmounted share: report it, and keep every photo as it was.
      const reason = `Folder unavailable: ${describeFsError(err, 'folder')} Its photos are kept; they come back when it does.`;
      roots.markScanned(root.id, now(), reason);
      summary.problems.push({ path: root.path, reason });
      return summary;
    }

    const known = new Map(photos.statsUnder(root.id, root.path, path.sep).map((r) => [r.path, r]));
    let batch: FoundFile[] = [];
    const flush = db.transaction((files: FoundFile[]) => {
      const t = now();
      for (const f of files) {
        const row = known.get(f.path);
        known.delete(f.path);
        if (!row) {
          const id = photos.insertPending(root.id, f.path, path.basename(f.path), f.size, f.mtimeMs, t);
          jobs.enqueue(INDEX_JOB, id, t);
          summary.added++;
          summary.queued++;
        } else if (row.size !== f.size || row.mtime_ms !== f.mtimeMs || mustRetry(row)) {
          photos.updateStat(row.id, root.id, row.size, row.mtime_ms); // adopt detached rows; stat is updated by the job
          jobs.enqueue(INDEX_JOB, row.id, t);
          summary.changed++;
          summary.queued++;
        } else summary.unchanged++;
      }
    });
    const containment = this.containment();
    const excluded = makeExcluder(root.path, { dataDir: containment.dataDir, patterns: this.exclusions() });
    const walked = await walkPhotos(root.path, excluded, (f) => {
      summary.filesSeen++;
      batch.push(f);
      if (batch.length >= BATCH) {
        flush(batch);
        batch = [];
      }
    }, containment);
    flush(batch);

    // Whatever the catalog has under this root and the walk did not see is gone, except below
    // folders that could not be listed (we cannot know) and unreadable files (they are still there).
    const blocked = walked.problems.filter((p) => p.unreadable).map((p) => p.path);
    const isBlocked = (p: string) => blocked.some((b) => p === b || p.startsWith(b + path.sep));
    const gone = [...known.values()].filter((r) => r.status !== 'missing' && !isBlocked(r.path));
    db.transaction(() => {
      const t = now();
      for (const r of gone) photos.markMissing(r.id, t);
    })();
    summary.missing = gone.length;
    summary.excluded = walked.excluded;
    summary.problems = walked.problems.map(({ path: p, reason }) => ({ path: p, reason }));
    roots.markScanned(root.id, now(), walked.problems.length ? `${walked.problems.length} item(s) could not be read or were not followed` : null);
    summary.durationMs = Date.now() - started;
    return summary;
  }

  /**
   * The watcher saw a file appear or change: queue it (cheap; the indexer decides if it really
   * changed). The same rule as the walk: the real path is catalogued, and only when it lies inside a
   * library root, outside any data folder and exclusions (a link to elsewhere adds nothing).
   */
  async noteFile(file: string): Promise<boolean> {
    const real = await realpathOrNull(file);
    if (!real || !isPhotoFile(real)) return false;
    const containment = this.containment();
    const place = containment.placeOf(real);
    if (place.kind !== 'root') return false;
    const root = this.rootOf(real);
    if (!root || this.excludedPath(root.path, real, containment.dataDir)) return false;
    let st;
    try {
      st = await fs.stat(real);
    } catch {
      return false; // gone again before we looked: the unlink event handles it
    }
    if (!st.isFile()) return false;
    const { photos, jobs, db, now } = this.catalog;
    const mtimeMs = mtimeOf(st);
    return db.transaction(() => {
      const row = photos.byPath(real);
      if (row && row.size === st.size && row.mtime_ms === mtimeMs && !mustRetry(row)) return false;
      const id = row?.id ?? photos.insertPending(root.id, real, path.basename(real), st.size, mtimeMs, now());
      jobs.enqueue(INDEX_JOB, id, now());
      return true;
    })();
  }

  /** The watcher saw a file or a whole folder disappear. Rows stay (as missing) so a move can relink them. */
  noteGone(target: string): number[] {
    const { photos, db, now } = this.catalog;
    const root = this.rootOf(target);
    if (!root) return [];
    return db.transaction(() => {
      const direct = photos.byPath(target);
      const rows = direct ? [direct] : photos.statsUnder(root.id, target, path.sep).filter((r) => r.path.startsWith(target + path.sep));
      const ids = rows.filter((r) => r.status !== 'missing').map((r) => r.id);
      for (const id of ids) photos.markMissing(id, now());
      return ids;
    })();
  }

  private rootOf(file: string): RootRow | undefined {
    return this.catalog.roots.all().find((r) => file.startsWith(r.path + path.sep));
  }

  /** Excluded by name or pattern, or below a folder holding a Smart Album data folder. */
  private excludedPath(rootPath: string, file: string, dataDir: string): boolean {
    const excluded = makeExcluder(rootPath, { dataDir, patterns: this.exclusions() });
    if (excluded(file, path.basename(file))) return true;
    for (let p = path.dirname(file); p.length >= rootPath.length; p = path.dirname(p)) {
      if ((p.length > rootPath.length && excluded(p, path.basename(p))) || isDataDir(p)) return true;
      if (p === rootPath) break;
    }
    return false;
  }
}
