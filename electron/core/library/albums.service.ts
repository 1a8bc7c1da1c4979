// The user's own albums (ordered photos, a cover) and favourites. Deleting an album never touches
// its photos; photos in the recycle bin are left out of every list (db/repos/album.repo.ts).
import type { Catalog } from '../catalog.js';
import type { AlbumRow } from '../db/repos/album.repo.js';
import { AppError } from '../../shared/errors.js';

export type { AlbumRow };

const MAX_NAME = 200;

export class AlbumsService {
  constructor(private readonly catalog: Catalog) {}

  private get repo() {
    return this.catalog.albums;
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
    return this.repo.list();
  }

  get(id: number): AlbumRow {
    const a = this.list().find((x) => x.id === id);
    if (!a) throw new AppError('NOT_FOUND', `Album #${id} does not exist. Run "smart-album albums" to list them.`);
    return a;
  }

  create(name: string, photoIds: number[] = []): AlbumRow {
    const n = this.cleanName(name);
    this.checkPhotos(photoIds);
    const now = this.catalog.now();
    const id = this.catalog.db.transaction(() => {
      const created = this.repo.insert(n, now);
      this.repo.append(created, photoIds, now);
      return created;
    })();
    return this.get(id);
  }

  rename(id: number, name: string): AlbumRow {
    this.get(id);
    this.repo.setName(id, this.cleanName(name), this.catalog.now());
    return this.get(id);
  }

  /** Removes the album; its photos stay in the library. */
  delete(id: number): void {
    this.get(id);
    this.repo.delete(id);
  }

  /** Adds photos at the end, in the order given; photos already in the album stay where they are. */
  add(id: number, photoIds: number[]): AlbumRow {
    this.get(id);
    this.checkPhotos(photoIds);
    const now = this.catalog.now();
    this.catalog.db.transaction(() => {
      this.repo.append(id, photoIds, now);
      this.repo.touched(id, now);
    })();
    return this.get(id);
  }

  remove(id: number, photoIds: number[]): AlbumRow {
    this.get(id);
    this.catalog.db.transaction(() => {
      this.repo.remove(id, photoIds);
      this.repo.touched(id, this.catalog.now());
    })();
    return this.get(id);
  }

  /** Sets the album's order: the given photos first, in this order, then the others as they were. */
  reorder(id: number, photoIds: number[]): AlbumRow {
    this.get(id);
    const current = this.repo.photoIds(id, true);
    const given = photoIds.filter((p) => current.includes(p));
    const order = [...new Set(given), ...current.filter((p) => !given.includes(p))];
    this.catalog.db.transaction(() => this.repo.setOrder(id, order))();
    return this.get(id);
  }

  /** Moves albums in the sidebar order. */
  reorderAlbums(albumIds: number[]): AlbumRow[] {
    const all = this.list().map((a) => a.id);
    const given = albumIds.filter((a) => all.includes(a));
    const order = [...new Set(given), ...all.filter((a) => !given.includes(a))];
    this.catalog.db.transaction(() => this.repo.setAlbumOrder(order))();
    return this.list();
  }

  setCover(id: number, photoId: number | null): AlbumRow {
    this.get(id);
    if (photoId !== null && !this.repo.contains(id, photoId)) throw new AppError('INVALID_INPUT', `Photo #${photoId} is not in album #${id}; add it first.`);
    this.repo.setCover(id, photoId, this.catalog.now());
    return this.get(id);
  }

  photoIds(id: number): number[] {
    return this.repo.photoIds(id);
  }

  albumsOf(photoId: number): { id: number; name: string }[] {
    return this.repo.albumsOf(photoId);
  }

  setFavourite(photoIds: number[], favourite: boolean): void {
    this.checkPhotos(photoIds);
    const now = this.catalog.now();
    this.catalog.db.transaction(() => photoIds.forEach((id) => this.repo.setFavourite(id, favourite, now)))();
  }

  isFavourite(photoId: number): boolean {
    return this.repo.isFavourite(photoId);
  }

  favourites(limit: number, offset: number): { total: number; ids: number[] } {
    return this.repo.favourites(limit, offset);
  }
}
