// The safetensors format: 8-byte little-endian header length, a JSON header naming each tensor's
// dtype, shape and byte range, then the raw data. Read without loading the whole file.
import fs from 'node:fs';
import { AppError } from '../../../shared/errors.js';

export type DType = 'F32' | 'F16' | 'BF16' | 'I64' | 'F64';
const BYTES: Record<DType, number> = { F32: 4, F16: 2, BF16: 2, I64: 8, F64: 8 };

export interface TensorInfo {
  dtype: DType;
  shape: number[];
  /** absolute byte range in the file */
  begin: number;
  end: number;
}

export interface SafetensorsFile {
  path: string;
  tensors: Map<string, TensorInfo>;
  metadata: Record<string, string>;
}

const MAX_HEADER = 100 * 1024 * 1024;

export function readSafetensorsHeader(file: string): SafetensorsFile {
  const bad = (why: string) => new AppError('INVALID_INPUT', `${file} is not a usable safetensors file: ${why}.`);
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    if (size < 8) throw bad('it is too short');
    const lenBuf = Buffer.alloc(8);
    fs.readSync(fd, lenBuf, 0, 8, 0);
    const len = Number(lenBuf.readBigUInt64LE(0));
    if (len <= 0 || len > MAX_HEADER || 8 + len > size) throw bad(`its header length (${len}) does not fit the file (${size} bytes)`);
    const headerBuf = Buffer.alloc(len);
    fs.readSync(fd, headerBuf, 0, len, 8);
    let header: Record<string, unknown>;
    try {
      header = JSON.parse(headerBuf.toString('utf8')) as Record<string, unknown>;
    } catch {
      throw bad('its header is not JSON');
    }
    const tensors = new Map<string, TensorInfo>();
    const dataStart = 8 + len;
    let metadata: Record<string, string> = {};
    for (const [name, value] of Object.entries(header)) {
      if (name === '__metadata__') {
        metadata = (value ?? {}) as Record<string, string>;
        continue;
      }
      const v = value as { dtype?: string; shape?: number[]; data_offsets?: [number, number] };
      if (!v || typeof v.dtype !== 'string' || !Array.isArray(v.shape) || !Array.isArray(v.data_offsets)) throw bad(`tensor "${name}" has no dtype, shape or data_offsets`);
      if (!(v.dtype in BYTES)) throw bad(`tensor "${name}" has unsupported dtype ${v.dtype}`);
      const dtype = v.dtype as DType;
      const [b, e] = v.data_offsets;
      const count = v.shape.reduce((a, x) => a * x, 1);
      if (e - b !== count * BYTES[dtype]) throw bad(`tensor "${name}" has ${e - b} bytes for shape [${v.shape}] of ${dtype}`);
      if (dataStart + e > size) throw bad(`tensor "${name}" runs past the end of the file (truncated download?)`);
      tensors.set(name, { dtype, shape: v.shape, begin: dataStart + b, end: dataStart + e });
    }
    return { path: file, tensors, metadata };
  } finally {
    fs.closeSync(fd);
  }
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

/** A tensor's values as float32 (F16 and BF16 are widened). */
export function readTensor(st: SafetensorsFile, name: string): Float32Array {
  const t = st.tensors.get(name);
  if (!t) throw new AppError('NOT_FOUND', `${st.path} has no tensor "${name}".`);
  const buf = Buffer.alloc(t.end - t.begin);
  const fd = fs.openSync(st.path, 'r');
  try {
    fs.readSync(fd, buf, 0, buf.length, t.begin);
  } finally {
    fs.closeSync(fd);
  }
  const n = t.shape.reduce((a, x) => a * x, 1);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    switch (t.dtype) {
      case 'F32': out[i] = buf.readFloatLE(i * 4); break;
      case 'F64': out[i] = buf.readDoubleLE(i * 8); break;
      case 'F16': out[i] = halfToFloat(buf.readUInt16LE(i * 2)); break;
      case 'BF16': out[i] = new Float32Array(new Uint32Array([buf.readUInt16LE(i * 2) << 16]).buffer)[0]!; break;
      case 'I64': out[i] = Number(buf.readBigInt64LE(i * 8)); break;
    }
  }
  return out;
}

/** Writes a safetensors file (used by tests and to cache converted weights). */
export function writeSafetensors(file: string, tensors: { name: string; shape: number[]; data: Float32Array }[], metadata: Record<string, string> = {}): void {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const t of tensors) {
    header[t.name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  let json = Buffer.from(JSON.stringify(header));
  const pad = (8 - (json.length % 8)) % 8;
  json = Buffer.concat([json, Buffer.alloc(pad, 0x20)]);
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, len);
    fs.writeSync(fd, json);
    for (const t of tensors) fs.writeSync(fd, Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength));
  } finally {
    fs.closeSync(fd);
  }
}
