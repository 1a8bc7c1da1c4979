// Every detected face is graded and stored with its grade (faces.quality_ok):
//   1  good: may found a person, represent one and join one at the threshold (as before);
//   0  low (small, blurred, dark, turned, in profile): joins an existing person only with a stricter confidence
//      and a clear margin over the runner-up, never founds or represents one (PeopleService);
//  -1  not a person: landmarks no face could have, or a face inside an animal's box; kept so the
//      photo still shows the detection, but left out of people and search.
import { ARCFACE_TEMPLATE, similarityTransform } from './face-align.js';
import type { Box } from './box.js';
import type { ModelSpec } from './manifest.js';

export const QUALITY = {
  /** face width in pixels of the original photo */
  minSizePx: 40,
  minScore: 0.8,
  /** variance of the Laplacian on the 112 px aligned face; sharp portraits measure in the thousands */
  minSharpness: 60,
} as const;

/** Worst fit of the 5 landmarks to the face template (RMS, in 112 px template pixels) a real face shows. */
export const MAX_LANDMARK_RESIDUAL = 14;

/**
 * How far the nose tip may sit from the eyes' midpoint, along the eye line, in eye distances, for a face
 * to be good. Frontal faces measure about 0; the nose's depth makes it about 0.5 x tan(yaw), so 0.5 is
 * a head turned about 45 degrees. Beyond it the embedding is mostly of the profile, and profiles of
 * different people match closely (a real library: a violinist and a girl, both in profile, matched at
 * 98% and founded a person that then gathered flowers, a hand and a roof).
 */
export const MAX_YAW_RATIO = 0.5;

import type { Grade } from './face-grade.js';
export { GRADE, type Grade } from './face-grade.js';

export function passesQuality(f: { sizePx: number; score: number; sharpness: number }): boolean {
  return f.sizePx >= QUALITY.minSizePx && f.score >= QUALITY.minScore && f.sharpness >= QUALITY.minSharpness;
}

/**
 * How far 5 landmarks (any pixel frame) are from a face: the RMS distance, in template pixels, after
 * the best similarity (rotation, scale, shift; no mirror) onto the ArcFace template. A real face
 * turned up to ~45° fits within a few pixels; a mirrored or scrambled set (a dog's muzzle read as a
 * face, a pattern) does not.
 */
export function landmarkResidual(landmarks: [number, number][]): number {
  if (landmarks.length !== 5) return Infinity;
  const [a, b, tx, ty] = similarityTransform(landmarks, ARCFACE_TEMPLATE);
  if (!(a * a + b * b > 0)) return Infinity;
  let sum = 0;
  landmarks.forEach(([x, y], i) => {
    const [u, v] = ARCFACE_TEMPLATE[i]!;
    sum += (a * x - b * y + tx - u) ** 2 + (b * x + a * y + ty - v) ** 2;
  });
  return Math.sqrt(sum / 5);
}

/** The nose tip's offset from the eyes' midpoint along the eye line, in eye distances (YuNet order: eyes, nose, mouth). */
export function yawRatio(landmarks: [number, number][]): number {
  const [e1, e2, n] = landmarks;
  if (!e1 || !e2 || !n) return Infinity;
  const [vx, vy] = [e2[0] - e1[0], e2[1] - e1[1]];
  const len2 = vx * vx + vy * vy;
  if (!(len2 > 0)) return Infinity;
  const [mx, my] = [(e1[0] + e2[0]) / 2, (e1[1] + e2[1]) / 2];
  return Math.abs(((n[0] - mx) * vx + (n[1] - my) * vy) / len2);
}

/** A face whose centre lies inside a confident animal box is an animal's. Boxes in one frame (fractions or pixels). */
export function insideAnimal(face: Box, animals: (Box & { score: number })[], minScore = 0.4): boolean {
  const cx = face.x + face.w / 2;
  const cy = face.y + face.h / 2;
  return animals.some((a) => a.score >= minScore && cx >= a.x && cx <= a.x + a.w && cy >= a.y && cy <= a.y + a.h);
}

/**
 * How far past its embedder's limits for turned faces a face's embedding lies (models/manifest.json
 * "turned", see manifest.ts): above 0, the face was most likely found lying on its side or upside down,
 * and its embedding is not of the person. 0 when the embedder has no such fit.
 */
export function turnedness(embedder: Pick<ModelSpec, 'turned'>, embedding: Float32Array): number {
  let worst = -Infinity;
  for (const t of embedder.turned?.turns ?? []) {
    if (t.prototype.length !== embedding.length) continue;
    let dot = 0;
    for (let i = 0; i < embedding.length; i++) dot += embedding[i]! * t.prototype[i]!;
    worst = Math.max(worst, dot - t.maxCosine);
  }
  return worst === -Infinity ? 0 : worst;
}

/**
 * The grade of a detected face; landmarks in pixels of the image it was detected in. turned:
 * turnedness(), above 0 for a face found on its side or upside down (low: it may join its person only at
 * the stricter confidence; turning the photo in the viewer lets the models see it upright).
 */
export function gradeFace(f: { sizePx: number; score: number; sharpness: number; landmarks: [number, number][]; turned?: number }): Grade {
  if (landmarkResidual(f.landmarks) > MAX_LANDMARK_RESIDUAL) return 'notAPerson';
  return passesQuality(f) && yawRatio(f.landmarks) <= MAX_YAW_RATIO && !((f.turned ?? 0) > 0) ? 'good' : 'low';
}

/** COCO's animals: a detector "face" at the centre of one of these boxes is that animal's face. */
const ANIMALS = new Set(['bird', 'cat', 'dog', 'horse', 'sheep', 'cow', 'elephant', 'bear', 'zebra', 'giraffe']);

/**
 * Faces inside an animal's box graded not-a-person (so a dog's face never joins or founds a person,
 * nor counts for People), unless a person box at least as sure holds the face too (a child hugging
 * a dog). Boxes as fractions of the photo, as both stages store them.
 */
export function markFacesInAnimals<F extends Box & { qualityOk: boolean; grade?: Grade }>(
  faces: F[],
  objects: (Box & { label: string; score: number })[],
): F[] {
  const animals = objects.filter((o) => ANIMALS.has(o.label));
  if (!animals.length) return faces;
  const people = objects.filter((o) => o.label === 'person');
  return faces.map((f) => {
    const animal = animals.filter((a) => insideAnimal(f, [a]));
    if (!animal.length) return f;
    const best = Math.max(...animal.map((a) => a.score));
    if (people.some((p) => p.score >= best && insideAnimal(f, [p], 0))) return f;
    return { ...f, grade: 'notAPerson' as const, qualityOk: false };
  });
}
