// The tensor names and shapes of an SE-ResNeXt-50 32x4d state dict in the standard (timm
// `seresnext50_32x4d`) layout. The builder refuses any file that does not match, and says where.
import { AppError } from '../../../shared/errors.js';
import type { SafetensorsFile } from './safetensors.js';

export interface SeResNeXtConfig {
  blocks: [number, number, number, number];
  cardinality: number;
  baseWidth: number;
  /** squeeze-and-excitation reduction: channels / reduction in the bottleneck of the SE module */
  seReduction: number;
  classes: number;
}

export const SERESNEXT50_32X4D: SeResNeXtConfig = { blocks: [3, 4, 6, 3], cardinality: 32, baseWidth: 4, seReduction: 16, classes: 1000 };

export interface ExpectedTensor {
  name: string;
  shape: number[];
}

const bn = (prefix: string, c: number): ExpectedTensor[] =>
  ['weight', 'bias', 'running_mean', 'running_var'].map((k) => ({ name: `${prefix}.${k}`, shape: [c] }));

/** Per block: its stage, input and output channels, grouped-conv width and stride. */
export function blocksOf(cfg: SeResNeXtConfig) {
  const out: { prefix: string; inC: number; width: number; outC: number; stride: number; downsample: boolean; rd: number }[] = [];
  let inC = 64;
  cfg.blocks.forEach((n, stage) => {
    const planes = 64 * 2 ** stage;
    const width = Math.floor(planes * (cfg.baseWidth / 64)) * cfg.cardinality;
    const outC = planes * 4;
    for (let b = 0; b < n; b++) {
      out.push({
        prefix: `layer${stage + 1}.${b}`,
        inC,
        width,
        outC,
        stride: b === 0 && stage > 0 ? 2 : 1,
        downsample: b === 0,
        rd: Math.max(8, Math.round(outC / cfg.seReduction / 8) * 8),
      });
      inC = outC;
    }
  });
  return out;
}

export function expectedTensors(cfg: SeResNeXtConfig = SERESNEXT50_32X4D): ExpectedTensor[] {
  const t: ExpectedTensor[] = [{ name: 'conv1.weight', shape: [64, 3, 7, 7] }, ...bn('bn1', 64)];
  for (const b of blocksOf(cfg)) {
    t.push({ name: `${b.prefix}.conv1.weight`, shape: [b.width, b.inC, 1, 1] }, ...bn(`${b.prefix}.bn1`, b.width));
    t.push({ name: `${b.prefix}.conv2.weight`, shape: [b.width, b.width / cfg.cardinality, 3, 3] }, ...bn(`${b.prefix}.bn2`, b.width));
    t.push({ name: `${b.prefix}.conv3.weight`, shape: [b.outC, b.width, 1, 1] }, ...bn(`${b.prefix}.bn3`, b.outC));
    t.push(
      { name: `${b.prefix}.se.fc1.weight`, shape: [b.rd, b.outC, 1, 1] },
      { name: `${b.prefix}.se.fc1.bias`, shape: [b.rd] },
      { name: `${b.prefix}.se.fc2.weight`, shape: [b.outC, b.rd, 1, 1] },
      { name: `${b.prefix}.se.fc2.bias`, shape: [b.outC] },
    );
    if (b.downsample) t.push({ name: `${b.prefix}.downsample.0.weight`, shape: [b.outC, b.inC, 1, 1] }, ...bn(`${b.prefix}.downsample.1`, b.outC));
  }
  t.push({ name: 'fc.weight', shape: [cfg.classes, 2048] }, { name: 'fc.bias', shape: [cfg.classes] });
  return t;
}

/** Every expected tensor present with its exact shape; extra tensors only where harmless. */
export function validateStateDict(st: SafetensorsFile, cfg: SeResNeXtConfig = SERESNEXT50_32X4D): void {
  const expected = expectedTensors(cfg);
  const problems: string[] = [];
  for (const e of expected) {
    const t = st.tensors.get(e.name);
    if (!t) problems.push(`missing ${e.name}`);
    else if (t.shape.join('x') !== e.shape.join('x')) problems.push(`${e.name} is [${t.shape}] instead of [${e.shape}]`);
  }
  const known = new Set(expected.map((e) => e.name));
  const extra = [...st.tensors.keys()].filter((k) => !known.has(k) && !k.endsWith('.num_batches_tracked'));
  for (const k of extra) problems.push(`unexpected tensor ${k}`);
  if (problems.length) {
    const shown = problems.slice(0, 8).join('; ');
    throw new AppError(
      'INVALID_INPUT',
      `${st.path} is not an SE-ResNeXt-50 32x4d state dict in the standard layout (${problems.length} problem(s): ${shown}${problems.length > 8 ? '; …' : ''}). Check the download URL points at seresnext50_32x4d weights in safetensors form.`,
    );
  }
}
