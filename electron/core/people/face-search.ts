// Search by face: every photo of the person in a given face, ranked by match confidence. The query
// is a face of the catalog or the largest face of any image file (which is not added to the library).
import path from 'node:path';
import { AppError } from '../../shared/errors.js';
import type { Catalog } from '../catalog.js';
import { embeddingOf } from '../db/repos/face.repo.js';
import { decodeQueryImage } from '../media/query-image.js';
import { cosine } from '../vision/face-embedder.js';
import type { Grade } from '../vision/face-grade.js';
import type { VisionService } from '../vision/vision.service.js';
import { matchProbability } from './calibration.js';
import { lowThreshold, type PeopleService } from './people.service.js';

export interface FaceMatch {
  photoId: number;
  faceId: number;
  personId: number | null;
  confidence: number;
}

/**
 * The query face of an image file (a person's clear face before a blurred one, the largest of those) and
 * whether it is low-grade: a low-grade query is held to the stricter rules of searchByFace.
 */
export async function queryFromImage(vision: VisionService, file: string): Promise<{ embedding: Float32Array; low: boolean }> {
  const decoded = await decodeQueryImage(file);
  const faces = await vision.faces(decoded.working, decoded.width);
  if (!faces.length) throw new AppError('NOT_FOUND', `No face found in "${path.basename(file)}". Try a photo where the face is larger and sharper.`);
  const face = pickQueryFace(faces, (f) => ({ personId: null, grade: f.grade ?? (f.qualityOk ? 'good' : 'low'), area: f.w * f.h }))!;
  return { embedding: face.embedding, low: !face.qualityOk };
}

/**
 * The face of a photo to search with: one that belongs to someone, else a clear one before a blurred one before an
 * implausible one; the largest of those. Undefined when there is none.
 */
export function pickQueryFace<F>(faces: F[], look: (f: F) => { personId: number | null; grade: Grade; area: number }): F | undefined {
  const rank = (f: F) => {
    const { personId, grade } = look(f);
    return personId !== null ? 0 : grade === 'good' ? 1 : grade === 'low' ? 2 : 3;
  };
  return [...faces].sort((a, b) => rank(a) - rank(b) || look(b).area - look(a).area)[0];
}

/**
 * Ranks every catalogued face against the query, low-grade ones included: a good face at or above the
 * threshold matches, a low-grade one at the stricter confidence it needs to join a person (a blurred
 * stranger must not crowd the first results); so does every face already in the query face's person.
 * A low-grade query is held to the same: it matches good faces at the stricter confidence, and other
 * low-grade faces not at all (tiny, blurred, dark faces look alike whoever they are: on the harder
 * face set such pairs of different people matched at 99%). One entry per photo, best first.
 */
export function searchByFace(
  catalog: Catalog,
  people: PeopleService,
  query: Float32Array,
  opts: { personId?: number | null; limit: number; queryLow?: boolean },
): FaceMatch[] {
  if (!people.calibration) throw new AppError('UNAVAILABLE', 'Face matching has no calibration in models/manifest.json.');
  const threshold = people.threshold();
  const strict = lowThreshold(threshold);
  const best = new Map<number, FaceMatch>();
  for (const f of catalog.people.clusterable()) {
    const p = matchProbability(people.calibration, cosine(embeddingOf(f), query));
    const samePerson = opts.personId != null && f.person_id === opts.personId;
    if (!samePerson && opts.queryLow && f.quality_ok !== 1) continue;
    if (p < (f.quality_ok === 1 && !opts.queryLow ? threshold : strict) && !samePerson) continue;
    const m = { photoId: f.photo_id, faceId: f.id, personId: f.person_id, confidence: samePerson ? Math.max(p, f.match_confidence ?? p) : p };
    const prev = best.get(f.photo_id);
    if (!prev || m.confidence > prev.confidence) best.set(f.photo_id, m);
  }
  return [...best.values()].sort((a, b) => b.confidence - a.confidence).slice(0, opts.limit);
}
