import * as ort from 'onnxruntime-node';
import { ALIGNED_SIZE } from './face-align.js';
import type { ModelSpec } from './manifest.js';
import type { ModelRegistry } from './model-registry.js';
import { toPlanar } from './tensor.js';

export const EMBEDDING_DIM = 128;

export function l2normalize(v: Float32Array): Float32Array {
  let s = 0;
  for (const x of v) s += x * x;
  const n = Math.sqrt(s) || 1;
  return v.map((x) => x / n);
}

export function cosine(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** One batch for all the faces of a photo; each result L2-normalised (cosine = dot product). */
export function embedderInput(spec: ModelSpec, aligned: Uint8Array[]): ort.Tensor {
  const plane = ALIGNED_SIZE * ALIGNED_SIZE;
  const input = new Float32Array(aligned.length * 3 * plane);
  aligned.forEach((face, f) => toPlanar(face, plane, spec.input, input, f * 3 * plane));
  return new ort.Tensor('float32', input, [aligned.length, 3, ALIGNED_SIZE, ALIGNED_SIZE]);
}

export async function embedFaces(registry: ModelRegistry, spec: ModelSpec, aligned: Uint8Array[]): Promise<Float32Array[]> {
  if (!aligned.length) return [];
  const session = await registry.session(spec);
  const batched = await session.run({ [spec.input.name]: embedderInput(spec, aligned) });
  const all = batched[spec.output.name]!.data as Float32Array;
  const dim = all.length / aligned.length;
  return aligned.map((_, f) => l2normalize(all.slice(f * dim, (f + 1) * dim)));
}
