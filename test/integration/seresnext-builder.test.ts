// The SE-ResNeXt-50 ONNX builder against an independent PyTorch forward pass
// (test/fixtures/seresnext-reference/make_reference.py: plain PyTorch, float64).
import fs from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSeResNeXtOnnx, foldBatchNorm } from '../../electron/core/vision/builder/seresnext-onnx.js';
import { expectedTensors } from '../../electron/core/vision/builder/seresnext-layout.js';
import { writeSyntheticSeResNeXt } from '../helpers/seresnext-synthetic.js';
import { REPO, tempDir } from '../helpers/temp.js';

const REF = path.join(REPO, 'test/fixtures/seresnext-reference');
const floats = (f: string) => {
  const b = fs.readFileSync(path.join(REF, f));
  return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
};
const argmax = (a: Float32Array) => a.reduce((best, v, i) => (v > a[best]! ? i : best), 0);

describe('batch-norm folding', () => {
  it('equals conv then batch norm in eval mode', () => {
    // 2 output channels, 1 input, 1x2 kernel; input [3, 4]
    const w = Float32Array.from([1, -2, 0.5, 4]);
    const bn = { gamma: Float32Array.from([2, 0.5]), beta: Float32Array.from([0.1, -1]), mean: Float32Array.from([0.3, 2]), variance: Float32Array.from([4, 0.25]) };
    const f = foldBatchNorm(w, 2, bn, 0);
    for (let o = 0; o < 2; o++) {
      const conv = w[o * 2]! * 3 + w[o * 2 + 1]! * 4;
      const expected = ((conv - bn.mean[o]!) / Math.sqrt(bn.variance[o]!)) * bn.gamma[o]! + bn.beta[o]!;
      expect(f.weight[o * 2]! * 3 + f.weight[o * 2 + 1]! * 4 + f.bias[o]!).toBeCloseTo(expected, 5);
    }
  });
});

describe('SE-ResNeXt-50 32x4d builder', () => {
  const dir = tempDir('seresnext');
  const weights = path.join(dir, 'model.safetensors');
  const onnxFile = path.join(dir, 'seresnext.onnx');

  beforeAll(() => writeSyntheticSeResNeXt(weights), 120_000);

  it("expects exactly the tensors of PyTorch's SE-ResNeXt-50 state dict", () => {
    const layout = JSON.parse(fs.readFileSync(path.join(REF, 'layout.json'), 'utf8')) as { tensors: { name: string; shape: number[] }[] };
    expect(expectedTensors()).toEqual(layout.tensors);
    expect(layout.tensors).toHaveLength(331);
  });

  it('matches the PyTorch reference forward pass (logits and pooled features)', async () => {
    const steps: number[] = [];
    const built = buildSeResNeXtOnnx(weights, onnxFile, { onProgress: (done) => steps.push(done) });
    expect(built.parameters).toBe(27_628_120); // every value of the state dict, running statistics included
    expect(steps.at(-1)).toBe(18); // stem + 16 blocks + head
    const session = await ort.InferenceSession.create(onnxFile);
    try {
      const input = floats('input.bin');
      const out = await session.run({ input: new ort.Tensor('float32', input, [1, 3, 64, 64]) });
      const logits = out.logits!.data as Float32Array;
      const features = out.features!.data as Float32Array;
      expect(out.logits!.dims).toEqual([1, 1000]);
      expect(out.features!.dims).toEqual([1, 2048]);
      const refLogits = floats('logits.bin');
      const refFeatures = floats('features.bin');
      const maxErr = (a: Float32Array, b: Float32Array) => Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));
      const scale = (a: Float32Array) => Math.max(...a.map(Math.abs));
      // float32 with folded batch norms against a float64 reference
      expect(maxErr(logits, refLogits)).toBeLessThan(1e-4 * scale(refLogits));
      expect(maxErr(features, refFeatures)).toBeLessThan(1e-4 * scale(refFeatures));
      expect(argmax(logits)).toBe(argmax(refLogits));
    } finally {
      await session.release();
    }
  }, 180_000);

  it('refuses a state dict that is not SE-ResNeXt-50 32x4d and names what is wrong', () => {
    const bad = path.join(dir, 'bad.safetensors');
    // a ResNeXt without SE and with a 10-class head: every se.* tensor missing, fc mis-shaped
    writeSyntheticSeResNeXt(bad, (name, shape) => (name.includes('.se.') ? null : name.startsWith('fc.') ? [10, ...shape.slice(1)] : shape));
    const out = path.join(dir, 'bad.onnx');
    expect(() => buildSeResNeXtOnnx(bad, out)).toThrow(/not an SE-ResNeXt-50 32x4d state dict.*missing layer1\.0\.se\.fc1\.weight.*/);
    expect(() => buildSeResNeXtOnnx(bad, out)).toThrow(/\(66 problem\(s\)/); // 16 blocks x 4 SE tensors, fc.weight and fc.bias
    expect(fs.existsSync(out)).toBe(false);
  }, 120_000);
});
