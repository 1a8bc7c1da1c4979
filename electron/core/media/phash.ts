// DCT perceptual hash (the classic pHash): 32x32 grey -> 2-D DCT -> the 8x8 lowest frequencies
// compared with their median -> 64 bits as 16 hex chars. Computed from the already decoded
// working image, so the file is not decoded a second time.
import type { RawImage } from './decode.js';

const N = 32;
const COS: Float64Array = (() => {
  const t = new Float64Array(N * N);
  for (let k = 0; k < N; k++) for (let n = 0; n < N; n++) t[k * N + n] = Math.cos(((2 * n + 1) * k * Math.PI) / (2 * N));
  return t;
})();

export function phashFromGrey32(grey: Uint8Array): string {
  if (grey.length !== N * N) throw new Error(`phash needs a ${N}x${N} grey image`);
  // rows then columns, only the 8 lowest frequencies are needed in each direction
  const rows = new Float64Array(N * 8);
  for (let y = 0; y < N; y++) {
    for (let u = 0; u < 8; u++) {
      let s = 0;
      for (let x = 0; x < N; x++) s += grey[y * N + x]! * COS[u * N + x]!;
      rows[y * 8 + u] = s;
    }
  }
  const coeffs = new Float64Array(64);
  for (let v = 0; v < 8; v++) {
    for (let u = 0; u < 8; u++) {
      let s = 0;
      for (let y = 0; y < N; y++) s += rows[y * 8 + u]! * COS[v * N + y]!;
      coeffs[v * 8 + u] = s;
    }
  }
  // the DC term says only how bright the picture is: leave it out of the median
  const median = Array.from(coeffs.subarray(1)).sort((a, b) => a - b)[31]!;
  let hex = '';
  for (let i = 0; i < 64; i += 4) {
    let nibble = 0;
    for (let b = 0; b < 4; b++) nibble = (nibble << 1) | (coeffs[i + b]! > median ? 1 : 0);
    hex += nibble.toString(16);
  }
  return hex;
}

/** Area-average to 32x32 luma in plain JS: cheaper than another libvips pipeline for a small image. */
export function grey32(img: RawImage): Uint8Array {
  const { data, width, height, channels } = img;
  // each cell covers at least one source pixel, so images under 32 px on a side work too
  const span = (i: number, size: number): [number, number] => {
    const a = Math.floor((i * size) / N);
    return [a, Math.max(a + 1, Math.floor(((i + 1) * size) / N))];
  };
  const out = new Uint8Array(N * N);
  for (let cy = 0; cy < N; cy++) {
    const [y0, y1] = span(cy, height);
    for (let cx = 0; cx < N; cx++) {
      const [x0, x1] = span(cx, width);
      let sum = 0;
      for (let y = y0; y < y1; y++) {
        for (let x = x0, i = (y * width + x0) * channels; x < x1; x++, i += channels) {
          sum += 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!;
        }
      }
      out[cy * N + cx] = Math.round(sum / ((y1 - y0) * (x1 - x0)));
    }
  }
  return out;
}

export function phashOf(img: RawImage): string {
  return phashFromGrey32(grey32(img));
}

export function hammingDistance(a: string, b: string): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) {
    let x = parseInt(a[i]!, 16) ^ parseInt(b[i]!, 16);
    while (x) {
      d += x & 1;
      x >>= 1;
    }
  }
  return d;
}
