// SE-ResNeXt-50 32x4d as an ONNX graph, built from a state dict in the standard (timm) layout:
// stem 7x7 conv + max pool; bottlenecks of 1x1 conv, grouped 3x3 conv (stride in the 3x3), 1x1
// conv, squeeze-and-excitation (global mean, fc1 + ReLU, fc2 + sigmoid, channel gate) and a 1x1
// downsample on the first block of a stage; global average pool; fc. Batch norms are folded into
// the convolution before them. Outputs: "logits" [N,1000] and the pooled "features" [N,2048].
import fs from 'node:fs';
import { OnnxGraph } from './onnx-graph.js';
import { readSafetensorsHeader, readTensor, type SafetensorsFile } from './safetensors.js';
import { SERESNEXT50_32X4D, blocksOf, expectedTensors, validateStateDict, type SeResNeXtConfig } from './seresnext-layout.js';

/** PyTorch's BatchNorm2d default, which timm uses. */
export const BN_EPS = 1e-5;

/**
 * conv(x) then bn(·) in eval mode is one conv: w' = w·γ/√(σ²+ε) per output channel,
 * b' = β − μ·γ/√(σ²+ε).
 */
export function foldBatchNorm(
  weight: Float32Array,
  outChannels: number,
  bn: { gamma: Float32Array; beta: Float32Array; mean: Float32Array; variance: Float32Array },
  eps = BN_EPS,
): { weight: Float32Array; bias: Float32Array } {
  const per = weight.length / outChannels;
  const w = new Float32Array(weight.length);
  const b = new Float32Array(outChannels);
  for (let o = 0; o < outChannels; o++) {
    const scale = bn.gamma[o]! / Math.sqrt(bn.variance[o]! + eps);
    for (let i = o * per; i < (o + 1) * per; i++) w[i] = weight[i]! * scale;
    b[o] = bn.beta[o]! - bn.mean[o]! * scale;
  }
  return { weight: w, bias: b };
}

export interface BuildResult {
  bytes: number;
  tensors: number;
  parameters: number;
}

/** Builds the graph from a validated safetensors state dict; throws a clear AppError when it does not match. */
export function buildSeResNeXtOnnx(
  weights: string | SafetensorsFile,
  outFile: string,
  options: { cfg?: SeResNeXtConfig; onProgress?: (done: number, total: number) => void } = {},
): BuildResult {
  const cfg = options.cfg ?? SERESNEXT50_32X4D;
  const st = typeof weights === 'string' ? readSafetensorsHeader(weights) : weights;
  validateStateDict(st, cfg);
  const blocks = blocksOf(cfg);
  const total = blocks.length + 2;
  let done = 0;
  const step = () => options.onProgress?.(++done, total);
  const t = (name: string) => readTensor(st, name);
  const g = new OnnxGraph('seresnext50_32x4d');

  /** conv (no bias) + folded bn as one Conv node */
  const convBn = (x: string, conv: string, bn: string, shape: number[], attrs: Record<string, number | number[]>) => {
    const w = t(`${conv}.weight`);
    const folded = foldBatchNorm(w, shape[0]!, { gamma: t(`${bn}.weight`), beta: t(`${bn}.bias`), mean: t(`${bn}.running_mean`), variance: t(`${bn}.running_var`) });
    const k = shape[2]!;
    return g.node('Conv', [x, g.initializer(`${conv}.weight`, shape, folded.weight), g.initializer(`${conv}.bias`, [shape[0]!], folded.bias)], {
      kernel_shape: [k, k],
      pads: [(k - 1) >> 1, (k - 1) >> 1, (k - 1) >> 1, (k - 1) >> 1],
      ...attrs,
    });
  };
  /** a plain conv with bias (the SE fc layers are 1x1 convs) */
  const convBias = (x: string, name: string, shape: number[]) => {
    const w = t(`${name}.weight`);
    const b = t(`${name}.bias`);
    return g.node('Conv', [x, g.initializer(`${name}.weight`, shape, w), g.initializer(`${name}.bias`, [shape[0]!], b)], { kernel_shape: [1, 1] });
  };

  let x = g.input('input', ['batch', 3, 'height', 'width']);
  x = g.node('Relu', [convBn(x, 'conv1', 'bn1', [64, 3, 7, 7], { strides: [2, 2] })]);
  x = g.node('MaxPool', [x], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] });
  step();

  for (const b of blocks) {
    const p = b.prefix;
    let y = g.node('Relu', [convBn(x, `${p}.conv1`, `${p}.bn1`, [b.width, b.inC, 1, 1], {})]);
    y = g.node('Relu', [convBn(y, `${p}.conv2`, `${p}.bn2`, [b.width, b.width / cfg.cardinality, 3, 3], { strides: [b.stride, b.stride], group: cfg.cardinality })]);
    y = convBn(y, `${p}.conv3`, `${p}.bn3`, [b.outC, b.width, 1, 1], {});
    // squeeze and excitation
    let s = g.node('GlobalAveragePool', [y]);
    s = g.node('Relu', [convBias(s, `${p}.se.fc1`, [b.rd, b.outC, 1, 1])]);
    s = g.node('Sigmoid', [convBias(s, `${p}.se.fc2`, [b.outC, b.rd, 1, 1])]);
    y = g.node('Mul', [y, s]);
    const shortcut = b.downsample ? convBn(x, `${p}.downsample.0`, `${p}.downsample.1`, [b.outC, b.inC, 1, 1], { strides: [b.stride, b.stride] }) : x;
    x = g.node('Relu', [g.node('Add', [y, shortcut])]);
    step();
  }

  const features = g.node('Flatten', [g.node('GlobalAveragePool', [x])], { axis: 1 }, 'features');
  const fcW = t('fc.weight');
  const fcB = t('fc.bias');
  g.node('Gemm', [features, g.initializer('fc.weight', [cfg.classes, 2048], fcW), g.initializer('fc.bias', [cfg.classes], fcB)], { transB: 1 }, 'logits');
  g.output('logits', ['batch', cfg.classes]);
  g.output('features', ['batch', 2048]);
  const bytes = g.encode({ source: st.path, architecture: 'seresnext50_32x4d', batchnorm: `folded eps=${BN_EPS}` });
  fs.writeFileSync(outFile, bytes);
  step();
  const parameters = expectedTensors(cfg).reduce((a, e) => a + e.shape.reduce((m, d) => m * d, 1), 0);
  return { bytes: bytes.length, tensors: st.tensors.size, parameters };
}
