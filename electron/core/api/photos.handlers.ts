// The contract's photo and category methods over the engine's services.
import type { Handlers } from '../../shared/rpc.js';
import type { SmartAlbum } from '../smart-album.js';

export const photosHandlers = (app: SmartAlbum) =>
  ({
    'photos.list': ({ limit, offset, status, rootId }) => app.photos.list({ limit, offset, status, rootId }),
    'photos.get': ({ id }) => app.photos.get(id),
    'photos.faces': ({ id }) => app.photos.faces(id),
    'photos.objects': ({ id }) => app.photos.objects(id),
    'photos.classification': ({ id }) => app.photos.classification(id),
    'photos.setCategories': ({ id, categories }) => app.photos.setCategories(id, categories),
    'photos.setCategoriesMany': ({ ids, categories }) => app.photos.setCategoriesMany(ids, categories),
    'photos.rotate': ({ ids, direction }) => app.rotate(ids, direction),
    'photos.setDate': ({ ids, date }) => app.edits.setDate(ids, date),
    'categories.list': () => app.photos.categories(),
    'categories.photos': ({ category, limit, offset }) => ({ items: app.photos.categoryPhotos(category, limit, offset) }),
    'photos.details': ({ id }) => {
      const photo = app.photos.get(id);
      const p = app.places.get(id);
      return {
        photo,
        place: p && app.places.info(p),
        faces: app.photos.namedFaces(id),
        objects: app.photos.objects(id),
        classification: app.photos.classification(id),
        favourite: app.albums.isFavourite(id),
        inBin: app.trash.inBin(id),
        albums: app.albums.albumsOf(id),
      };
    },
  }) satisfies Partial<Handlers>;
