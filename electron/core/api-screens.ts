// The methods the renderer's screens need so that each screen makes one call, not one per card or
// per row (issue 10): people with their cover face, a person's photos paged, the unnamed faces,
// every id of a view (select all by query), and changes that say exactly what they changed (Undo).
import type { Handlers } from '../shared/rpc.js';
import type { Album, Person, ViewQuery } from '../shared/contract.js';
import { AppError } from '../shared/errors.js';
import { toFace } from './db/repos/face.repo.js';
import type { PersonRow } from './db/repos/people.repo.js';
import { toPhoto } from './db/repos/photo.repo.js';
import type { AlbumRow } from './library/albums.service.js';
import type { SmartAlbum } from './smart-album.js';

type ScreenMethods =
  | 'people.overview'
  | 'people.photos'
  | 'faces.unnamed'
  | 'faces.name'
  | 'photos.ids'
  | 'categories.page'
  | 'favourites.change'
  | 'albums.addPhotos';

/** A large page: ids only, for walking a whole view. */
const ALL = 1_000_000_000;

export function screenHandlers(app: SmartAlbum, toAlbum: (a: AlbumRow) => Album): Pick<Handlers, ScreenMethods> {
  const photos = (total: number, ids: number[]) => ({ total, items: ids.map((id) => toPhoto(row(app, id))) });
  return {
    'people.overview': ({ includeHidden }) => {
      const covers = app.catalog.people.covers();
      return app.catalog.people
        .list()
        .filter((p) => includeHidden || !p.hidden)
        .map((p) => ({ ...person(p), coverFaceId: covers.get(p.id) ?? null }));
    },
    'people.photos': ({ id, limit, offset }) => {
      if (!app.catalog.people.get(id)) throw new AppError('NOT_FOUND', `Person #${id} does not exist.`);
      const all = app.catalog.people.photos(id);
      return photos(all.length, all.slice(offset, offset + limit).map((p) => p.photo_id));
    },
    'faces.unnamed': ({ limit, offset }) => {
      const r = app.catalog.people.unnamedFaces(limit, offset);
      return { total: r.total, items: r.rows.map(toFace) };
    },
    'faces.name': ({ faceId, name }) => person(app.catalog.people.get(app.people.nameFace(faceId, name))!),
    'photos.ids': ({ query }) => ({ ids: idsOf(app, query) }),
    'categories.page': ({ category, limit, offset }) => {
      const total = app.catalog.categories.categoryCounts().find((c) => c.category === category)?.photos ?? 0;
      return photos(total, app.catalog.categories.photos(category, limit, offset).map((r) => r.photo_id));
    },
    'favourites.change': ({ photoIds, favourite }) => {
      const changed = photoIds.filter((id) => app.albums.isFavourite(id) !== favourite);
      if (changed.length) app.albums.setFavourite(changed, favourite);
      return { changed };
    },
    'albums.addPhotos': ({ id, photoIds }) => {
      const before = new Set(app.albums.photoIds(id));
      const added = photoIds.filter((p) => !before.has(p));
      const album = app.albums.add(id, photoIds);
      return { album: toAlbum(album), added };
    },
  };
}

function idsOf(app: SmartAlbum, q: ViewQuery): number[] {
  switch (q.kind) {
    case 'library':
      return app.catalog.photos.list({ limit: ALL, offset: 0, status: 'indexed' }).rows.map((r) => r.id);
    case 'favourites':
      return app.albums.favourites(ALL, 0).ids;
    case 'trash':
      return app.trash.list(ALL, 0).items.map((t) => t.photo_id);
    case 'album':
      return app.albums.photoIds(q.id);
    case 'category':
      return app.catalog.categories.photos(q.name, ALL, 0).map((r) => r.photo_id);
    case 'person':
      return app.catalog.people.photos(q.id).map((p) => p.photo_id);
    case 'place':
      return app.places.photoIds({ country: q.country, region: q.region, city: q.city }, ALL, 0).ids;
  }
}

function row(app: SmartAlbum, id: number) {
  const r = app.catalog.photos.get(id);
  if (!r) throw new AppError('NOT_FOUND', `Photo #${id} is not in the catalog.`);
  return r;
}

function person(p: PersonRow): Person {
  return { id: p.id, name: p.name, hidden: p.hidden === 1, createdBy: p.created_by, faces: p.faces, photos: p.photos };
}
