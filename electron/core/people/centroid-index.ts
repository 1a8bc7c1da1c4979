// Every person's centroid (sum of representative embeddings) in one contiguous matrix, so finding
// the people nearest a face is one SIMD pass over memory (F32Matrix) instead of a walk over objects.
import { F32Matrix } from './f32-matrix.js';

export class CentroidIndex {
  private matrix: F32Matrix | null = null;
  private invNorm = new Float32Array(256);
  private ids: number[] = [];
  private readonly row = new Map<number, number>();

  get size(): number {
    return this.ids.length;
  }

  /** Adds an embedding (times sign: -1 takes a replaced one out) to a person's sum (creating the row on first use). */
  add(id: number, e: Float32Array, sign = 1): void {
    this.matrix ??= new F32Matrix(e.length);
    let r = this.row.get(id);
    if (r === undefined) {
      r = this.ids.length;
      this.matrix.reserve(r + 1);
      if (r >= this.invNorm.length) {
        const inv = new Float32Array(this.invNorm.length * 2);
        inv.set(this.invNorm);
        this.invNorm = inv;
      }
      this.matrix.set(r, new Float32Array(e.length));
      this.ids.push(id);
      this.row.set(id, r);
      this.matrix.rows = this.ids.length;
    }
    this.matrix.add(r, e, sign);
    const v = this.matrix.row(r);
    let norm = 0;
    for (let k = 0; k < v.length; k++) norm += v[k]! * v[k]!;
    this.invNorm[r] = norm > 1e-12 ? 1 / Math.sqrt(norm) : 0;
  }

  /** The k people whose mean direction is closest to q (cosine), skipping those `skip` rules out. */
  nearest(q: Float32Array, k: number, skip: (id: number) => boolean): number[] {
    if (!this.matrix || !this.ids.length) return [];
    const best: { id: number; s: number }[] = [];
    const { invNorm, ids } = this;
    const dots = this.matrix.dots(q, ids.length);
    for (let r = 0; r < ids.length; r++) {
      const s = dots[r]! * invNorm[r]!;
      if (best.length === k && s <= best[k - 1]!.s) continue;
      const id = ids[r]!;
      if (skip(id)) continue;
      let i = best.length < k ? best.length : k - 1;
      best[i] = { id, s };
      while (i > 0 && best[i - 1]!.s < s) {
        best[i] = best[i - 1]!;
        best[i - 1] = { id, s };
        i--;
      }
    }
    return best.map((b) => b.id);
  }
}
