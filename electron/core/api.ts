import type { Handlers } from '../shared/rpc.js';
import { AppError } from '../shared/errors.js';
import { embeddingOf, toFace } from './db/repos/face.repo.js';
import { queryFromImage, searchByFace } from './people/face-search.js';
import { toPhoto } from './db/repos/photo.repo.js';
import type { PersonRow } from './db/repos/people.repo.js';
import type { Album, DetectedObject, IndexSummary, Person, PlaceInfo, ScanSummary } from '../shared/contract.js';
import type { PlaceRow } from './db/repos/place.repo.js';
import type { AlbumRow } from './library/albums.service.js';
import type { SmartAlbum } from './smart-album.js';

/**
 * Where indexing runs when it is not this thread (the app's utilityProcess, web mode's worker):
 * the host forwards these to it. Without one, the engine indexes in-process (CLI, tests).
 */
export interface IndexingHost {
  scan(rootId?: number): Promise<{ scan: ScanSummary; index: IndexSummary }>;
  rewatch(): void;
  reloadModels(): void;
}

/** The contract implemented over the engine; every transport dispatches into this. */
export function createHandlers(app: SmartAlbum, host?: IndexingHost): Handlers {
  return {
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
    'photos.list': ({ limit, offset, status, rootId }) => {
      const { total, rows } = app.catalog.photos.list({ limit, offset, status, rootId });
      return { total, items: rows.map(toPhoto) };
    },
    'photos.get': ({ id }) => toPhoto(photoRow(app, id)),
    'categories.list': () => ({ categories: app.catalog.categories.categoryCounts(), known: app.vision.rules?.names ?? [] }),
    'categories.photos': ({ category, limit, offset }) => ({
      items: app.catalog.categories.photos(category, limit, offset).map((r) => ({
        photo: toPhoto(app.catalog.photos.get(r.photo_id)!),
        confidence: r.confidence,
        assignedBy: r.assigned_by as 'machine' | 'user',
      })),
    }),
    'photos.classification': ({ id }) => classificationOf(app, id),
    'photos.faces': ({ id }) => app.catalog.faces.forPhoto(photoRow(app, id).id).map(toFace),
    'photos.objects': ({ id }) => objectsOf(app, id),
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
    'people.list': ({ includeHidden }) => app.catalog.people.list().filter((p) => includeHidden || !p.hidden).map(toPerson),
    'people.get': ({ id }) => {
      const person = personOf(app, id);
      return {
        person,
        faces: app.catalog.people.faces(id).map(toFace),
        photos: app.catalog.people.photos(id).map((p) => ({ photoId: p.photo_id, confidence: p.confidence })),
      };
    },
    'people.rename': ({ id, name }) => {
      app.people.rename(id, name);
      return personOf(app, id);
    },
    'people.hide': ({ id, hidden }) => {
      app.people.hide(id, hidden);
      return personOf(app, id);
    },
    'people.merge': ({ into, from }) => {
      app.people.merge(into, from);
      return personOf(app, into);
    },
    'faces.move': ({ faceId, personId }) => personOf(app, app.people.moveFace(faceId, personId)),
    'faces.remove': ({ faceId }) => {
      app.people.removeFace(faceId);
      return toFace(app.catalog.people.face(faceId)!);
    },
    'faces.notAFace': ({ faceId }) => {
      app.people.notAFace(faceId);
      return toFace(app.catalog.people.face(faceId)!);
    },
    'faces.search': async (input) => {
      let query: Float32Array;
      let personId: number | null = null;
      if ('faceId' in input) {
        const face = app.catalog.people.face(input.faceId);
        if (!face) throw new AppError('NOT_FOUND', `Face #${input.faceId} does not exist.`);
        query = embeddingOf(face);
        personId = face.person_id;
      } else query = await queryFromImage(app.vision, input.imagePath);
      return searchByFace(app.catalog, app.people, query, { personId, limit: input.limit }).map((m) => ({
        photo: toPhoto(app.catalog.photos.get(m.photoId)!),
        faceId: m.faceId,
        personId: m.personId,
        confidence: m.confidence,
      }));
    },
    'people.threshold.get': () => ({ threshold: app.people.threshold() }),
    'people.threshold.set': ({ threshold }) => {
      app.people.setThreshold(threshold);
      return { threshold };
    },
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
    'photos.details': ({ id }) => {
      const photo = toPhoto(photoRow(app, id));
      const p = app.places.get(id);
      return {
        photo,
        place: p && toPlace(p),
        faces: app.catalog.faces.forPhoto(id).map((f) => ({ ...toFace(f), personName: f.person_id ? (app.catalog.people.get(f.person_id)?.name ?? null) : null })),
        objects: objectsOf(app, id),
        classification: classificationOf(app, id),
        favourite: app.albums.isFavourite(id),
        inBin: app.trash.inBin(id),
        albums: app.albums.albumsOf(id),
      };
    },
    'places.tree': () => app.places.tree(),
    'places.photos': ({ limit, offset, ...filter }) => page(app, app.places.photoIds(filter, limit, offset)),
    'places.get': ({ id }) => {
      photoRow(app, id);
      const p = app.places.get(id);
      return p && toPlace(p);
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
      return { album, photos: page(app, { total: ids.length, ids: ids.slice(offset, offset + limit) }) };
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
    'favourites.list': ({ limit, offset }) => page(app, app.albums.favourites(limit, offset)),
    'trash.add': ({ photoIds, deleteFiles }) => app.trash.add(photoIds, deleteFiles),
    'trash.list': ({ limit, offset }) => {
      const { total, items } = app.trash.list(limit, offset);
      return {
        total,
        retentionDays: app.trash.retentionDays(),
        items: items.map((t) => ({ photo: toPhoto(photoRow(app, t.photo_id)), deletedAt: t.deleted_at, fileTrashed: t.file_trashed === 1, purgesAt: t.purges_at })),
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
    'timeline.photos': ({ year, month, day, limit, offset }) => page(app, app.timeline.photoIds({ year, month, day }, limit, offset)),
    'gif.make': ({ photoIds, out, ...options }) => app.makeGif(photoIds, out, options),
    'search.similar': async (input) => {
      const r = 'photoId' in input ? await app.similar.searchByPhoto(input.photoId, input.limit) : await app.similar.searchByImage(input.imagePath, input.limit);
      return {
        query: r.query,
        nearDuplicates: r.nearDuplicates.map((d) => ({ photo: toPhoto(photoRow(app, d.photoId)), distance: d.distance })),
        similar: r.similar.map((d) => ({ photo: toPhoto(photoRow(app, d.photoId)), score: d.score })),
        narrowedTo: r.narrowedTo,
      };
    },
    'duplicates.list': () => ({
      groups: app.similar.duplicates().map((g) => ({ kind: g.kind, photos: g.photoIds.map((id) => toPhoto(photoRow(app, id))), best: g.best, why: g.why })),
    }),
    'settings.exclusions.get': () => app.scanner.exclusions(),
    'settings.exclusions.set': ({ patterns }) => app.scanner.setExclusions(patterns),
  };
}

function photoRow(app: SmartAlbum, id: number) {
  const row = app.catalog.photos.get(id);
  if (!row) throw new AppError('NOT_FOUND', `Photo #${id} is not in the catalog.`);
  return row;
}

function page(app: SmartAlbum, p: { total: number; ids: number[] }) {
  return { total: p.total, items: p.ids.map((id) => toPhoto(photoRow(app, id))) };
}

function toPlace(p: PlaceRow): PlaceInfo {
  return { state: p.state, countryCode: p.country_code, country: p.country, region: p.region, city: p.city, lat: p.lat, lon: p.lon, reason: p.reason, source: p.source };
}

function toAlbum(a: AlbumRow): Album {
  return { id: a.id, name: a.name, count: a.count, coverPhotoId: a.cover_photo_id ?? a.first_photo_id, coverChosen: a.cover_photo_id !== null, createdAt: a.created_at, updatedAt: a.updated_at };
}

function objectsOf(app: SmartAlbum, id: number): DetectedObject[] {
  const { width, height } = photoRow(app, id);
  return app.catalog.objects.forPhoto(id).map((o) => ({
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

function classificationOf(app: SmartAlbum, id: number) {
  photoRow(app, id);
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

function toPerson(p: PersonRow): Person {
  return { id: p.id, name: p.name, hidden: p.hidden === 1, createdBy: p.created_by, faces: p.faces, photos: p.photos };
}

function personOf(app: SmartAlbum, id: number): Person {
  const p = app.catalog.people.get(id);
  if (!p) throw new AppError('NOT_FOUND', `Person #${id} does not exist. Run "smart-album people" to list them.`);
  return toPerson(p);
}
