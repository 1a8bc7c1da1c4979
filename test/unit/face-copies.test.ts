// Which faces count as copies of one face when waiting faces found a person (people/face-copies.ts).
import { describe, expect, it } from 'vitest';
import { copiesOfOneFace, distinctFaces } from '../../electron/core/people/face-copies.js';
import { l2normalize } from '../../electron/core/vision/face-embedder.js';

/** A unit vector at cosine c from e0 (in the e0-e1 plane). */
const at = (c: number) => {
  const v = new Float32Array(128);
  v[0] = c;
  v[1] = Math.sqrt(1 - c * c);
  return l2normalize(v);
};
const PH = 'f0f0f0f0f0f0f0f0';
const NEAR = 'f0f0f0f0f0f0f0f3'; // 2 bits apart
const FAR = '0f0f0f0f0f0f0f0f'; // 64 bits apart

describe('copies of one face', () => {
  it('near-identical embeddings are one face, whatever the photos', () => {
    expect(copiesOfOneFace({ emb: at(1), phash: PH }, { emb: at(0.99), phash: FAR })).toBe(true);
    expect(copiesOfOneFace({ emb: at(1), phash: null }, { emb: at(0.96), phash: null })).toBe(true);
  });

  it('two photos of a person are two faces, unless the photos are one picture', () => {
    expect(copiesOfOneFace({ emb: at(1), phash: PH }, { emb: at(0.93), phash: FAR })).toBe(false);
    expect(copiesOfOneFace({ emb: at(1), phash: PH }, { emb: at(0.93), phash: NEAR })).toBe(true);
    expect(copiesOfOneFace({ emb: at(1), phash: PH }, { emb: at(0.93), phash: null })).toBe(false);
  });

  it('a shared plain layout alone does not make faces copies', () => {
    expect(copiesOfOneFace({ emb: at(1), phash: PH }, { emb: at(0.7), phash: PH })).toBe(false);
  });

  it('counts each face once however many copies it has', () => {
    const a = { emb: at(1), phash: PH };
    expect(distinctFaces([a, { ...a }, { emb: at(0.995), phash: FAR }])).toBe(1);
    expect(distinctFaces([a, { ...a }, { emb: at(0.7), phash: FAR }])).toBe(2);
    expect(distinctFaces([])).toBe(0);
  });
});

describe('copies of one face shrunk a lot', () => {
  const box = { x: 0.4, y: 0.2, w: 0.1, h: 0.15 };
  it('in one picture, a face at the same place is the same face even when shrinking moved its embedding far', () => {
    // a 229 px face and its 80 px copy: cosine 0.61-0.88 in a real library, pHash equal, boxes equal
    expect(copiesOfOneFace({ emb: at(1), phash: PH, box }, { emb: at(0.61), phash: NEAR, box: { ...box, x: 0.401 } })).toBe(true);
    expect(distinctFaces([{ emb: at(1), phash: PH, box }, { emb: at(0.8), phash: PH, box }])).toBe(1);
  });
  it('another face of the same picture, or the same place in another picture, is another face', () => {
    expect(copiesOfOneFace({ emb: at(1), phash: PH, box }, { emb: at(0.8), phash: PH, box: { ...box, x: 0.6 } })).toBe(false);
    expect(copiesOfOneFace({ emb: at(1), phash: PH, box }, { emb: at(0.8), phash: FAR, box })).toBe(false);
  });
});
