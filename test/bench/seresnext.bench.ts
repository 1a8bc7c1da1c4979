// SE-ResNeXt-50 against the bundled SqueezeNet: raw images/s on prepared 224x224 inputs, and the
// share of indexing time each classifier takes in the real pipeline. The SE-ResNeXt graph is built
// by the product's own upgrade path from synthetic weights with the exact shapes (same compute as
// the published weights, which cannot be downloaded on this machine).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { userModelsDir } from '../../electron/core/paths.js';
import { INTRA_OP_THREADS, ModelRegistry } from '../../electron/core/vision/model-registry.js';
import { upgradeClassifier } from '../../electron/core/vision/model-upgrade.js';
import { writeSyntheticSeResNeXt } from '../helpers/seresnext-synthetic.js';
import { REPO } from '../helpers/paths.js';
import { speedLibrary } from './models.bench.js';
import { benchChild, log, machine } from './report.js';

/** images/s of a classifier session over `runs` inferences, `inFlight` at a time. */
async function throughput(file: string, inputName: string, threads: number, inFlight: number, runs: number): Promise<number> {
  const session = await ort.InferenceSession.create(file, { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all', executionProviders: ['cpu'] });
  const input = new ort.Tensor('float32', new Float32Array(3 * 224 * 224).map((_, i) => Math.sin(i)), [1, 3, 224, 224]);
  await session.run({ [inputName]: input }); // warm-up
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next++ < runs) await session.run({ [inputName]: input });
    }),
  );
  const s = (performance.now() - t0) / 1000;
  await session.release();
  return runs / s;
}

export async function seresnextBench(): Promise<string> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sa-seresnext-'));
  log('bench: building SE-ResNeXt-50 through the upgrade path (synthetic weights) ...');
  const weights = path.join(work, 'model.safetensors');
  writeSyntheticSeResNeXt(weights);
  const registry = ModelRegistry.load(path.join(REPO, 'models'));
  const seData = path.join(work, 'd-seresnext');
  const t0 = performance.now();
  const built = await upgradeClassifier(registry, userModelsDir(seData), { fromFile: weights });
  const buildS = (performance.now() - t0) / 1000;
  const squeeze = registry.active('classify')!;

  log('bench: raw classifier throughput ...');
  const runs = Number(process.env.BENCH_CLASSIFY_RUNS ?? 60);
  const raw = {
    se: { product: await throughput(built.file, 'input', INTRA_OP_THREADS, 2, runs), single: await throughput(built.file, 'input', 2, 1, runs) },
    sq: { product: await throughput(registry.resolve(squeeze.file), squeeze.input.name, INTRA_OP_THREADS, 2, runs * 5), single: await throughput(registry.resolve(squeeze.file), squeeze.input.name, 2, 1, runs * 5) },
  };

  // the pipeline with faces but no classifier: the same models folder with no active classifier
  const facesOnly = path.join(work, 'models-faces-only');
  fs.cpSync(path.join(REPO, 'models'), facesOnly, { recursive: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(facesOnly, 'manifest.json'), 'utf8'));
  manifest.active.classify = 'none';
  fs.writeFileSync(path.join(facesOnly, 'manifest.json'), JSON.stringify(manifest));
  const lib = path.join(work, 'lib');
  const n = await speedLibrary(lib, Number(process.env.BENCH_SERESNEXT_COPIES ?? 2));
  log(`bench: indexing ${n} photos with no classifier, SqueezeNet and SE-ResNeXt-50 ...`);
  const none = benchChild(['pipeline', lib, path.join(work, 'd-none')], { SMART_ALBUM_MODELS_DIR: facesOnly });
  const sq = benchChild(['pipeline', lib, path.join(work, 'd-squeezenet')]);
  const se = benchChild(['pipeline', lib, seData]);
  fs.rmSync(work, { recursive: true, force: true });

  const share = (r: typeof se) => `${(((r.ms - none.ms) / r.ms) * 100).toFixed(0)}%`;
  const rate = (r: typeof se) => `${(n / (r.ms / 1000)).toFixed(2)} photos/s (${(r.ms / 1000).toFixed(1)} s, peak RSS ${r.maxRssMB.toFixed(0)} MB)`;
  return `### SE-ResNeXt-50 classifier — ${new Date().toISOString().slice(0, 10)}

Machine: ${machine()}. The graph was built on this machine by \`upgradeClassifier\` (the code behind \`smart-album models upgrade\`) in ${buildS.toFixed(1)} s, ${(built.bytes / 1e6).toFixed(1)} MB; its weights are synthetic with the exact seresnext50_32x4d shapes, so the compute is that of the published model (which cannot be downloaded here).

Raw inference on prepared 224x224 inputs:

| classifier | product setting (${INTRA_OP_THREADS} thread(s) per run, 2 in flight) | one at a time, 2 threads |
| --- | --- | --- |
| SqueezeNet 1.0 (bundled) | ${raw.sq.product.toFixed(1)} images/s | ${raw.sq.single.toFixed(1)} images/s |
| SE-ResNeXt-50 32x4d | ${raw.se.product.toFixed(1)} images/s | ${raw.se.single.toFixed(1)} images/s |
| SE-ResNeXt-50 cost relative to SqueezeNet | ${(raw.sq.product / raw.se.product).toFixed(1)}x slower | ${(raw.sq.single / raw.se.single).toFixed(1)}x slower |

Indexing ${n} photos at 12 MP (full pipeline: media, faces, classification; product defaults):

| classifier | throughput | share of indexing time taken by classification |
| --- | --- | --- |
| none (faces only) | ${rate(none)} | — |
| SqueezeNet 1.0 | ${rate(sq)} | ${share(sq)} |
| SE-ResNeXt-50 32x4d | ${rate(se)} | ${share(se)} |

The share is (time with the classifier − time without) / time with it, the same photos in separate processes.
`;
}
