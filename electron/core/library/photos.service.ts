// Photos as the API shows them: pages, one photo, its faces and its categories. The API's
// handlers come here instead of reading repositories themselves.
import type { Classification, DetectedObject, Face, Photo, PhotoStatus } from '../../shared/contract.js';
import { AppError } from '../../shared/errors.js';
import type { Catalog } from '../catalog.js';
import { toFace } from '../db/repos/face.repo.js';
import { toPhoto, type PhotoRow } from '../db/repos/photo.repo.js';

export class PhotosService {
  constructor(
    private readonly catalog: Catalog,
    /** the category names of the rules in use (they change with the models) */
    private readonly categoryNames: () => string[],
  ) {}

  row(id: number): PhotoRow {
    const row = this.catalog.photos.get(id);
    if (!row) throw new AppError('NOT_FOUND', `Photo #${id} is not in the catalog.`);
    return row;
  }

  get(id: number): Photo {
    return this.photosOf([this.row(id)])[0]!;
  }

  /** Rows as the API shows them, with which are favourites (one query for all of them). */
  photosOf(rows: PhotoRow[]): Photo[] {
    const favourites = this.catalog.albums.favouritesAmong(rows.map((r) => r.id));
    return rows.map((r) => toPhoto(r, favourites));
  }

  list(q: { limit: number; offset: number; status?: PhotoStatus; rootId?: number }): { total: number; items: Photo[] } {
    const { total, rows } = this.catalog.photos.list(q);
    return { total, items: this.photosOf(rows) };
  }

  /** A page of photo ids (an album, a place, a day...) as photos. */
  page(p: { total: number; ids: number[] }): { total: number; items: Photo[] } {
    return { total: p.total, items: this.photosOf(p.ids.map((id) => this.row(id))) };
  }

  faces(id: number): Face[] {
    return this.catalog.faces.forPhoto(this.row(id).id).map(toFace);
  }

  /** Its faces with the name of the person each belongs to. */
  namedFaces(id: number): (Face & { personName: string | null })[] {
    return this.catalog.faces.forPhoto(this.row(id).id).map((f) => ({ ...toFace(f), personName: f.person_id ? (this.catalog.people.get(f.person_id)?.name ?? null) : null }));
  }

  /** The detector's objects, as fractions of the displayed photo and in its pixels. */
  objects(id: number): DetectedObject[] {
    const { width, height } = this.row(id);
    return this.catalog.objects.forPhoto(id).map((o) => ({
      label: o.label,
      score: o.score,
      box: { x: o.x, y: o.y, w: o.w, h: o.h },
      boxPx:
        width && height
          ? { x: Math.round(o.x * width), y: Math.round(o.y * height), w: Math.round(o.w * width), h: Math.round(o.h * height) }
          : null,
      model: o.model,
    }));
  }

  classification(id: number): Classification {
    this.row(id);
    return {
      labels: this.catalog.categories.labels(id),
      categories: this.catalog.categories.forPhoto(id).map((c) => ({ category: c.category, confidence: c.confidence, primary: c.is_primary === 1, assignedBy: c.assigned_by })),
    };
  }

  knownCategories(): string[] {
    return this.categoryNames();
  }

  /** The user's categories for a photo: each must be one the rules know. */
  setCategories(id: number, categories: string[]): Classification {
    this.row(id);
    this.checkCategories(categories);
    this.catalog.categories.setByUser(id, categories);
    return this.classification(id);
  }

  /** The same categories for a whole selection, in one transaction: all photos or none. */
  setCategoriesMany(ids: number[], categories: string[]): { changed: number } {
    this.checkCategories(categories);
    const unique = [...new Set(ids)];
    const missing = unique.filter((id) => !this.catalog.photos.get(id)).slice(0, 5);
    if (missing.length) {
      throw new AppError('NOT_FOUND', `Photo ${missing.map((id) => `#${id}`).join(', ')} is not in the catalog. Nothing was changed.`);
    }
    this.catalog.db.transaction(() => {
      for (const id of unique) this.catalog.categories.setByUser(id, categories);
    })();
    return { changed: unique.length };
  }

  private checkCategories(categories: string[]): void {
    const known = this.knownCategories();
    const unknown = categories.filter((c) => !known.includes(c));
    if (known.length && unknown.length) {
      throw new AppError('INVALID_INPUT', `Unknown category ${unknown.map((c) => `"${c}"`).join(', ')}. Choose from: ${known.join(', ')}.`);
    }
  }

  categories() {
    return { categories: this.catalog.categories.categoryCounts(), known: this.knownCategories() };
  }

  categoryPhotos(category: string, limit: number, offset: number) {
    return this.catalog.categories.photos(category, limit, offset).map((r) => ({
      photo: this.get(r.photo_id),
      confidence: r.confidence,
      assignedBy: r.assigned_by as 'machine' | 'user',
    }));
  }
}
