// The contract's people and face methods over the people service.
import type { Handlers } from '../../shared/rpc.js';
import { embeddingOf } from '../db/repos/face.repo.js';
import { queryFromImage, searchByFace } from '../people/face-search.js';
import type { SmartAlbum } from '../smart-album.js';

export const peopleHandlers = (app: SmartAlbum) =>
  ({
    'people.list': ({ includeHidden }) => app.people.list(includeHidden),
    'people.get': ({ id }) => app.people.details(id),
    'people.rename': ({ id, name }) => {
      app.people.rename(id, name);
      return app.people.get(id);
    },
    'people.hide': ({ id, hidden }) => {
      app.people.hide(id, hidden);
      return app.people.get(id);
    },
    'people.merge': ({ into, from }) => {
      app.people.merge(into, from);
      return app.people.get(into);
    },
    'faces.move': ({ faceId, personId }) => app.people.get(app.people.moveFace(faceId, personId)),
    'faces.remove': ({ faceId }) => {
      app.people.removeFace(faceId);
      return app.people.faceInfo(faceId);
    },
    'faces.notAFace': ({ faceId }) => {
      app.people.notAFace(faceId);
      return app.people.faceInfo(faceId);
    },
    'faces.isAFace': ({ faceId, personId }) => {
      app.people.isAFace(faceId, personId);
      return app.people.faceInfo(faceId);
    },
    'faces.search': async (input) => {
      let query: Float32Array;
      let personId: number | null = null;
      let queryLow = false;
      if ('faceId' in input) {
        const face = app.people.face(input.faceId);
        query = embeddingOf(face);
        personId = face.person_id;
        queryLow = face.quality_ok !== 1;
      } else ({ embedding: query, low: queryLow } = await queryFromImage(app.vision, input.imagePath));
      return searchByFace(app.catalog, app.people, query, { personId, limit: input.limit, queryLow }).map((m) => ({
        photo: app.photos.get(m.photoId),
        faceId: m.faceId,
        personId: m.personId,
        confidence: m.confidence,
      }));
    },
    'people.suggestions': () => ({ merges: app.people.mergeSuggestions() }),
    'people.threshold.get': () => ({ threshold: app.people.threshold() }),
    'people.threshold.set': ({ threshold }) => {
      app.people.setThreshold(threshold);
      return { threshold };
    },
  }) satisfies Partial<Handlers>;
