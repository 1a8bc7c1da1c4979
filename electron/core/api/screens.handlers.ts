// The methods the renderer's screens need so each screen makes one call (issue 10), and changes
// that say exactly what they changed (so Undo takes back only that).
import type { ViewQuery } from '../../shared/contract.js';
import { AppError } from '../../shared/errors.js';
import type { Handlers } from '../../shared/rpc.js';
import type { SmartAlbum } from '../smart-album.js';
import { ALL } from '../views.service.js';
import { toAlbum } from './library.handlers.js';

export const screenHandlers = (app: SmartAlbum) =>
  ({
    'people.overview': ({ includeHidden }) => app.views.peopleOverview(includeHidden),
    'people.photos': ({ id, limit, offset }) => {
      const ids = app.views.personPhotoIds(id);
      return app.photos.page({ total: ids.length, ids: ids.slice(offset, offset + limit) });
    },
    'faces.unnamed': ({ limit, offset }) => app.views.unnamedFaces(limit, offset),
    'faces.name': ({ faceId, name }) => app.people.get(app.people.nameFace(faceId, name)),
    'photos.ids': ({ query }) => ({ ids: idsOf(app, query) }),
    'categories.page': ({ category, limit, offset }) =>
      app.photos.page({ total: app.views.categoryTotal(category), ids: app.views.categoryIds(category, limit, offset) }),
    'favourites.change': ({ photoIds, favourite }) => {
      const changed = photoIds.filter((id) => app.albums.isFavourite(id) !== favourite);
      if (changed.length) app.albums.setFavourite(changed, favourite);
      return { changed };
    },
    'albums.addPhotos': ({ id, photoIds }) => {
      const before = new Set(app.albums.photoIds(id));
      const added = photoIds.filter((p) => !before.has(p));
      return { album: toAlbum(app.albums.add(id, photoIds)), added };
    },
    // web mode and the CLI have no file manager to show; the desktop app replaces these
    'system.showInFolder': () => {
      throw new AppError('UNAVAILABLE', 'Showing a file in its folder works in the desktop app; in the browser use "Download original".');
    },
    'system.openWith': () => {
      throw new AppError('UNAVAILABLE', 'Opening a file in another app works in the desktop app; in the browser use "Download original".');
    },
  }) satisfies Partial<Handlers>;

function idsOf(app: SmartAlbum, q: ViewQuery): number[] {
  switch (q.kind) {
    case 'library':
      return app.views.libraryIds();
    case 'favourites':
      return app.albums.favourites(ALL, 0).ids;
    case 'trash':
      return app.trash.list(ALL, 0).items.map((t) => t.photo_id);
    case 'album':
      return app.albums.photoIds(q.id);
    case 'category':
      return app.views.categoryIds(q.name);
    case 'person':
      return app.views.personPhotoIds(q.id);
    case 'place':
      return app.places.photoIds({ country: q.country, region: q.region, city: q.city }, ALL, 0).ids;
  }
}
