// Search by image and duplicate finding.
//  - near-duplicates: perceptual hash (64-bit DCT pHash of the small thumbnail) within a Hamming distance;
//  - visually similar: the classifier's pooled CNN features (L2-normalised, int8 in the catalog),
//    narrowed to the query's predicted category first, then ranked by cosine similarity;
//  - library duplicate groups: exact (same content hash), near (pHash) and similar (features, for
//    photos taken within minutes of each other: bursts and retakes), each with a suggested best copy.
import type { Catalog } from '../catalog.js';
import { decodeQueryImage } from '../media/query-image.js';
import { phashOf } from '../media/phash.js';
import { smallImage } from '../media/thumbnails.js';
import type { VisionService } from '../vision/vision.service.js';
import { quantize, type FeatureRow } from '../db/repos/feature.repo.js';
import type { ChangeTracker } from '../db/repos/generation.repo.js';
import { dotAll } from './matvec.js';
import { AppError } from '../../shared/errors.js';
import { fileSize } from '../../shared/file-size.js';

/** pHash distance (of 64 bits) at or under which two photos are near-duplicates. */
export const NEAR_DISTANCE = 6;
/**
 * Feature cosine under which two photos are not near-duplicates whatever their pHash: the hash sees
 * only the brightness layout, so a text page and a gradient, or two flat pictures of different
 * colours, can hash alike (copies, resized or re-encoded, measure 0.99; EXIF-turned copies 0.89).
 */
export const NEAR_COSINE = 0.85;
/** feature cosine at or over which two photos taken close together are "similar" */
export const SIMILAR_COSINE = 0.9;
const SIMILAR_WINDOW_MS = 10 * 60_000;

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
const hashWords = (hex: string): [number, number] => [parseInt(hex.slice(0, 8), 16) >>> 0, parseInt(hex.slice(8, 16), 16) >>> 0];

/** The current classifier's vectors, sorted by primary category so each category is one contiguous block. */
interface VectorIndex {
  generation: number;
  model: string;
  dims: number;
  ids: Int32Array;
  scales: Float32Array;
  /** int8 values stored as uint8 (+128), row after row */
  rows: Uint8Array;
  categories: (string | null)[];
  /** category -> [first row, end row) */
  blocks: Map<string | null, [number, number]>;
  row: Map<number, number>;
}

/** An index over rows already grouped by category (feature.repo.ts orders them so). */
function buildIndex(rows: FeatureRow[], model: string, generation: number): VectorIndex {
  const dims = rows[0]?.vector.length ?? 0;
  const matrix = new Uint8Array(rows.length * dims + 4);
  const blocks = new Map<string | null, [number, number]>();
  const ids = new Int32Array(rows.length);
  const scales = new Float32Array(rows.length);
  const row = new Map<number, number>();
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    matrix.set(r.vector, i * dims);
    ids[i] = r.photo_id;
    scales[i] = r.scale;
    row.set(r.photo_id, i);
    const b = blocks.get(r.category);
    if (b) b[1] = i + 1;
    else blocks.set(r.category, [i, i + 1]);
  }
  // int8 -> uint8 + 128, four bytes at a time
  const words = new Uint32Array(matrix.buffer, 0, Math.ceil((rows.length * dims) / 4));
  for (let i = 0; i < words.length; i++) words[i] = (words[i]! ^ 0x80808080) >>> 0;
  return { generation, model, dims, ids, scales, rows: matrix.subarray(0, rows.length * dims), categories: rows.map((r) => r.category), blocks, row };
}

/** The best `k` of `scores` (descending), without sorting all of them. */
function topK(scores: Float32Array, k: number, skip: (i: number) => boolean): number[] {
  const best: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    if (best.length === k && scores[i]! <= scores[best[k - 1]!]!) continue;
    if (skip(i)) continue;
    let j = best.length < k ? best.length : k - 1;
    while (j > 0 && scores[best[j - 1]!]! < scores[i]!) {
      if (j < k) best[j] = best[j - 1]!;
      j--;
    }
    best[j] = i;
  }
  return best;
}

export interface SimilarQuery {
  phash: string;
  features: Float32Array | null;
  category: string | null;
}

export interface SimilarResult {
  /** how the query was understood */
  query: { category: string | null; model: string | null };
  nearDuplicates: { photoId: number; distance: number }[];
  similar: { photoId: number; score: number }[];
  /** the category the similar search was narrowed to, or null when it searched everything */
  narrowedTo: string | null;
}

export interface DuplicateGroup {
  kind: 'exact' | 'near' | 'similar';
  photoIds: number[];
  best: number;
  why: string;
}

/**
 * Groups around leaders: the photo with the most near ones leads, and takes those of them not in a
 * group yet; then the next. Every member is near its leader, so a chain of each-a-bit-different
 * pictures (A near B near C, A far from C) does not become one group to clean up in one click.
 */
export function starGroups(neighbours: ReadonlyMap<number, ReadonlySet<number>>): number[][] {
  const order = [...neighbours.keys()].sort((a, b) => neighbours.get(b)!.size - neighbours.get(a)!.size || a - b);
  const grouped = new Set<number>();
  const out: number[][] = [];
  for (const lead of order) {
    if (grouped.has(lead)) continue;
    const members = [lead, ...[...neighbours.get(lead)!].filter((id) => !grouped.has(id))];
    if (members.length < 2) continue;
    members.forEach((id) => grouped.add(id));
    out.push(members);
  }
  return out;
}

class UnionFind {
  private readonly parent = new Map<number, number>();
  find(x: number): number {
    let p = this.parent.get(x) ?? x;
    if (p !== x) {
      p = this.find(p);
      this.parent.set(x, p);
    }
    return p;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(Math.max(ra, rb), Math.min(ra, rb));
  }
  groups(ids: Iterable<number>): number[][] {
    const out = new Map<number, number[]>();
    for (const id of ids) {
      const r = this.find(id);
      out.set(r, [...(out.get(r) ?? []), id]);
    }
    return [...out.values()].filter((g) => g.length > 1);
  }
}

export class SimilarService {
  private index: VectorIndex | null = null;
  private readonly partial = new Map<string, VectorIndex>();
  private warming = false;
  private readonly changes: ChangeTracker;

  constructor(
    private readonly catalog: Catalog,
    private readonly vision: () => VisionService,
  ) {
    this.changes = catalog.generation.tracker();
  }

  /** The vectors of the current classifier, loaded once and reloaded when the catalog's features change. */
  private vectors(): VectorIndex | null {
    const model = this.vision().classifier?.id;
    if (!model) return null;
    const fresh = this.fresh(model);
    if (fresh) return fresh;
    this.index = buildIndex(this.catalog.features.all(model), model, this.catalog.features.generation);
    this.partial.clear();
    return this.index;
  }

  /** The loaded index if it is still the catalog's, else null (and forgets it). */
  private fresh(model: string): VectorIndex | null {
    const gen = this.catalog.features.generation;
    if (this.changes.changed()) {
      // another process (the indexer) committed: its vectors may be new
      this.index = null;
      this.partial.clear();
    }
    if (this.index && (this.index.generation !== gen || this.index.model !== model)) this.index = null;
    return this.index;
  }

  /**
   * Cold start (issue 11): before the whole index is loaded (1.2 s for 100k 512-d vectors), a query
   * with a category is answered from that category's vectors alone, read on their own; the whole
   * index loads after the answer (warmLater), off the query's path.
   */
  private categoryBlock(model: string, category: string): VectorIndex | null {
    if (this.fresh(model)) return null;
    const gen = this.catalog.features.generation;
    let b = this.partial.get(category);
    if (!b || b.generation !== gen || b.model !== model) {
      b = buildIndex(this.catalog.features.inCategory(model, category), model, gen);
      this.partial.set(category, b);
    }
    return b;
  }

  /** Loads the whole index once the current query has answered (its continuation runs before setImmediate). */
  private warmLater(): void {
    if (this.warming) return;
    this.warming = true;
    setImmediate(() => {
      this.warming = false;
      try {
        this.vectors();
      } catch {
        /* the catalog closed meanwhile: the next query loads it */
      }
    });
  }

  private vectorOf(idx: VectorIndex, row: number): Float32Array {
    return Float32Array.from(idx.rows.subarray(row * idx.dims, (row + 1) * idx.dims), (u) => (u - 128) * idx.scales[row]!);
  }

  /** Ranks stored vectors by cosine with `features`: within `category` when it has enough photos, else all. */
  async rankSimilar(features: Float32Array, category: string | null, limit: number, exclude?: number): Promise<{ items: { photoId: number; score: number }[]; narrowedTo: string | null }> {
    const model = this.vision().classifier?.id;
    const block = model && category && !this.fresh(model) ? this.categoryBlock(model, category) : null;
    const idx = block && block.ids.length - (exclude !== undefined && block.row.has(exclude) ? 1 : 0) >= Math.min(limit, 3) ? block : this.vectors();
    if (!idx || !idx.dims) return { items: [], narrowedTo: null };
    if (features.length !== idx.dims) throw new AppError('INVALID_INPUT', `The query has ${features.length} features; the catalog's have ${idx.dims}.`);
    const { q, scale } = quantize(features);
    const range = category ? idx.blocks.get(category) : undefined;
    const narrowed = !!range && range[1] - range[0] - (exclude !== undefined && idx.categories[idx.row.get(exclude) ?? -1] === category ? 1 : 0) >= Math.min(limit, 3);
    const [start, end] = narrowed ? range! : [0, idx.ids.length];
    const dots = await dotAll(idx.rows.subarray(start * idx.dims, end * idx.dims), end - start, idx.dims, q);
    const scores = new Float32Array(dots.length);
    for (let i = 0; i < dots.length; i++) scores[i] = dots[i]! * scale * idx.scales[start + i]!;
    const best = topK(scores, limit, (i) => idx.ids[start + i] === exclude);
    if (idx === block) this.warmLater();
    return { items: best.map((i) => ({ photoId: idx.ids[start + i]!, score: scores[i]! })), narrowedTo: narrowed ? category : null };
  }

  nearDuplicates(phash: string, maxDistance = NEAR_DISTANCE, exclude?: number): { photoId: number; distance: number }[] {
    const [qa, qb] = hashWords(phash);
    const rows = this.catalog.photos.phashes();
    const out: { photoId: number; distance: number }[] = [];
    for (const r of rows) {
      if (r.id === exclude) continue;
      const [a, b] = hashWords(r.phash);
      const d = popcount((a ^ qa) >>> 0) + popcount((b ^ qb) >>> 0);
      if (d <= maxDistance) out.push({ photoId: r.id, distance: d });
    }
    return out.sort((x, y) => x.distance - y.distance || x.photoId - y.photoId);
  }

  /** What a query image is: its pHash, features and predicted category (any file, in the library or not). */
  async describe(file: string): Promise<SimilarQuery> {
    const decoded = await decodeQueryImage(file);
    const phash = phashOf(await smallImage(decoded.working));
    const vision = this.vision();
    const c = vision.classifyVersion() ? await vision.classify(decoded.working).catch(() => null) : null;
    return { phash, features: c?.features ?? null, category: c?.categories.find((x) => x.primary)?.category ?? c?.categories[0]?.category ?? null };
  }

  async searchByImage(file: string, limit = 50): Promise<SimilarResult> {
    return this.search(await this.describe(file), limit);
  }

  /** The same search from a catalogued photo. */
  async searchByPhoto(photoId: number, limit = 50): Promise<SimilarResult> {
    const row = this.catalog.photos.get(photoId);
    if (!row?.phash) throw new AppError('NOT_FOUND', `Photo #${photoId} is not indexed yet.`);
    const idx = this.vectors();
    const i = idx?.row.get(photoId) ?? -1;
    const features = idx && i >= 0 ? this.vectorOf(idx, i) : null;
    return this.search({ phash: row.phash, features, category: idx && i >= 0 ? idx.categories[i]! : null }, limit, photoId);
  }

  private async search(q: SimilarQuery, limit: number, exclude?: number): Promise<SimilarResult> {
    const similar = q.features ? await this.rankSimilar(q.features, q.category, limit, exclude) : { items: [], narrowedTo: null };
    return {
      query: { category: q.category, model: q.features ? (this.vision().classifier?.id ?? null) : null },
      nearDuplicates: this.nearDuplicates(q.phash, NEAR_DISTANCE, exclude).slice(0, limit),
      similar: similar.items,
      narrowedTo: similar.narrowedTo,
    };
  }

  /** Duplicate groups of the whole library, exact → near → similar, each photo in one group at most. */
  duplicates(): DuplicateGroup[] {
    const rows = this.catalog.photos.duplicateCandidates();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const taken = new Set<number>();
    const out: DuplicateGroup[] = [];
    const emit = (kind: DuplicateGroup['kind'], groups: number[][]) => {
      for (const g of groups) {
        const ids = g.filter((id) => !taken.has(id));
        if (ids.length < 2) continue;
        ids.forEach((id) => taken.add(id));
        out.push({ kind, photoIds: ids.sort((a, b) => a - b), ...this.best(ids.map((id) => byId.get(id)!)) });
      }
    };

    // exact: the same bytes
    const exact = new UnionFind();
    const firstOf = new Map<string, number>();
    for (const r of rows) {
      if (!r.content_hash) continue;
      const f = firstOf.get(r.content_hash);
      if (f === undefined) firstOf.set(r.content_hash, r.id);
      else exact.union(f, r.id);
    }
    emit('exact', exact.groups(rows.map((r) => r.id)));

    const idx = this.vectors();
    const cosine = (a: number, b: number) => {
      let s = 0;
      const oa = a * idx!.dims;
      const ob = b * idx!.dims;
      for (let d = 0; d < idx!.dims; d++) s += (idx!.rows[oa + d]! - 128) * (idx!.rows[ob + d]! - 128);
      return s * idx!.scales[a]! * idx!.scales[b]!;
    };
    /** alike to the classifier too, where it has seen both */
    const alike = (a: number, b: number) => {
      const [ra, rb] = [idx?.row.get(a), idx?.row.get(b)];
      return ra === undefined || rb === undefined || cosine(ra, rb) >= NEAR_COSINE;
    };

    // near: pHash within NEAR_DISTANCE; 4 chunks of 16 bits, so a pair within 7 bits shares a chunk
    // exactly or differs in it by one bit: probe each chunk's value and its 16 one-bit neighbours
    const near = new Map<number, Set<number>>();
    const link = (a: number, b: number) => {
      for (const [x, y] of [[a, b], [b, a]] as const) near.set(x, (near.get(x) ?? new Set()).add(y));
    };
    const words = new Map<number, [number, number]>();
    const buckets = Array.from({ length: 4 }, () => new Map<number, number[]>());
    const chunk = (w: [number, number], k: number) => (k < 2 ? w[0] >>> (16 * (1 - k)) : w[1] >>> (16 * (3 - k))) & 0xffff;
    for (const r of rows) {
      // a GIF's hash is of its first frame: one made from photos is not a copy of the first of them
      if (!r.phash || taken.has(r.id) || r.format === 'gif') continue;
      const w = hashWords(r.phash);
      words.set(r.id, w);
      for (let k = 0; k < 4; k++) {
        const key = chunk(w, k);
        buckets[k]!.set(key, [...(buckets[k]!.get(key) ?? []), r.id]);
      }
    }
    for (const [id, w] of words) {
      for (let k = 0; k < 4; k++) {
        const key = chunk(w, k);
        for (let bit = -1; bit < 16; bit++) {
          for (const other of buckets[k]!.get(bit < 0 ? key : key ^ (1 << bit)) ?? []) {
            if (other <= id) continue;
            const o = words.get(other)!;
            if (popcount((w[0] ^ o[0]) >>> 0) + popcount((w[1] ^ o[1]) >>> 0) <= NEAR_DISTANCE && alike(id, other)) link(id, other);
          }
        }
      }
    }
    emit('near', starGroups(near));

    // similar: high feature cosine among photos taken within minutes of each other
    if (idx?.dims) {
      const similar = new UnionFind();
      const pos = idx.row;
      const timed = rows
        .filter((r) => r.taken_at && pos.has(r.id) && !taken.has(r.id) && r.format !== 'gif')
        .map((r) => ({ id: r.id, t: Date.parse(`${r.taken_at!.slice(0, 19)}Z`) }))
        .filter((r) => Number.isFinite(r.t))
        .sort((a, b) => a.t - b.t);
      for (let i = 0; i < timed.length; i++) {
        for (let j = i + 1; j < timed.length && timed[j]!.t - timed[i]!.t <= SIMILAR_WINDOW_MS; j++) {
          if (cosine(pos.get(timed[i]!.id)!, pos.get(timed[j]!.id)!) >= SIMILAR_COSINE) similar.union(timed[i]!.id, timed[j]!.id);
        }
      }
      emit('similar', similar.groups(timed.map((t) => t.id)));
    }
    return out;
  }

  /** The copy to keep: most pixels, then the larger file, then the richer metadata, then the first seen. */
  private best(group: { id: number; width: number; height: number; size: number; date_source: string | null; gps_lat: number | null; camera_model: string | null; first_seen_at: number }[]): {
    best: number;
    why: string;
  } {
    const meta = (r: (typeof group)[number]) => (r.date_source === 'exif' ? 1 : 0) + (r.gps_lat !== null ? 1 : 0) + (r.camera_model ? 1 : 0);
    const sorted = [...group].sort((a, b) => b.width * b.height - a.width * a.height || b.size - a.size || meta(b) - meta(a) || a.first_seen_at - b.first_seen_at || a.id - b.id);
    const [b, next] = [sorted[0]!, sorted[1]!];
    const why =
      b.width * b.height > next.width * next.height
        ? `highest resolution (${b.width}x${b.height})`
        : b.size > next.size
          ? `largest file (${fileSize(b.size)})`
          : meta(b) > meta(next)
            ? 'most complete metadata (date, GPS, camera)'
            : 'first added to the library';
    return { best: b.id, why };
  }
}
