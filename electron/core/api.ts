import type { Handlers } from '../shared/rpc.js';
import { AppError } from '../shared/errors.js';
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
    'settings.exclusions.get': () => app.scanner.exclusions(),
    'settings.exclusions.set': ({ patterns }) => app.scanner.setExclusions(patterns),
  };
}
