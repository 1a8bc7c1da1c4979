// ImageNet classification from the decoded working image: resize the short side (256), centre-crop
// (224), the model's own colour order and normalisation, then top-5 labels.
import sharp from 'sharp';
import * as ort from 'onnxruntime-node';
import type { RawImage } from '../media/decode.js';
import type { ModelSpec } from './manifest.js';
import type { ModelRegistry } from './model-registry.js';
import type { Prediction } from '../db/repos/category.repo.js';
import { toPlanar } from './tensor.js';
import { l2normalize } from './face-embedder.js';

export type { Prediction };

export async function preprocess(img: RawImage, spec: ModelSpec): Promise<Float32Array> {
  const [w, h] = spec.input.size ?? [224, 224];
  const short = spec.input.resizeShortSide ?? Math.max(w, h);
  const scale = short / Math.min(img.width, img.height);
  const rw = Math.max(w, Math.round(img.width * scale));
  const rh = Math.max(h, Math.round(img.height * scale));
  const { data } = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: img.channels } })
    .resize(rw, rh, { fit: 'fill', kernel: 'linear' }) // bilinear, as torchvision-style preprocessing does
    .extract({ left: Math.floor((rw - w) / 2), top: Math.floor((rh - h) / 2), width: w, height: h })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return toPlanar(data, w * h, spec.input, new Float32Array(3 * w * h));
}

/** The whole photo squeezed to the model's input size (no crop): the second view of a classifier. */
export async function preprocessWhole(img: RawImage, spec: ModelSpec): Promise<Float32Array> {
  const [w, h] = spec.input.size ?? [224, 224];
  const { data } = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: img.channels } })
    .resize(w, h, { fit: 'fill', kernel: 'linear' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return toPlanar(data, w * h, spec.input, new Float32Array(3 * w * h));
}

export function softmax(x: Float32Array): Float32Array {
  let max = -Infinity;
  for (const v of x) max = Math.max(max, v);
  const out = new Float32Array(x.length);
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += out[i] = Math.exp(x[i]! - max);
  for (let i = 0; i < x.length; i++) out[i]! /= sum;
  return out;
}

export function topK(probs: Float32Array, labels: string[], k = 5): Prediction[] {
  const idx = Array.from(probs.keys()).sort((a, b) => probs[b]! - probs[a]!).slice(0, k);
  return idx.map((i) => ({ index: i, label: labels[i] ?? `class ${i}`, confidence: probs[i]! }));
}

/** A classifier's output as the app uses it: 1000 ImageNet probabilities (a background output dropped, the rest renormalised). */
export function imagenetProbabilities(raw: Float32Array, spec: ModelSpec): Float32Array {
  let probs = spec.output.activation === 'softmax' ? softmax(raw) : Float32Array.from(raw);
  const bg = spec.output.backgroundIndex;
  if (bg !== undefined) {
    probs = Float32Array.from([...probs.subarray(0, bg), ...probs.subarray(bg + 1)]);
    let sum = 0;
    for (const v of probs) sum += v;
    if (sum > 0) for (let i = 0; i < probs.length; i++) probs[i]! /= sum;
  }
  return probs;
}

export interface ClassifierOutput {
  /** the 5 most likely labels (stored with the photo) */
  top: Prediction[];
  /** every label's probability: categories sum mass over the whole distribution */
  probs: Float32Array;
  /** L2-normalised pooled features when the model exposes them (similar photos) */
  features: Float32Array | null;
}

/** The classifier's input: one image per view of the photo, in one batch. */
export async function classifierInput(img: RawImage, spec: ModelSpec): Promise<ort.Tensor> {
  const [w, h] = spec.input.size ?? [224, 224];
  const views = spec.input.views ?? ['centre-crop'];
  const batch = new Float32Array(views.length * 3 * w * h);
  for (const [i, view] of views.entries()) {
    batch.set(await (view === 'whole' ? preprocessWhole(img, spec) : preprocess(img, spec)), i * 3 * w * h);
  }
  return new ort.Tensor('float32', batch, [views.length, 3, h, w]);
}

export async function classify(registry: ModelRegistry, spec: ModelSpec, img: RawImage): Promise<ClassifierOutput> {
  const session = await registry.session(spec);
  const views = spec.input.views ?? ['centre-crop'];
  const result = await session.run({ [spec.input.name]: await classifierInput(img, spec) });
  const raw = result[spec.output.name]?.data as Float32Array | undefined;
  if (!raw) throw new Error(`model ${spec.id} gave no output "${spec.output.name}"`);
  // each view's distribution, averaged: what one view cuts off or misreads, the other may not
  const per = raw.length / views.length;
  const probs = new Float32Array(per - (spec.output.backgroundIndex === undefined ? 0 : 1));
  for (let v = 0; v < views.length; v++) {
    const p = imagenetProbabilities(raw.subarray(v * per, (v + 1) * per), spec);
    for (let i = 0; i < probs.length; i++) probs[i]! += p[i]! / views.length;
  }
  // features of the first view only: "similar photos" compares like with like
  const pooled = spec.output.features ? (result[spec.output.features]?.data as Float32Array | undefined) : undefined;
  const dims = pooled ? pooled.length / views.length : 0;
  const features = pooled ? l2normalize(Float32Array.from(pooled.subarray(0, dims))) : null;
  return { top: topK(probs, registry.labels(spec)), probs, features };
}
