// Search by image, face-aware (issue 11): when the dropped or chosen image holds a face that matches
// a person at or above the calibrated threshold, the first block is that person's photos ("Photos of
// Anna"); a face that matches catalogued faces of no person gives "Photos with this face". Then come
// the near-duplicates and similar photos of search/similar.ts. Lives above search/ and people/ (the
// layering keeps those two apart), as smart-album.ts does.
import { embeddingOf } from './db/repos/face.repo.js';
import { pickQueryFace, queryFromImage, searchByFace } from './people/face-search.js';
import { gradeOf } from './vision/face-grade.js';
import type { SmartAlbum } from './smart-album.js';
import type { SimilarResult } from './search/similar.js';

export interface FaceBlock {
  title: string;
  personId: number | null;
  items: { photoId: number; confidence: number }[];
}

export class ImageSearchService {
  constructor(private readonly app: SmartAlbum) {}

  async byImage(file: string, limit: number): Promise<SimilarResult & { faces: FaceBlock | null }> {
    const [similar, query] = await Promise.all([this.app.similar.searchByImage(file, limit), this.faceOf(file)]);
    return { ...similar, faces: query ? this.block(query.embedding, query.low, null, limit) : null };
  }

  async byPhoto(photoId: number, limit: number): Promise<SimilarResult & { faces: FaceBlock | null }> {
    const similar = await this.app.similar.searchByPhoto(photoId, limit);
    const faces = this.app.catalog.faces.forPhoto(photoId).filter((f) => f.not_a_face === 0);
    const face = pickQueryFace(faces, (f) => ({ personId: f.person_id, grade: gradeOf(f.quality_ok), area: f.w * f.h }));
    return { ...similar, faces: face ? this.block(embeddingOf(face), face.quality_ok !== 1, face.person_id, limit, photoId) : null };
  }

  private async faceOf(file: string): Promise<{ embedding: Float32Array; low: boolean } | null> {
    if (!this.app.people.calibration || this.app.vision.facesProblem) return null;
    return queryFromImage(this.app.vision, file).catch(() => null); // no face: an ordinary similar search
  }

  /** queryLow: the query face is low-grade, so it is held to searchByFace's stricter rules (as faces.search does) */
  private block(query: Float32Array, queryLow: boolean, knownPerson: number | null, limit: number, exclude?: number): FaceBlock | null {
    if (!this.app.people.calibration) return null;
    const matches = searchByFace(this.app.catalog, this.app.people, query, { personId: knownPerson, limit: 10_000, queryLow }).filter((m) => m.photoId !== exclude);
    // the person most of the best matches belong to, weighed by confidence
    const weight = new Map<number, number>();
    for (const m of matches) if (m.personId !== null) weight.set(m.personId, (weight.get(m.personId) ?? 0) + m.confidence);
    const personId = knownPerson ?? [...weight.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
    if (personId !== null) {
      const person = this.app.people.person(personId);
      if (person.hidden) return null;
      const conf = new Map(matches.filter((m) => m.personId === personId).map((m) => [m.photoId, m.confidence]));
      // faces like the query first (by their match with it), then the rest of the person's photos
      const items = this.app.catalog.people
        .photos(personId)
        .filter((r) => r.photo_id !== exclude)
        .map((r) => ({ photoId: r.photo_id, confidence: conf.get(r.photo_id) ?? 0 }))
        .sort((a, b) => b.confidence - a.confidence)
        .slice(0, limit);
      return { title: `Photos of ${person.name ?? `person ${personId}`}`, personId, items };
    }
    if (!matches.length) return null;
    return { title: 'Photos with this face', personId: null, items: matches.slice(0, limit).map((m) => ({ photoId: m.photoId, confidence: m.confidence })) };
  }
}

const services = new WeakMap<SmartAlbum, ImageSearchService>();
/** The engine's one image search (it keeps nothing itself; the caches are the similar and people services'). */
export function imageSearchOf(app: SmartAlbum): ImageSearchService {
  let s = services.get(app);
  if (!s) services.set(app, (s = new ImageSearchService(app)));
  return s;
}
