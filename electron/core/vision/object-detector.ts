// COCO object detection with NanoDet-m: letterboxed input, GFL heads at strides 8/16/32 decoded
// (class maps are already sigmoid; each box side is a softmax over reg_max + 1 = 8 bins whose
// expectation times the stride is the distance from the cell centre), then per-class NMS.
import sharp from 'sharp';
import * as ort from 'onnxruntime-node';
import type { RawImage } from '../media/decode.js';
import type { ModelSpec } from './manifest.js';
import type { ModelRegistry } from './model-registry.js';
import { iou, type Box } from './box.js';
import { toPlanar } from './tensor.js';

/** Below this a detection is not kept (NanoDet's own demo uses 0.35-0.4). */
export const MIN_OBJECT_SCORE = 0.35;
const NMS_IOU = 0.5;
const STRIDES = [8, 16, 32] as const;
const BINS = 8; // reg_max 7
/** Most objects kept per photo: a crowd is still a crowd with 50 boxes. */
const MAX_OBJECTS = 50;

export interface DetectedObject extends Box {
  /** COCO class index (0-79) and its name */
  classId: number;
  label: string;
  score: number;
}

/** Per-class non-maximum suppression, best first. */
export function nmsByClass<T extends Box & { score: number; classId: number }>(found: T[], threshold = NMS_IOU): T[] {
  const kept: T[] = [];
  for (const o of [...found].sort((a, b) => b.score - a.score)) {
    if (kept.every((k) => k.classId !== o.classId || iou(k, o) <= threshold)) kept.push(o);
  }
  return kept;
}

/** The expectation of a softmax over `BINS` values starting at `at`. */
function expectation(v: Float32Array, at: number): number {
  let max = -Infinity;
  for (let i = 0; i < BINS; i++) max = Math.max(max, v[at + i]!);
  let sum = 0;
  let acc = 0;
  for (let i = 0; i < BINS; i++) {
    const e = Math.exp(v[at + i]! - max);
    sum += e;
    acc += e * i;
  }
  return acc / sum;
}

/**
 * Raw outputs -> boxes in input pixels. The outputs are picked by shape, not by name (the 320 export
 * names them wrongly): [cells, classes] class maps and [cells, 32] box maps, the stride from the cell count.
 */
export function decodeNanoDet(
  out: Record<string, { data: unknown; dims: readonly number[] }>,
  size: number,
  labels: string[],
  minScore = MIN_OBJECT_SCORE,
): DetectedObject[] {
  const classes = labels.length;
  const byCells = new Map<number, { cls?: Float32Array; box?: Float32Array }>();
  for (const t of Object.values(out)) {
    const cells = t.dims[t.dims.length - 2]!;
    const last = t.dims[t.dims.length - 1]!;
    const entry = byCells.get(cells) ?? {};
    if (last === classes) entry.cls = t.data as Float32Array;
    else if (last === 4 * BINS) entry.box = t.data as Float32Array;
    byCells.set(cells, entry);
  }
  const found: DetectedObject[] = [];
  for (const s of STRIDES) {
    const cols = Math.ceil(size / s);
    const { cls, box } = byCells.get(cols * cols) ?? {};
    if (!cls || !box) throw new Error(`NanoDet output for stride ${s} (${cols * cols} cells) is missing`);
    for (let i = 0; i < cols * cols; i++) {
      let best = 0;
      let classId = -1;
      for (let c = 0; c < classes; c++) {
        const v = cls[i * classes + c]!;
        if (v > best) [best, classId] = [v, c];
      }
      if (best < minScore) continue;
      const cx = (i % cols) * s + (s - 1) / 2;
      const cy = Math.floor(i / cols) * s + (s - 1) / 2;
      const [l, t, r, b] = [0, 1, 2, 3].map((k) => expectation(box, i * 4 * BINS + k * BINS) * s) as [number, number, number, number];
      found.push({ x: cx - l, y: cy - t, w: l + r, h: t + b, classId, label: labels[classId] ?? `class ${classId}`, score: best });
    }
  }
  return nmsByClass(found).slice(0, MAX_OBJECTS);
}

/** The detector's input: the image letterboxed into size x size (longest side fitted, bottom/right padded). */
export async function objectDetectorInput(
  spec: ModelSpec,
  img: RawImage,
): Promise<{ tensor: ort.Tensor; size: number; w: number; h: number }> {
  const size = spec.input.size?.[0] ?? 416;
  const scale = size / Math.max(img.width, img.height);
  const w = Math.max(1, Math.min(size, Math.round(img.width * scale)));
  const h = Math.max(1, Math.min(size, Math.round(img.height * scale)));
  const { data } = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: img.channels } })
    .resize(w, h, { fit: 'fill', kernel: 'linear' })
    .extend({ right: size - w, bottom: size - h, background: '#000000' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const input = toPlanar(data, size * size, spec.input, new Float32Array(3 * size * size));
  return { tensor: new ort.Tensor('float32', input, [1, 3, size, size]), size, w, h };
}

/** Objects in the image, boxes as fractions of its width and height (clipped to the photo). */
export async function detectObjects(registry: ModelRegistry, spec: ModelSpec, img: RawImage): Promise<DetectedObject[]> {
  const { tensor, size, w, h } = await objectDetectorInput(spec, img);
  const session = await registry.session(spec);
  const out = await session.run({ [spec.input.name]: tensor });
  return decodeNanoDet(out as Record<string, ort.Tensor>, size, registry.labels(spec)).flatMap((o) => {
    const x0 = Math.max(0, o.x) / w;
    const y0 = Math.max(0, o.y) / h;
    const x1 = Math.min(w, o.x + o.w) / w;
    const y1 = Math.min(h, o.y + o.h) / h;
    return x1 > x0 && y1 > y0 ? [{ ...o, x: x0, y: y0, w: x1 - x0, h: y1 - y0 }] : [];
  });
}
