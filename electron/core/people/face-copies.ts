// Copies of one photo (saved twice, re-encoded, resized, renamed) hold copies of one face: their
// embeddings are near-identical and their photos' perceptual hashes (nearly) equal. Two such faces
// match each other at ~100%, yet they are one sighting of one face, not two photos of a person; so
// copies count once when waiting faces found a person (PeopleService.tryFormPerson). They may still
// join a person that exists, as any face that matches it.
import { hammingDistance } from '../media/phash.js';
import { iou, type Box } from '../vision/box.js';
import { cosine } from '../vision/face-embedder.js';

/**
 * Embedding cosine at or above which two faces are copies of one face. Measured on the fixtures:
 * copies of a portrait re-encoded (q70, q40), resized (1/2, 1/4), cropped 90% or brightened score
 * 0.937-0.999 with the original; two different photos of one person at most 0.881 (every such pair
 * of faces/people, faces/deepface and bald_guys), different people at most 0.38.
 */
export const COPY_COSINE = 0.95;
/**
 * Photos whose pHashes (64 bits) differ in at most this many bits are one picture (as near-duplicates
 * are in search/similar.ts): re-encoded and resized copies differ in 0-2 bits. Their faces are copies
 * when they also match closely (the resized copies under COPY_COSINE), never when the faces merely
 * share a plain layout.
 */
export const COPY_PHASH_DISTANCE = 6;
export const COPY_PHASH_COSINE = 0.9;
/**
 * In one picture (pHashes within COPY_PHASH_DISTANCE), faces whose boxes (fractions of the photo) overlap
 * this much are the same face whatever their embeddings say: a copy shrunk to a quarter turns a 229 px
 * face into 80 px and its cosine with the original falls to 0.61-0.88 (camera sample photos and their
 * 800 px copies in one library founded five "people" of one face each).
 */
export const COPY_BOX_IOU = 0.8;

export interface Sighting {
  emb: Float32Array;
  /** the photo's perceptual hash (16 hex digits), null before it is known */
  phash: string | null;
  /** where the face is, as fractions of the photo (absent: not compared) */
  box?: Box;
}

export function copiesOfOneFace(a: Sighting, b: Sighting): boolean {
  const c = cosine(a.emb, b.emb);
  if (c >= COPY_COSINE) return true;
  const onePicture = a.phash !== null && b.phash !== null && hammingDistance(a.phash, b.phash) <= COPY_PHASH_DISTANCE;
  if (!onePicture) return false;
  return c >= COPY_PHASH_COSINE || (!!a.box && !!b.box && iou(a.box, b.box) >= COPY_BOX_IOU);
}

/** How many different faces a group holds when copies of one face count once. */
export function distinctFaces(group: Sighting[]): number {
  const counted: Sighting[] = [];
  for (const f of group) if (!counted.some((c) => copiesOfOneFace(c, f))) counted.push(f);
  return counted.length;
}
