// The recycle bin. Deleting a photo hides it in the app's bin (the file stays where it is); only when
// the user asks to delete the file is the original moved to the operating system's trash. Items
// older than the retention (30 days by default) are purged from the bin: their derived data and
// thumbnails go, and the photo row stays as a hidden tombstone so a rescan does not bring it back.
// Nothing is ever removed from disk without an explicit user action.
import fs from 'node:fs';
import moveToOsTrash from 'trash';
import type { Catalog } from '../catalog.js';
import { thumbnailPath } from '../media/thumbnails.js';
import type { TrashItem } from '../db/repos/trash.repo.js';
import { AppError } from '../../shared/errors.js';

const RETENTION_KEY = 'trash.retentionDays';
export const DEFAULT_RETENTION_DAYS = 30;
const DAY = 86_400_000;


export class TrashService {
  constructor(
    private readonly catalog: Catalog,
    /** called after purges, so people counts and indexes can follow */
    private readonly onPurged: () => void = () => {},
  ) {}

  retentionDays(): number {
    return this.catalog.settings.get<number>(RETENTION_KEY, DEFAULT_RETENTION_DAYS);
  }

  setRetentionDays(days: number): void {
    if (!Number.isInteger(days) || days < 1 || days > 3650) throw new AppError('INVALID_INPUT', 'Keep items in the recycle bin between 1 and 3650 days.');
    this.catalog.settings.set(RETENTION_KEY, days);
  }

  /**
   * Puts photos in the recycle bin. deleteFiles: also move each original to the system trash (the
   * user asked for it); a file that cannot be moved is reported and its photo stays in the bin only.
   */
  async add(photoIds: number[], deleteFiles = false): Promise<{ binned: number; filesTrashed: number; problems: { photoId: number; reason: string }[] }> {
    const { db, photos, trash } = this.catalog;
    const rows = photoIds.map((id) => {
      const r = photos.get(id);
      if (!r) throw new AppError('NOT_FOUND', `Photo #${id} is not in the catalog.`);
      return r;
    });
    const now = this.catalog.now();
    db.transaction(() => {
      for (const r of rows) trash.add(r.id, now);
    })();
    const problems: { photoId: number; reason: string }[] = [];
    let filesTrashed = 0;
    if (deleteFiles) {
      for (const r of rows) {
        if (!fs.existsSync(r.path)) {
          problems.push({ photoId: r.id, reason: `${r.path} is already gone from its folder.` });
          continue;
        }
        try {
          await moveToOsTrash(r.path, { glob: false });
          if (fs.existsSync(r.path)) throw new Error('the file is still there');
          trash.markFileTrashed(r.id);
          filesTrashed++;
        } catch (err) {
          problems.push({ photoId: r.id, reason: `${r.path} could not be moved to the system trash (${(err as Error).message}); it stays in the app's recycle bin only.` });
        }
      }
    }
    return { binned: rows.length, filesTrashed, problems };
  }

  list(limit: number, offset: number): { total: number; items: (TrashItem & { purges_at: number })[] } {
    const retention = this.retentionDays() * DAY;
    const { total, items } = this.catalog.trash.list(limit, offset);
    return { total, items: items.map((t) => ({ ...t, purges_at: t.deleted_at + retention })) };
  }

  /** Takes photos out of the bin. A file moved to the system trash comes back when it is restored from there. */
  restore(photoIds: number[]): { restored: number; fileInSystemTrash: number[] } {
    const { db, trash } = this.catalog;
    let restored = 0;
    const fileInSystemTrash: number[] = [];
    db.transaction(() => {
      for (const id of photoIds) {
        const t = trash.get(id);
        if (!t) continue;
        if (t.purged_at) throw new AppError('INVALID_INPUT', `Photo #${id} was removed from the recycle bin for good and cannot be restored.`);
        trash.restore(id);
        if (t.file_trashed) fileInSystemTrash.push(id);
        restored++;
      }
    })();
    return { restored, fileInSystemTrash };
  }

  /** Removes items from the bin for good (their files are not touched). */
  purge(photoIds: number[]): number {
    const { db, dataDir, trash } = this.catalog;
    const now = this.catalog.now();
    let n = 0;
    db.transaction(() => {
      for (const id of photoIds) {
        const t = trash.get(id);
        if (!t || t.purged_at) continue;
        trash.purge(t, now);
        n++;
      }
    })();
    for (const id of photoIds) for (const size of ['small', 'large'] as const) fs.rmSync(thumbnailPath(dataDir, id, size), { force: true });
    if (n) this.onPurged();
    return n;
  }

  empty(): number {
    return this.purge(this.catalog.trash.activeIds());
  }

  /** Purges what has been in the bin longer than the retention. */
  purgeExpired(): number {
    const cutoff = this.catalog.now() - this.retentionDays() * DAY;
    const ids = this.catalog.trash.expiredIds(cutoff);
    return ids.length ? this.purge(ids) : 0;
  }

  inBin(photoId: number): boolean {
    const t = this.catalog.trash.get(photoId);
    return !!t && !t.purged_at;
  }
}
