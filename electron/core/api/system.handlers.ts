// The contract's folders, indexing, models, GIF, search and settings methods.
import type { IndexSummary, ScanSummary } from '../../shared/contract.js';
import type { Handlers } from '../../shared/rpc.js';
import { imageSearchOf } from '../image-search.service.js';
import type { SmartAlbum } from '../smart-album.js';

/**
 * How the indexing process starts scans when its engine is not the one indexing in-line (the
 * worker queues them one after another, with progress). Without one, the engine indexes in-process
 * (CLI, tests).
 */
export interface IndexingHost {
  scan(rootId?: number): Promise<{ scan: ScanSummary; index: IndexSummary }>;
  rewatch(): void;
  reloadModels(): void;
}

export const systemHandlers = (app: SmartAlbum, host?: IndexingHost) =>
  ({
    'roots.list': () => app.roots.list(),
    'roots.add': async ({ path, usePolling }) => {
      const root = await app.roots.add(path, usePolling);
      if (host) void host.scan(root.id).catch(() => undefined); // progress arrives as events
      return root;
    },
    'roots.remove': async ({ id }) => {
      const r = await app.roots.remove(id);
      host?.rewatch();
      return r;
    },
    'library.scan': async ({ rootId }) => {
      if (host) return (await host.scan(rootId)).scan;
      await app.claimIndexing();
      return app.scanner.scanAll(rootId);
    },
    'library.index': async () => {
      if (host) return (await host.scan()).index;
      await app.claimIndexing();
      return app.indexer.run();
    },
    'library.status': () => app.status(),
    'models.list': () => app.models(),
    'models.upgrade': async (input) => {
      const r = await app.upgradeModels(input);
      host?.reloadModels();
      return { id: r.id, version: r.version, bytes: r.bytes, sha256: r.sha256, weightsChecksum: r.weights.checksum, queued: r.queued };
    },
    'models.use': ({ id }) => {
      const r = app.useModel(id);
      host?.reloadModels();
      return r;
    },
    'system.pickFolder': () => ({ path: null, supported: false }),
    'gif.make': ({ photoIds, out, ...options }) => app.makeGif(photoIds, out, options),
    'search.query': ({ q, limit, offset }) => app.search.query(q, limit, offset),
    'search.suggest': ({ q, limit }) => app.search.suggest(q, limit),
    'search.similar': async (input) => {
      const imageSearch = imageSearchOf(app);
      const r = 'photoId' in input ? await imageSearch.byPhoto(input.photoId, input.limit) : await imageSearch.byImage(input.imagePath, input.limit);
      return {
        faces: r.faces && { ...r.faces, items: r.faces.items.map((m) => ({ photo: app.photos.get(m.photoId), confidence: m.confidence })) },
        query: r.query,
        nearDuplicates: r.nearDuplicates.map((d) => ({ photo: app.photos.get(d.photoId), distance: d.distance })),
        similar: r.similar.map((d) => ({ photo: app.photos.get(d.photoId), score: d.score })),
        narrowedTo: r.narrowedTo,
      };
    },
    'duplicates.list': () => ({
      groups: app.similar.duplicates().map((g) => ({ kind: g.kind, photos: g.photoIds.map((id) => app.photos.get(id)), best: g.best, why: g.why })),
    }),
    'settings.exclusions.get': () => app.scanner.exclusions(),
    'settings.exclusions.set': ({ patterns }) => app.scanner.setExclusions(patterns),
  }) satisfies Partial<Handlers>;
