import type { Handlers } from '../shared/rpc.js';
import { AppError } from '../shared/errors.js';
import { toFace } from './db/repos/face.repo.js';
import { toPhoto } from './db/repos/photo.repo.js';
import type { SmartAlbum } from './smart-album.js';

/** The contract implemented over the engine; every transport dispatches into this. */
export function createHandlers(app: SmartAlbum): Handlers {
  return {
    'roots.list': () => app.roots.list(),
    'roots.add': ({ path, usePolling }) => app.roots.add(path, usePolling),
    'roots.remove': ({ id }) => app.roots.remove(id),
    'library.scan': async ({ rootId }) => {
      await app.claimIndexing();
      return app.scanner.scanAll(rootId);
    },
    'library.index': async () => {
      await app.claimIndexing();
      return app.indexer.run();
    },
    'library.status': () => app.status(),
    'photos.list': ({ limit, offset, status, rootId }) => {
      const { total, rows } = app.catalog.photos.list({ limit, offset, status, rootId });
      return { total, items: rows.map(toPhoto) };
    },
    'photos.get': ({ id }) => {
      const row = app.catalog.photos.get(id);
      if (!row) throw new AppError('NOT_FOUND', `Photo #${id} is not in the catalog.`);
      return toPhoto(row);
    },
    'categories.list': () => ({ categories: app.catalog.categories.categoryCounts(), known: app.vision.rules?.names ?? [] }),
    'categories.photos': ({ category, limit, offset }) => ({
      items: app.catalog.categories.photos(category, limit, offset).map((r) => ({
        photo: toPhoto(app.catalog.photos.get(r.photo_id)!),
        confidence: r.confidence,
        assignedBy: r.assigned_by as 'machine' | 'user',
      })),
    }),
    'photos.classification': ({ id }) => classificationOf(app, id),
    'photos.faces': ({ id }) => {
      if (!app.catalog.photos.get(id)) throw new AppError('NOT_FOUND', `Photo #${id} is not in the catalog.`);
      return app.catalog.faces.forPhoto(id).map(toFace);
    },
    'photos.setCategories': ({ id, categories }) => {
      classificationOf(app, id); // 404 first
      const known = app.vision.rules?.names ?? [];
      const unknown = categories.filter((c) => !known.includes(c));
      if (known.length && unknown.length) {
        throw new AppError('INVALID_INPUT', `Unknown category ${unknown.map((c) => `"${c}"`).join(', ')}. Choose from: ${known.join(', ')}.`);
      }
      app.catalog.categories.setByUser(id, categories);
      return classificationOf(app, id);
    },
    'settings.exclusions.get': () => app.scanner.exclusions(),
    'settings.exclusions.set': ({ patterns }) => app.scanner.setExclusions(patterns),
  };
}

function classificationOf(app: SmartAlbum, id: number) {
  if (!app.catalog.photos.get(id)) throw new AppError('NOT_FOUND', `Photo #${id} is not in the catalog.`);
  return {
    labels: app.catalog.categories.labels(id),
    categories: app.catalog.categories.forPhoto(id).map((c) => ({
      category: c.category,
      confidence: c.confidence,
      primary: c.is_primary === 1,
      assignedBy: c.assigned_by,
    })),
  };
}
