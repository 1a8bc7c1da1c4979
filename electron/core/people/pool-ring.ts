// The most recent waiting faces (the ones a new face may found a person with), in one ring of
// embeddings so comparing a face with all of them is one SIMD pass (F32Matrix), not a loop in JS.
import { F32Matrix } from './f32-matrix.js';

export interface RingFace {
  id: number;
  photoId: number;
  emb: Float32Array;
}

export class PoolRing<T extends RingFace = RingFace> {
  private matrix: F32Matrix | null = null;
  private readonly faces: T[] = [];
  /** faces ever pushed; the slot of the next is pushed % size */
  private pushed = 0;

  constructor(readonly size: number) {}

  push(face: T): void {
    this.matrix ??= new F32Matrix(face.emb.length, Math.min(this.size, 1024));
    const slot = this.pushed % this.size;
    this.matrix.reserve(slot + 1);
    this.matrix.set(slot, face.emb);
    this.faces[slot] = face;
    this.pushed++;
  }

  /** Calls fn with each face in the ring whose dot product with q is at least min, oldest first. */
  each(q: Float32Array, min: number, fn: (face: T, dot: number) => void): void {
    const n = Math.min(this.pushed, this.size);
    if (!this.matrix || !n) return;
    const dots = this.matrix.dots(q, n);
    const start = this.pushed > this.size ? this.pushed % this.size : 0;
    for (let i = 0; i < n; i++) {
      const slot = (start + i) % this.size;
      if (dots[slot]! >= min) fn(this.faces[slot]!, dots[slot]!);
    }
  }
}
