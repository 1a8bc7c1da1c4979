import type { ModelSpec } from './manifest.js';

/**
 * Interleaved 8-bit RGB pixels -> planar float32 in the model's colour order and normalisation
 * ((value - mean) / std), written into `out` at `offset`. One pass; the hot loop of every model input.
 */
export function toPlanar(pixels: Uint8Array, count: number, input: ModelSpec['input'], out: Float32Array, offset = 0): Float32Array {
  const bgr = input.colorOrder === 'BGR';
  const [m0, m1, m2] = input.mean;
  const [k0, k1, k2] = input.std.map((s) => 1 / s) as [number, number, number];
  const p0 = offset;
  const p1 = offset + count;
  const p2 = offset + 2 * count;
  for (let i = 0, j = 0; i < count; i++, j += 3) {
    const r = pixels[j]!;
    const g = pixels[j + 1]!;
    const b = pixels[j + 2]!;
    out[p0 + i] = ((bgr ? b : r) - m0) * k0;
    out[p1 + i] = (g - m1) * k1;
    out[p2 + i] = ((bgr ? r : b) - m2) * k2;
  }
  return out;
}
