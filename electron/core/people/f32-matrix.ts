// Rows of float32 vectors in WebAssembly memory, dotted with a query by a 128-bit SIMD kernel
// (4 lanes per instruction): ~4x a JavaScript loop, and synchronous, so people can be assigned inside
// the photo's SQLite transaction (onnxruntime's matmul, as in search/matvec.ts, is async only).
// The kernel is a few dozen hand-assembled bytes (the WebAssembly binary format, SIMD proposal as
// shipped in Node >= 16), so no tool-chain or dependency is needed.

const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
};
const section = (id: number, bytes: number[]) => [id, ...uleb(bytes.length), ...bytes];
const name = (s: string) => [...uleb(s.length), ...[...s].map((c) => c.charCodeAt(0))];

/** dots(query, rows, n, rowBytes, out): out[i] = sum_k rows[i][k] * query[k], for rowBytes a multiple of 64. */
function kernelBytes(): Uint8Array {
  const [Q, ROWS, N, ROWB, OUT, J, ACC] = [0, 1, 2, 3, 4, 5, 6]; // ACC..ACC+3: four accumulators
  const get = (i: number) => [0x20, i];
  const set = (i: number) => [0x21, i];
  const lane = (l: number) => [...get(ACC), 0xfd, 0x1f, l];
  const load = (base: number, offset: number) => [...get(base), ...get(J), 0x6a, 0xfd, 0x00, 0x02, offset];
  const F32X4_MUL = [0xfd, 0xe6, 0x01];
  const F32X4_ADD = [0xfd, 0xe4, 0x01];
  // four independent sums, so the adds of one do not wait for the previous one's
  const step = (a: number) => [...get(ACC + a), ...load(ROWS, 16 * a), ...load(Q, 16 * a), ...F32X4_MUL, ...F32X4_ADD, ...set(ACC + a)];
  const zero = (a: number) => [0xfd, 0x0c, ...new Array<number>(16).fill(0), ...set(ACC + a)];
  const body = [
    0x02, 0x01, 0x7f, 0x04, 0x7b, // locals: j i32, 4 x v128
    0x02, 0x40, 0x03, 0x40, // block, loop (one row per turn)
    ...get(N), 0x45, 0x0d, 0x01, // n == 0: done
    ...zero(0), ...zero(1), ...zero(2), ...zero(3),
    0x41, 0x00, ...set(J),
    0x03, 0x40, // loop over the row, 16 floats at a time
    ...step(0), ...step(1), ...step(2), ...step(3),
    ...get(J), 0x41, 0xc0, 0x00, 0x6a, 0x22, J, ...get(ROWB), 0x49, 0x0d, 0x00, // j += 64; j < rowBytes: again
    0x0b,
    ...get(ACC), ...get(ACC + 1), ...F32X4_ADD, ...get(ACC + 2), ...F32X4_ADD, ...get(ACC + 3), ...F32X4_ADD, ...set(ACC),
    ...get(OUT), ...lane(0), ...lane(1), 0x92, ...lane(2), 0x92, ...lane(3), 0x92, 0x38, 0x02, 0x00, // *out = sum of lanes
    ...get(OUT), 0x41, 0x04, 0x6a, ...set(OUT),
    ...get(ROWS), ...get(ROWB), 0x6a, ...set(ROWS),
    ...get(N), 0x41, 0x01, 0x6b, ...set(N),
    0x0c, 0x00, 0x0b, 0x0b, 0x0b,
  ];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [0x01, 0x60, 0x05, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x00]),
    ...section(3, [0x01, 0x00]),
    ...section(5, [0x01, 0x00, 0x01]),
    ...section(7, [0x02, ...name('mem'), 0x02, 0x00, ...name('dots'), 0x00, 0x00]),
    ...section(10, [0x01, ...uleb(body.length), ...body]),
  ]);
}

// The few WebAssembly names used here (the project's lib settings carry no WebAssembly types).
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let compiled: object | null = null;
const PAGE = 65536;
/** the query lives at 0; rows start here */
const ROWS_AT = 4096;
const MAX_DIM = ROWS_AT / 4;

/** A growable matrix of `dim`-float rows (at most 1024; stored padded to a multiple of 16) with one-call dot products. */
export class F32Matrix {
  private readonly memory: WasmMemory;
  private readonly kernel: (q: number, rows: number, n: number, rowBytes: number, out: number) => void;
  private f32: Float32Array;
  private capacity = 0;
  /** floats per stored row: dim padded with zeros to the kernel's 16 */
  private readonly stride: number;
  rows = 0;

  constructor(
    readonly dim: number,
    initialRows = 256,
  ) {
    if (!(dim > 0 && dim <= MAX_DIM)) throw new Error(`F32Matrix: dimension ${dim} must be between 1 and ${MAX_DIM}`);
    this.stride = Math.ceil(dim / 16) * 16;
    compiled ??= new wasm.Module(kernelBytes());
    const instance = new wasm.Instance(compiled, {});
    this.memory = instance.exports.mem as WasmMemory;
    this.kernel = instance.exports.dots as F32Matrix['kernel'];
    this.f32 = new Float32Array(this.memory.buffer);
    this.reserve(initialRows);
  }

  /** Room for at least `rows` rows (and their scores). */
  reserve(rows: number): void {
    if (rows <= this.capacity) return;
    const capacity = Math.max(rows, this.capacity * 2);
    const bytes = ROWS_AT + capacity * this.stride * 4 + capacity * 4;
    const pages = Math.ceil(bytes / PAGE) - this.memory.buffer.byteLength / PAGE;
    if (pages > 0) this.memory.grow(pages);
    this.f32 = new Float32Array(this.memory.buffer);
    this.capacity = capacity;
  }

  /** Row r as a live view (valid until the next reserve). */
  row(r: number): Float32Array {
    const at = ROWS_AT / 4 + r * this.stride;
    return this.f32.subarray(at, at + this.dim);
  }

  set(r: number, v: Float32Array, sign = 1): void {
    const at = ROWS_AT / 4 + r * this.stride;
    if (sign === 1) this.f32.set(v, at);
    else for (let k = 0; k < this.dim; k++) this.f32[at + k] = sign * v[k]!;
  }

  /** Adds sign * v to row r. */
  add(r: number, v: Float32Array, sign = 1): void {
    const at = ROWS_AT / 4 + r * this.stride;
    for (let k = 0; k < this.dim; k++) this.f32[at + k]! += sign * v[k]!;
  }

  /** q . row for the n rows from `first` (a view, valid until the next call). */
  dots(q: Float32Array, n = this.rows, first = 0): Float32Array {
    const out = ROWS_AT + this.capacity * this.stride * 4;
    this.f32.set(q.subarray(0, this.dim), 0); // the padding after it stays zero
    this.kernel(0, ROWS_AT + first * this.stride * 4, n, this.stride * 4, out);
    return this.f32.subarray(out / 4, out / 4 + n);
  }
}
