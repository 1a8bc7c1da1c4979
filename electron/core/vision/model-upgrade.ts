// "Download better models": fetch published SE-ResNeXt-50 weights, build the ONNX graph on this
// machine, check it runs, and register it in the data folder's models/manifest.json as the active
// classifier. The bundled models are never touched; `useModel` switches back.
import fs from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { AppError } from '../../shared/errors.js';
import { download, sha256File, type DownloadProgress, type DownloadResult } from './builder/download.js';
import { readSafetensorsHeader } from './builder/safetensors.js';
import { validateStateDict } from './builder/seresnext-layout.js';
import { buildSeResNeXtOnnx } from './builder/seresnext-onnx.js';
import { ManifestSchema, type Manifest, type ModelSpec } from './manifest.js';
import { ModelRegistry } from './model-registry.js';

/** timm's seresnext50_32x4d ImageNet-1k weights (its default tag), as published on Hugging Face. */
export const SERESNEXT_DEFAULT_URL = 'https://huggingface.co/timm/seresnext50_32x4d.racm_in1k/resolve/main/model.safetensors';
export const SERESNEXT_ID = 'seresnext50_32x4d';

export type UpgradePhase = 'download' | 'check' | 'build' | 'verify' | 'register';
export interface UpgradeProgress {
  phase: UpgradePhase;
  done: number;
  total: number | null;
  message: string;
}

export interface UpgradeOptions {
  url?: string;
  /** expected SHA-256 of the weights file; else the server's published checksum is used */
  sha256?: string | null;
  /** a safetensors file already on this machine instead of downloading */
  fromFile?: string;
  onProgress?: (p: UpgradeProgress) => void;
  signal?: AbortSignal;
}

export interface UpgradeResult {
  id: string;
  file: string;
  bytes: number;
  sha256: string;
  version: string;
  weights: { source: string; sha256: string | null; checksum: DownloadResult['checksum'] | 'local file' };
}

function writeAtomic(file: string, content: string | Uint8Array): void {
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
}

function readUserManifest(userDir: string): Manifest {
  const file = path.join(userDir, 'manifest.json');
  if (!fs.existsSync(file)) return { active: { classify: '' }, models: [] };
  try {
    return ManifestSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch {
    return { active: { classify: '' }, models: [] }; // unreadable: it is rewritten whole
  }
}

/** Runs the built graph once at 224x224: the right outputs, every value finite. */
async function verifyGraph(file: string): Promise<void> {
  let session: ort.InferenceSession | null = null;
  try {
    session = await ort.InferenceSession.create(file, { intraOpNumThreads: 1, executionProviders: ['cpu'] });
    const input = new Float32Array(3 * 224 * 224).map((_, i) => Math.sin(i) * 2);
    const out = await session.run({ input: new ort.Tensor('float32', input, [1, 3, 224, 224]) });
    const logits = out.logits?.data as Float32Array | undefined;
    const features = out.features?.data as Float32Array | undefined;
    if (logits?.length !== 1000 || features?.length !== 2048) throw new Error('unexpected output shapes');
    if (!logits.every(Number.isFinite) || !features.every(Number.isFinite)) throw new Error('the weights give non-finite outputs');
  } catch (err) {
    throw new AppError('INVALID_INPUT', `The SE-ResNeXt model built from these weights does not run correctly (${(err as Error).message}). Nothing was changed.`);
  } finally {
    await session?.release();
  }
}

/**
 * Download (resumable) → check names and shapes → build the ONNX graph → run it once → register it
 * as the active classifier in userDir/manifest.json. Each step says what failed; the bundled
 * classifier stays in use until the last step succeeds.
 */
export async function upgradeClassifier(registry: ModelRegistry, userDir: string, options: UpgradeOptions = {}): Promise<UpgradeResult> {
  const report = options.onProgress ?? (() => {});
  fs.mkdirSync(path.join(userDir, 'classify'), { recursive: true });
  // the 1000-line ImageNet labels of a bundled classifier without a background output (SqueezeNet's)
  const base = registry.manifest.models.find(
    (m) => m.task === 'classify' && m.labels && m.output.backgroundIndex === undefined && !path.isAbsolute(m.file),
  );
  if (!base?.labels) throw new AppError('UNAVAILABLE', 'The bundled classifier has no ImageNet labels to share with SE-ResNeXt. Reinstall Smart Album.');

  let weights: string;
  let provenance: UpgradeResult['weights'];
  if (options.fromFile) {
    if (!fs.existsSync(options.fromFile)) throw new AppError('NOT_FOUND', `${options.fromFile} does not exist.`);
    weights = options.fromFile;
    provenance = { source: path.resolve(options.fromFile), sha256: options.sha256 ?? null, checksum: 'local file' };
    if (options.sha256) {
      report({ phase: 'check', done: 0, total: null, message: 'Checking the file checksum' });
      const got = await sha256File(weights);
      if (got !== options.sha256.toLowerCase()) throw new AppError('INVALID_INPUT', `${weights} does not match the expected checksum (got ${got.slice(0, 12)}…).`);
    }
  } else {
    const url = options.url ?? SERESNEXT_DEFAULT_URL;
    const got = await download(url, path.join(userDir, 'downloads', `${SERESNEXT_ID}.safetensors`), {
      sha256: options.sha256,
      signal: options.signal,
      onProgress: (p: DownloadProgress) =>
        report({ phase: 'download', done: p.received, total: p.total, message: `Downloading SE-ResNeXt-50 weights (${(p.bytesPerSecond / 1e6).toFixed(1)} MB/s)` }),
    });
    weights = got.file;
    provenance = { source: url, sha256: got.sha256, checksum: got.checksum };
  }

  report({ phase: 'check', done: 0, total: null, message: 'Checking tensor names and shapes' });
  const st = readSafetensorsHeader(weights);
  validateStateDict(st);

  const onnxFile = path.join(userDir, 'classify', `${SERESNEXT_ID}.onnx`);
  const tmp = `${onnxFile}.building`;
  try {
    buildSeResNeXtOnnx(st, tmp, { onProgress: (done, total) => report({ phase: 'build', done, total, message: 'Building the ONNX graph' }) });
    report({ phase: 'verify', done: 0, total: null, message: 'Running the new model once' });
    await verifyGraph(tmp);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }

  report({ phase: 'register', done: 0, total: null, message: 'Registering the model' });
  const sha256 = await sha256File(tmp);
  const bytes = fs.statSync(tmp).size;
  fs.renameSync(tmp, onnxFile);
  const labelsFile = path.join(userDir, 'classify', 'imagenet-labels.txt');
  if (registry.resolve(base.labels.file) !== labelsFile) fs.copyFileSync(registry.resolve(base.labels.file), labelsFile);

  const version = `1-${sha256.slice(0, 12)}`;
  const spec: ModelSpec = {
    id: SERESNEXT_ID,
    task: 'classify',
    version,
    file: path.relative(userDir, onnxFile),
    sha256,
    bytes,
    input: {
      name: 'input',
      layout: 'NCHW',
      size: [224, 224],
      colorOrder: 'RGB',
      mean: [123.675, 116.28, 103.53],
      std: [58.395, 57.12, 57.375],
      resizeShortSide: 256,
    },
    output: { name: 'logits', meaning: '1000 ImageNet-1k class logits', activation: 'softmax', features: 'features' },
    labels: { file: path.relative(userDir, labelsFile), sha256: base.labels.sha256 },
    license: 'Apache-2.0 (timm weights; check the model card of the source)',
    source: `built on this machine from ${provenance.source}`,
    note: `weights sha256 ${provenance.sha256 ?? 'unknown'} (${provenance.checksum})`,
  };
  const manifest = readUserManifest(userDir);
  manifest.models = [...manifest.models.filter((m) => m.id !== SERESNEXT_ID), spec];
  manifest.active.classify = SERESNEXT_ID;
  writeAtomic(path.join(userDir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  if (!options.fromFile) fs.rmSync(weights, { force: true }); // 110 MB no longer needed
  return { id: SERESNEXT_ID, file: onnxFile, bytes, sha256, version, weights: provenance };
}

/** Makes a known model the active one for its task (e.g. back to the bundled classifier). */
export function useModel(registry: ModelRegistry, userDir: string, id: string): ModelSpec {
  const spec = registry.spec(id);
  fs.mkdirSync(userDir, { recursive: true });
  const manifest = readUserManifest(userDir);
  (manifest.active as Record<string, string>)[spec.task] = id;
  writeAtomic(path.join(userDir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return spec;
}
