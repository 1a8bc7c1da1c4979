import type { Db } from '../connection.js';
import { VISIBLE } from '../visibility.js';

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

/** User albums (ordered photos, a cover) and favourites; photos in the recycle bin are left out. */
export class AlbumRepo {
  private readonly all;
  private readonly nextAlbumPos;
  private readonly ins;
  private readonly rename;
  private readonly del;
  private readonly touch;
  private readonly nextPhotoPos;
  private readonly addPhoto;
  private readonly removePhoto;
  private readonly dropGoneCover;
  private readonly photoPos;
  private readonly albumPos;
  private readonly cover;
  private readonly has;
  private readonly visibleIds;
  private readonly allIds;
  private readonly ofPhoto;
  private readonly favAdd;
  private readonly favDel;
  private readonly favHas;
  private readonly favAmong;
  private readonly favCount;
  private readonly favPage;

  constructor(db: Db) {
    this.all = db.prepare<[], AlbumRow>(
      `SELECT a.*, (SELECT COUNT(*) FROM album_photos ap JOIN photos p ON p.id = ap.photo_id WHERE ap.album_id = a.id AND ${VISIBLE('p')}) AS count,
         (SELECT ap.photo_id FROM album_photos ap JOIN photos p ON p.id = ap.photo_id WHERE ap.album_id = a.id AND ${VISIBLE('p')} ORDER BY ap.position LIMIT 1) AS first_photo_id
       FROM albums a ORDER BY a.position, a.id`,
    );
    this.nextAlbumPos = db.prepare<[], { p: number }>('SELECT COALESCE(MAX(position), -1) + 1 AS p FROM albums');
    this.ins = db.prepare<[string, number, number, number]>('INSERT INTO albums (name, position, created_at, updated_at) VALUES (?, ?, ?, ?)');
    this.rename = db.prepare<[string, number, number]>('UPDATE albums SET name = ?, updated_at = ? WHERE id = ?');
    this.del = db.prepare<[number]>('DELETE FROM albums WHERE id = ?');
    this.touch = db.prepare<[number, number]>('UPDATE albums SET updated_at = ? WHERE id = ?');
    this.nextPhotoPos = db.prepare<[number], { p: number }>('SELECT COALESCE(MAX(position), -1) + 1 AS p FROM album_photos WHERE album_id = ?');
    this.addPhoto = db.prepare<[number, number, number, number]>('INSERT OR IGNORE INTO album_photos (album_id, photo_id, position, added_at) VALUES (?, ?, ?, ?)');
    this.removePhoto = db.prepare<[number, number]>('DELETE FROM album_photos WHERE album_id = ? AND photo_id = ?');
    this.dropGoneCover = db.prepare<[number, number]>('UPDATE albums SET cover_photo_id = NULL WHERE id = ? AND cover_photo_id NOT IN (SELECT photo_id FROM album_photos WHERE album_id = ?)');
    this.photoPos = db.prepare<[number, number, number]>('UPDATE album_photos SET position = ? WHERE album_id = ? AND photo_id = ?');
    this.albumPos = db.prepare<[number, number]>('UPDATE albums SET position = ? WHERE id = ?');
    this.cover = db.prepare<[number | null, number, number]>('UPDATE albums SET cover_photo_id = ?, updated_at = ? WHERE id = ?');
    this.has = db.prepare<[number, number]>('SELECT 1 FROM album_photos WHERE album_id = ? AND photo_id = ?');
    this.visibleIds = db.prepare<[number], { photo_id: number }>(`SELECT ap.photo_id FROM album_photos ap JOIN photos p ON p.id = ap.photo_id WHERE ap.album_id = ? AND ${VISIBLE('p')} ORDER BY ap.position`);
    this.allIds = db.prepare<[number], { photo_id: number }>('SELECT photo_id FROM album_photos WHERE album_id = ? ORDER BY position');
    this.ofPhoto = db.prepare<[number], { id: number; name: string }>('SELECT a.id, a.name FROM album_photos ap JOIN albums a ON a.id = ap.album_id WHERE ap.photo_id = ? ORDER BY a.position');
    this.favAdd = db.prepare<[number, number]>('INSERT OR IGNORE INTO favourites (photo_id, added_at) VALUES (?, ?)');
    this.favDel = db.prepare<[number]>('DELETE FROM favourites WHERE photo_id = ?');
    this.favHas = db.prepare<[number]>('SELECT 1 FROM favourites WHERE photo_id = ?');
    this.favAmong = db.prepare<[string], { photo_id: number }>('SELECT photo_id FROM favourites WHERE photo_id IN (SELECT value FROM json_each(?))');
    const favFrom = `FROM favourites f JOIN photos p ON p.id = f.photo_id WHERE ${VISIBLE('p')}`;
    this.favCount = db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n ${favFrom}`);
    this.favPage = db.prepare<[number, number], { id: number }>(`SELECT p.id ${favFrom} ORDER BY f.added_at DESC, p.id DESC LIMIT ? OFFSET ?`);
  }

  list(): AlbumRow[] {
    return this.all.all();
  }
  insert(name: string, now: number): number {
    return Number(this.ins.run(name, this.nextAlbumPos.get()!.p, now, now).lastInsertRowid);
  }
  setName(id: number, name: string, now: number): void {
    this.rename.run(name, now, id);
  }
  delete(id: number): void {
    this.del.run(id);
  }
  touched(id: number, now: number): void {
    this.touch.run(now, id);
  }
  /** Appends photos in order; ones already in the album keep their place. */
  append(id: number, photoIds: number[], now: number): void {
    let pos = this.nextPhotoPos.get(id)!.p;
    for (const pid of photoIds) if (this.addPhoto.run(id, pid, pos, now).changes) pos++;
  }
  remove(id: number, photoIds: number[]): void {
    for (const pid of photoIds) this.removePhoto.run(id, pid);
    this.dropGoneCover.run(id, id);
  }
  setOrder(id: number, photoIds: number[]): void {
    photoIds.forEach((pid, i) => this.photoPos.run(i, id, pid));
  }
  setAlbumOrder(albumIds: number[]): void {
    albumIds.forEach((aid, i) => this.albumPos.run(i, aid));
  }
  setCover(id: number, photoId: number | null, now: number): void {
    this.cover.run(photoId, now, id);
  }
  contains(id: number, photoId: number): boolean {
    return !!this.has.get(id, photoId);
  }
  photoIds(id: number, includeHidden = false): number[] {
    return (includeHidden ? this.allIds : this.visibleIds).all(id).map((r) => r.photo_id);
  }
  albumsOf(photoId: number) {
    return this.ofPhoto.all(photoId);
  }
  setFavourite(photoId: number, on: boolean, now: number): void {
    if (on) this.favAdd.run(photoId, now);
    else this.favDel.run(photoId);
  }
  /** Which of these photos are favourites (one query for a page of the grid). */
  favouritesAmong(photoIds: readonly number[]): Set<number> {
    if (!photoIds.length) return new Set();
    return new Set(this.favAmong.all(JSON.stringify(photoIds)).map((r) => r.photo_id));
  }
  isFavourite(photoId: number): boolean {
    return !!this.favHas.get(photoId);
  }
  favourites(limit: number, offset: number): { total: number; ids: number[] } {
    return { total: this.favCount.get()!.n, ids: this.favPage.all(limit, offset).map((r) => r.id) };
  }
}
