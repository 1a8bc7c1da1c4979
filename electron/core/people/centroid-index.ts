// Every person's centroid (sum of representative embeddings) in one contiguous matrix, so finding
// the people nearest a face is one tight loop over memory instead of a walk over objects.
export class CentroidIndex {
  private data: Float32Array;
  private invNorm: Float32Array;
  private ids: number[] = [];
  private readonly row = new Map<number, number>();

  constructor(
    readonly dim = 128,
    capacity = 256,
  ) {
    this.data = new Float32Array(capacity * dim);
    this.invNorm = new Float32Array(capacity);
  }

  get size(): number {
    return this.ids.length;
  }

  /** Adds an embedding (times sign: -1 takes a replaced one out) to a person's sum (creating the row on first use). */
  add(id: number, e: Float32Array, sign = 1): void {
    let r = this.row.get(id);
    if (r === undefined) {
      r = this.ids.length;
      if ((r + 1) * this.dim > this.data.length) this.grow();
      this.ids.push(id);
      this.row.set(id, r);
    }
    const base = r * this.dim;
    let norm = 0;
    for (let k = 0; k < this.dim; k++) {
      const v = (this.data[base + k]! += sign * e[k]!);
      norm += v * v;
    }
    this.invNorm[r] = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  }

  /** The k people whose mean direction is closest to q (cosine), skipping those `skip` rules out. */
  nearest(q: Float32Array, k: number, skip: (id: number) => boolean): number[] {
    const best: { id: number; s: number }[] = [];
    const { data, dim, invNorm, ids } = this;
    for (let r = 0; r < ids.length; r++) {
      const base = r * dim;
      let s = 0;
      for (let j = 0; j < dim; j++) s += data[base + j]! * q[j]!;
      s *= invNorm[r]!;
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

  private grow(): void {
    const next = new Float32Array(this.data.length * 2);
    next.set(this.data);
    this.data = next;
    const inv = new Float32Array(this.invNorm.length * 2);
    inv.set(this.invNorm);
    this.invNorm = inv;
  }
}
