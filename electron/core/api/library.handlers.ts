// The contract's places, albums, favourites, recycle bin and timeline methods over their services.
import type { Album } from '../../shared/contract.js';
import type { Handlers } from '../../shared/rpc.js';
import type { AlbumRow } from '../library/albums.service.js';
import type { SmartAlbum } from '../smart-album.js';

export function toAlbum(a: AlbumRow): Album {
  return { id: a.id, name: a.name, count: a.count, coverPhotoId: a.cover_photo_id ?? a.first_photo_id, coverChosen: a.cover_photo_id !== null, createdAt: a.created_at, updatedAt: a.updated_at };
}

export const libraryHandlers = (app: SmartAlbum) =>
  ({
    'places.tree': () => app.places.tree(),
    'places.photos': ({ limit, offset, ...filter }) => app.photos.page(app.places.photoIds(filter, limit, offset)),
    'places.get': ({ id }) => {
      app.photos.row(id); // 404 first
      const p = app.places.get(id);
      return p && app.places.info(p);
    },
    'places.set': ({ photoIds, ...place }) => {
      app.places.set(photoIds, place);
      return { updated: photoIds.length };
    },
    'places.clear': ({ photoIds }) => {
      app.places.clear(photoIds);
      return { updated: photoIds.length };
    },
    'albums.list': () => app.albums.list().map(toAlbum),
    'albums.get': ({ id, limit, offset }) => {
      const album = toAlbum(app.albums.get(id));
      const ids = app.albums.photoIds(id);
      return { album, photos: app.photos.page({ total: ids.length, ids: ids.slice(offset, offset + limit) }) };
    },
    'albums.create': ({ name, photoIds }) => toAlbum(app.albums.create(name, photoIds)),
    'albums.rename': ({ id, name }) => toAlbum(app.albums.rename(id, name)),
    'albums.delete': ({ id }) => {
      app.albums.delete(id);
      return { deleted: true as const };
    },
    'albums.add': ({ id, photoIds }) => toAlbum(app.albums.add(id, photoIds)),
    'albums.remove': ({ id, photoIds }) => toAlbum(app.albums.remove(id, photoIds)),
    'albums.reorder': ({ id, photoIds }) => toAlbum(app.albums.reorder(id, photoIds)),
    'albums.setCover': ({ id, photoId }) => toAlbum(app.albums.setCover(id, photoId)),
    'albums.move': ({ albumIds }) => app.albums.reorderAlbums(albumIds).map(toAlbum),
    'favourites.set': ({ photoIds, favourite }) => {
      app.albums.setFavourite(photoIds, favourite);
      return { count: app.albums.favourites(1, 0).total };
    },
    'favourites.list': ({ limit, offset }) => app.photos.page(app.albums.favourites(limit, offset)),
    'trash.add': ({ photoIds, deleteFiles }) => app.trash.add(photoIds, deleteFiles),
    'trash.list': ({ limit, offset }) => {
      const { total, items } = app.trash.list(limit, offset);
      return {
        total,
        retentionDays: app.trash.retentionDays(),
        items: items.map((t) => ({ photo: app.photos.get(t.photo_id), deletedAt: t.deleted_at, fileTrashed: t.file_trashed === 1, purgesAt: t.purges_at })),
      };
    },
    'trash.restore': ({ photoIds }) => app.trash.restore(photoIds),
    'trash.empty': () => ({ purged: app.trash.empty() }),
    'trash.retention.get': () => ({ days: app.trash.retentionDays() }),
    'trash.retention.set': ({ days }) => {
      app.trash.setRetentionDays(days);
      return { days };
    },
    'timeline.groups': ({ level, year, month }) => app.timeline.groups(level, { year, month }),
    'timeline.photos': ({ year, month, day, limit, offset }) => app.photos.page(app.timeline.photoIds({ year, month, day }, limit, offset)),
  }) satisfies Partial<Handlers>;
