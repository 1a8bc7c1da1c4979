// Deterministic pseudo-random SE-ResNeXt-50 state dicts, the same values as
// test/fixtures/seresnext-reference/make_reference.py (fill() there): the ONNX builder is checked
// against a PyTorch forward pass computed from exactly these numbers.
import { expectedTensors } from '../../electron/core/vision/builder/seresnext-layout.js';
import { writeSafetensors } from '../../electron/core/vision/builder/safetensors.js';

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(s, 'utf8')) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h;
}

/** u in [0, 1): a lowbias32 hash of (element index, FNV-1a of the name). */
export function uniform(name: string, count: number): Float64Array {
  const seed = fnv1a(name);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    let x = (Math.imul(i, 0x9e3779b1) + seed) >>> 0;
    x ^= x >>> 16;
    x = Math.imul(x, 0x7feb352d) >>> 0;
    x ^= x >>> 15;
    x = Math.imul(x, 0x846ca68b) >>> 0;
    x ^= x >>> 16;
    out[i] = (x >>> 0) / 4294967296; // ^ gives int32: back to unsigned
  }
  return out;
}

export function fill(name: string, shape: number[]): Float32Array {
  const u = uniform(name, shape.reduce((a, x) => a * x, 1));
  const out = new Float32Array(u.length);
  const fanIn = shape.slice(1).reduce((a, x) => a * x, 1);
  const bound = Math.sqrt(6 / fanIn);
  for (let i = 0; i < u.length; i++) {
    const v = u[i]!;
    if (name.endsWith('running_var')) out[i] = 0.5 + v;
    else if (name.endsWith('running_mean') || name.endsWith('.bias')) out[i] = 0.2 * (v - 0.5);
    else if (shape.length === 1) out[i] = 0.5 + 0.5 * v;
    else out[i] = (2 * v - 1) * bound;
  }
  return out;
}

/** Writes a synthetic seresnext50_32x4d state dict (≈110 MB) as safetensors. */
export function writeSyntheticSeResNeXt(file: string, transform?: (name: string, shape: number[]) => number[] | null): void {
  const tensors = [];
  for (const e of expectedTensors()) {
    const shape = transform ? transform(e.name, e.shape) : e.shape;
    if (shape) tensors.push({ name: e.name, shape, data: fill(e.name, shape) });
  }
  writeSafetensors(file, tensors, { format: 'pt', note: 'synthetic test weights' });
}
