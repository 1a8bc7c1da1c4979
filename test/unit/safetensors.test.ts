import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSafetensorsHeader, readTensor, writeSafetensors } from '../../electron/core/vision/builder/safetensors.js';
import { expectedTensors, validateStateDict } from '../../electron/core/vision/builder/seresnext-layout.js';
import { tempDir } from '../helpers/temp.js';

/** A safetensors file with these F32 tensors whose data is all zeros (a sparse file: no disk used). */
function sparseStateDict(file: string, tensors: { name: string; shape: number[] }[]): void {
  const header: Record<string, unknown> = {};
  let offset = 0;
  for (const t of tensors) {
    const bytes = t.shape.reduce((a, x) => a * x, 1) * 4;
    header[t.name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  const json = Buffer.from(JSON.stringify(header));
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  fs.writeFileSync(file, Buffer.concat([len, json]));
  fs.truncateSync(file, 8 + json.length + offset);
}

describe('safetensors', () => {
  it('round-trips tensors and reads F16 and BF16 as float32', () => {
    const dir = tempDir('st');
    const file = path.join(dir, 'a.safetensors');
    const a = Float32Array.from([1.5, -2, 3.25, 0]);
    writeSafetensors(file, [{ name: 'a', shape: [2, 2], data: a }, { name: 'b', shape: [1], data: Float32Array.from([7]) }], { format: 'pt' });
    const st = readSafetensorsHeader(file);
    expect(st.metadata).toEqual({ format: 'pt' });
    expect(st.tensors.get('a')?.shape).toEqual([2, 2]);
    expect(Array.from(readTensor(st, 'a'))).toEqual([1.5, -2, 3.25, 0]);
    expect(Array.from(readTensor(st, 'b'))).toEqual([7]);

    // half precision: 1.0 = 0x3c00, -2.0 = 0xc000; bfloat16: 1.0 = 0x3f80, 3.0 = 0x4040
    const header = Buffer.from(JSON.stringify({ h: { dtype: 'F16', shape: [2], data_offsets: [0, 4] }, b: { dtype: 'BF16', shape: [2], data_offsets: [4, 8] } }));
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(header.length));
    const data = Buffer.alloc(8);
    data.writeUInt16LE(0x3c00, 0);
    data.writeUInt16LE(0xc000, 2);
    data.writeUInt16LE(0x3f80, 4);
    data.writeUInt16LE(0x4040, 6);
    const half = path.join(dir, 'h.safetensors');
    fs.writeFileSync(half, Buffer.concat([len, header, data]));
    const hs = readSafetensorsHeader(half);
    expect(Array.from(readTensor(hs, 'h'))).toEqual([1, -2]);
    expect(Array.from(readTensor(hs, 'b'))).toEqual([1, 3]);
  });

  it('refuses truncated and malformed files with a reason', () => {
    const dir = tempDir('st-bad');
    const file = path.join(dir, 'w.safetensors');
    writeSafetensors(file, [{ name: 'w', shape: [1000], data: new Float32Array(1000) }]);
    fs.truncateSync(file, fs.statSync(file).size - 100);
    expect(() => readSafetensorsHeader(file)).toThrow(/runs past the end of the file \(truncated download\?\)/);
    fs.writeFileSync(file, 'hello world, not a model');
    expect(() => readSafetensorsHeader(file)).toThrow(/header length/);
    fs.writeFileSync(file, '');
    expect(() => readSafetensorsHeader(file)).toThrow(/too short/);
  });
});

describe('SE-ResNeXt-50 32x4d layout', () => {
  it('has the published architecture: 27.56 M parameters, grouped 3x3 convs, SE reduction 16', () => {
    const t = expectedTensors();
    const params = t.filter((x) => !/running_/.test(x.name)).reduce((a, x) => a + x.shape.reduce((p, q) => p * q, 1), 0);
    expect(params).toBe(27_559_896);
    const byName = new Map(t.map((x) => [x.name, x.shape]));
    expect(byName.get('layer1.0.conv2.weight')).toEqual([128, 4, 3, 3]);
    expect(byName.get('layer4.2.se.fc1.weight')).toEqual([128, 2048, 1, 1]);
    expect(byName.get('layer3.0.downsample.0.weight')).toEqual([1024, 512, 1, 1]);
    expect(byName.has('layer3.1.downsample.0.weight')).toBe(false);
    expect(byName.get('fc.weight')).toEqual([1000, 2048]);
  });

  it('accepts a matching state dict and names what is wrong in one that is not', () => {
    const dir = tempDir('layout');
    const good = path.join(dir, 'good.safetensors');
    const expected = expectedTensors();
    sparseStateDict(good, [...expected, { name: 'bn1.num_batches_tracked', shape: [] }]);
    expect(() => validateStateDict(readSafetensorsHeader(good))).not.toThrow();

    const bad = path.join(dir, 'bad.safetensors');
    const renamed = expected.map((e) =>
      e.name === 'layer2.1.se.fc1.weight' ? { ...e, name: 'layer2.1.se.conv_reduce.weight' } : e.name === 'fc.weight' ? { ...e, shape: [21843, 2048] } : e,
    );
    sparseStateDict(bad, renamed);
    let message = '';
    try {
      validateStateDict(readSafetensorsHeader(bad));
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/not an SE-ResNeXt-50 32x4d state dict/);
    expect(message).toMatch(/missing layer2\.1\.se\.fc1\.weight/);
    expect(message).toMatch(/fc\.weight is \[21843,2048\] instead of \[1000,2048\]/);
    expect(message).toMatch(/unexpected tensor layer2\.1\.se\.conv_reduce\.weight/);
  });
});
