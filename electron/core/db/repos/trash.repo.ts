import type { Db } from '../connection.js';

export interface TrashItem {
  photo_id: number;
  deleted_at: number;
  file_trashed: number;
  purged_at: number | null;
}

/**
 * The recycle bin. A purged item keeps its photos row (a hidden tombstone, so a rescan does not
 * bring the file back) and loses everything derived from it.
 */
export class TrashRepo {
  private readonly ins;
  private readonly fileTrashed;
  private readonly count;
  private readonly page;
  private readonly one;
  private readonly del;
  private readonly purged;
  private readonly delPhoto;
  private readonly derived;
  private readonly active;
  private readonly expired;

  constructor(db: Db) {
    this.ins = db.prepare<[number, number]>('INSERT INTO trash (photo_id, deleted_at) VALUES (?, ?) ON CONFLICT (photo_id) DO NOTHING');
    this.fileTrashed = db.prepare<[number]>('UPDATE trash SET file_trashed = 1 WHERE photo_id = ?');
    this.count = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM trash WHERE purged_at IS NULL');
    this.page = db.prepare<[number, number], TrashItem>('SELECT * FROM trash WHERE purged_at IS NULL ORDER BY deleted_at DESC, photo_id LIMIT ? OFFSET ?');
    this.one = db.prepare<[number], TrashItem>('SELECT * FROM trash WHERE photo_id = ?');
    this.del = db.prepare<[number]>('DELETE FROM trash WHERE photo_id = ?');
    this.purged = db.prepare<[number, number]>('UPDATE trash SET purged_at = ? WHERE photo_id = ?');
    this.delPhoto = db.prepare<[number]>('DELETE FROM photos WHERE id = ?');
    this.derived = ['faces', 'photo_labels', 'photo_categories', 'photo_features', 'album_photos', 'favourites', 'photo_places'].map((t) =>
      db.prepare<[number]>(`DELETE FROM ${t} WHERE photo_id = ?`),
    );
    this.active = db.prepare<[], { photo_id: number }>('SELECT photo_id FROM trash WHERE purged_at IS NULL');
    this.expired = db.prepare<[number], { photo_id: number }>('SELECT photo_id FROM trash WHERE purged_at IS NULL AND deleted_at < ?');
  }

  add(photoId: number, now: number): void {
    this.ins.run(photoId, now);
  }
  markFileTrashed(photoId: number): void {
    this.fileTrashed.run(photoId);
  }
  list(limit: number, offset: number): { total: number; items: TrashItem[] } {
    return { total: this.count.get()!.n, items: this.page.all(limit, offset) };
  }
  get(photoId: number): TrashItem | undefined {
    return this.one.get(photoId);
  }
  restore(photoId: number): void {
    this.del.run(photoId);
  }
  /** Gone for good: a file already in the system trash loses its row; any other becomes a tombstone. */
  purge(item: TrashItem, now: number): void {
    if (item.file_trashed) return void this.delPhoto.run(item.photo_id);
    for (const st of this.derived) st.run(item.photo_id);
    this.purged.run(now, item.photo_id);
  }
  activeIds(): number[] {
    return this.active.all().map((r) => r.photo_id);
  }
  expiredIds(cutoff: number): number[] {
    return this.expired.all(cutoff).map((r) => r.photo_id);
  }
}
