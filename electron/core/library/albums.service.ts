// The user's own albums (ordered photos, a cover) and favourites. Deleting an album never touches
// its photos; photos in the recycle bin are left out of every list.
import type { Catalog } from '../catalog.js';
import { VISIBLE } from '../db/visibility.js';
import { AppError } from '../../shared/errors.js';

export interface AlbumRow {
  id: number;
  name: string;
  position: number;
  cover_photo_id: number | null;
  created_at: number;
  updated_at: number;
  count: number;
  first_photo_id: number | null;
}

const MAX_NAME = 200;

export class AlbumsService {
  constructor(private readonly catalog: Catalog) {}

  private get db() {
    return this.catalog.db;
  }

  private cleanName(name: string): string {
    const n = name.trim();
    if (!n) throw new AppError('INVALID_INPUT', 'An album needs a name.');
    if (n.length > MAX_NAME) throw new AppError('INVALID_INPUT', `Album names are at most ${MAX_NAME} characters.`);
    return n;
  }

  private checkPhotos(ids: number[]): void {
    const missing = ids.filter((id) => !this.catalog.photos.get(id));
    if (missing.length) throw new AppError('NOT_FOUND', `Photo ${missing.map((i) => `#${i}`).join(', ')} is not in the catalog.`);
  }

  list(): AlbumRow[] {
    return this.db
      .prepare(
        `SELECT a.*, (SELECT COUNT(*) FROM album_photos ap JOIN photos p ON p.id = ap.photo_id WHERE ap.album_id = a.id AND ${VISIBLE('p')}) AS count,
           (SELECT ap.photo_id FROM album_photos ap JOIN photos p ON p.id = ap.photo_id WHERE ap.album_id = a.id AND ${VISIBLE('p')} ORDER BY ap.position LIMIT 1) AS first_photo_id
         FROM albums a ORDER BY a.position, a.id`,
      )
      .all() as AlbumRow[];
  }

  get(id: number): AlbumRow {
    const a = this.list().find((x) => x.id === id);
    if (!a) throw new AppError('NOT_FOUND', `Album #${id} does not exist. Run "smart-album albums" to list them.`);
    return a;
  }

  create(name: string, photoIds: number[] = []): AlbumRow {
    const now = this.catalog.now();
    const n = this.cleanName(name);
    const id = this.db.transaction(() => {
      const pos = (this.db.prepare('SELECT COALESCE(MAX(position), -1) + 1 AS p FROM albums').get() as { p: number }).p;
      const r = this.db.prepare('INSERT INTO albums (name, position, created_at, updated_at) VALUES (?, ?, ?, ?)').run(n, pos, now, now);
      return Number(r.lastInsertRowid);
    })();
    if (photoIds.length) this.add(id, photoIds);
    return this.get(id);
  }

  rename(id: number, name: string): AlbumRow {
    this.get(id);
    this.db.prepare('UPDATE albums SET name = ?, updated_at = ? WHERE id = ?').run(this.cleanName(name), this.catalog.now(), id);
    return this.get(id);
  }

  /** Removes the album; its photos stay in the library. */
  delete(id: number): void {
    this.get(id);
    this.db.prepare('DELETE FROM albums WHERE id = ?').run(id);
  }

  /** Adds photos at the end, in the order given; photos already in the album stay where they are. */
  add(id: number, photoIds: number[]): AlbumRow {
    this.get(id);
    this.checkPhotos(photoIds);
    const now = this.catalog.now();
    this.db.transaction(() => {
      let pos = (this.db.prepare('SELECT COALESCE(MAX(position), -1) + 1 AS p FROM album_photos WHERE album_id = ?').get(id) as { p: number }).p;
      const ins = this.db.prepare('INSERT OR IGNORE INTO album_photos (album_id, photo_id, position, added_at) VALUES (?, ?, ?, ?)');
      for (const pid of photoIds) if (ins.run(id, pid, pos, now).changes) pos++;
      this.db.prepare('UPDATE albums SET updated_at = ? WHERE id = ?').run(now, id);
    })();
    return this.get(id);
  }

  remove(id: number, photoIds: number[]): AlbumRow {
    this.get(id);
    this.db.transaction(() => {
      const del = this.db.prepare('DELETE FROM album_photos WHERE album_id = ? AND photo_id = ?');
      for (const pid of photoIds) del.run(id, pid);
      this.db.prepare('UPDATE albums SET cover_photo_id = NULL WHERE id = ? AND cover_photo_id NOT IN (SELECT photo_id FROM album_photos WHERE album_id = ?)').run(id, id);
      this.db.prepare('UPDATE albums SET updated_at = ? WHERE id = ?').run(this.catalog.now(), id);
    })();
    return this.get(id);
  }

  /** Sets the album's order: the given photos first, in this order, then the others as they were. */
  reorder(id: number, photoIds: number[]): AlbumRow {
    this.get(id);
    const current = this.photoIds(id, { includeHidden: true });
    const given = photoIds.filter((p) => current.includes(p));
    const order = [...new Set(given), ...current.filter((p) => !given.includes(p))];
    this.db.transaction(() => {
      const upd = this.db.prepare('UPDATE album_photos SET position = ? WHERE album_id = ? AND photo_id = ?');
      order.forEach((pid, i) => upd.run(i, id, pid));
    })();
    return this.get(id);
  }

  /** Moves albums in the sidebar order. */
  reorderAlbums(albumIds: number[]): AlbumRow[] {
    const all = this.list().map((a) => a.id);
    const given = albumIds.filter((a) => all.includes(a));
    const order = [...new Set(given), ...all.filter((a) => !given.includes(a))];
    this.db.transaction(() => order.forEach((aid, i) => this.db.prepare('UPDATE albums SET position = ? WHERE id = ?').run(i, aid)))();
    return this.list();
  }

  setCover(id: number, photoId: number | null): AlbumRow {
    this.get(id);
    if (photoId !== null && !this.db.prepare('SELECT 1 FROM album_photos WHERE album_id = ? AND photo_id = ?').get(id, photoId))
      throw new AppError('INVALID_INPUT', `Photo #${photoId} is not in album #${id}; add it first.`);
    this.db.prepare('UPDATE albums SET cover_photo_id = ?, updated_at = ? WHERE id = ?').run(photoId, this.catalog.now(), id);
    return this.get(id);
  }

  photoIds(id: number, opts: { includeHidden?: boolean } = {}): number[] {
    return (
      this.db
        .prepare(`SELECT ap.photo_id FROM album_photos ap JOIN photos p ON p.id = ap.photo_id WHERE ap.album_id = ? ${opts.includeHidden ? '' : `AND ${VISIBLE('p')}`} ORDER BY ap.position`)
        .all(id) as { photo_id: number }[]
    ).map((r) => r.photo_id);
  }

  albumsOf(photoId: number): { id: number; name: string }[] {
    return this.db.prepare('SELECT a.id, a.name FROM album_photos ap JOIN albums a ON a.id = ap.album_id WHERE ap.photo_id = ? ORDER BY a.position').all(photoId) as { id: number; name: string }[];
  }

  // favourites

  setFavourite(photoIds: number[], favourite: boolean): void {
    this.checkPhotos(photoIds);
    const now = this.catalog.now();
    this.db.transaction(() => {
      const st = favourite ? this.db.prepare('INSERT OR IGNORE INTO favourites (photo_id, added_at) VALUES (?, ?)') : this.db.prepare('DELETE FROM favourites WHERE photo_id = ?');
      for (const id of photoIds) (favourite ? st.run(id, now) : st.run(id));
    })();
  }

  isFavourite(photoId: number): boolean {
    return !!this.db.prepare('SELECT 1 FROM favourites WHERE photo_id = ?').get(photoId);
  }

  favourites(limit: number, offset: number): { total: number; ids: number[] } {
    const from = `FROM favourites f JOIN photos p ON p.id = f.photo_id WHERE ${VISIBLE('p')}`;
    return {
      total: (this.db.prepare(`SELECT COUNT(*) AS n ${from}`).get() as { n: number }).n,
      ids: (this.db.prepare(`SELECT p.id ${from} ORDER BY f.added_at DESC, p.id DESC LIMIT ? OFFSET ?`).all(limit, offset) as { id: number }[]).map((r) => r.id),
    };
  }
}
