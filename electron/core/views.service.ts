// The reads the renderer's screens need in one call each, never one per card or row (issue 10):
// people with their cover face, a person's photos paged, the faces nobody named yet, and every id
// of a view (select all by query). Over the repositories, so the API's handlers stay off them.
import type { Face, Person } from '../shared/contract.js';
import { AppError } from '../shared/errors.js';
import type { Catalog } from './catalog.js';
import { toFace } from './db/repos/face.repo.js';
import { toPerson } from './people/people.service.js';

/** A large page: ids only, for walking a whole view. */
export const ALL = 1_000_000_000;

export class ViewsService {
  constructor(private readonly catalog: Catalog) {}

  peopleOverview(includeHidden: boolean): (Person & { coverFaceId: number | null; coverCropRev: number })[] {
    const covers = this.catalog.people.covers();
    return this.catalog.people
      .list()
      .filter((p) => includeHidden || !p.hidden)
      .map((p) => ({ ...toPerson(p), coverFaceId: covers.get(p.id)?.faceId ?? null, coverCropRev: covers.get(p.id)?.cropRev ?? 0 }));
  }

  personPhotoIds(id: number): number[] {
    if (!this.catalog.people.get(id)) throw new AppError('NOT_FOUND', `Person #${id} does not exist.`);
    return this.catalog.people.photos(id).map((p) => p.photo_id);
  }

  unnamedFaces(limit: number, offset: number): { total: number; items: (Face & { faces: number })[] } {
    const r = this.catalog.people.unnamedFaces(limit, offset);
    return { total: r.total, items: r.rows.map((row) => ({ ...toFace(row), faces: row.group_faces })) };
  }

  libraryIds(): number[] {
    return this.catalog.photos.indexedIds();
  }

  categoryIds(category: string, limit = ALL, offset = 0): number[] {
    return this.catalog.categories.photos(category, limit, offset).map((r) => r.photo_id);
  }

  categoryTotal(category: string): number {
    return this.catalog.categories.categoryCounts().find((c) => c.category === category)?.photos ?? 0;
  }

  /** The file of a catalogued photo still on disk (the desktop app's "Show in folder" and "Open with"). */
  photoFile(photoId: number): string {
    const r = this.catalog.photos.get(photoId);
    if (!r) throw new AppError('NOT_FOUND', `Photo #${photoId} is not in the catalog.`);
    if (r.status === 'missing') throw new AppError('NOT_FOUND', `${r.path} is no longer in its folder.`);
    return r.path;
  }
}
