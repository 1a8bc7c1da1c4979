// Quality of the model stages on the labelled fixtures, and their speed against bare onnxruntime.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { SmartAlbum } from '../../electron/core/smart-album.js';
import { iou } from '../../electron/core/vision/box.js';
import { vocFaceBoxes } from '../helpers/voc-truth.js';
import { pairwiseScores, writeBaldGuysCrops } from '../helpers/bald-crops.js';
import { FIXTURES, REPO } from '../helpers/paths.js';
import { benchChild, log, machine, type ChildResult } from './report.js';

/** Primary category a person would give each fixture (looked at by eye); ambiguous ones left out. */
const LABELLED: Record<string, string> = {
  'everyday/fruits.jpg': 'Food', 'everyday/apple.jpg': 'Food', 'everyday/orange.jpg': 'Food',
  'everyday/baboon.jpg': 'Animals', 'everyday/butterfly.jpg': 'Animals', 'everyday/HappyFish.jpg': 'Animals',
  'everyday/building.jpg': 'Buildings', 'everyday/messi5.jpg': 'People', 'everyday/aero1.jpg': 'Landscapes',
  'faces/dlib-voc/dogs.jpg': 'Animals', 'faces/dlib-voc/Tom_Cruise_avp_2014_4.jpg': 'People',
};

async function quality(work: string) {
  const lib = path.join(work, 'quality');
  // faces/deepface is the face-set's (eval-faces.ts): left out so these figures stay comparable
  for (const d of ['dlib-voc', 'people']) fs.cpSync(path.join(FIXTURES, 'faces', d), path.join(lib, 'faces', d), { recursive: true });
  fs.cpSync(path.join(FIXTURES, 'everyday'), path.join(lib, 'everyday'), { recursive: true });
  const crops = await writeBaldGuysCrops(path.join(lib, 'bald-crops'));
  const app = new SmartAlbum({ dataDir: path.join(work, 'quality-data') });
  const root = await app.roots.add(lib);
  await app.scanAndIndex(root.id);
  const byTail = (tail: string) => app.catalog.db.prepare('SELECT * FROM photos WHERE path LIKE ?').get(`%${path.sep}${tail}`) as { id: number; width: number; height: number };
  let truth = 0, found = 0, fp = 0;
  for (const [file, boxes] of vocFaceBoxes()) {
    const p = byTail(`dlib-voc${path.sep}${file}`);
    const faces = app.catalog.faces.forPhoto(p.id).map((f) => ({ x: f.x * p.width, y: f.y * p.height, w: f.w * p.width, h: f.h * p.height }));
    truth += boxes.length;
    found += boxes.filter((b) => faces.some((f) => iou(f, b) > 0.3)).length;
    fp += faces.filter((f) => !boxes.some((b) => iou(f, b) > 0.3)).length;
  }
  const personOf = (file: string) => app.catalog.faces.forPhoto(app.catalog.photos.byPath(file)!.id)[0]?.person_id ?? null;
  const bald = pairwiseScores([...crops].map(([f, who]) => ({ truth: who, cluster: personOf(f) })));
  const folders = path.join(lib, 'faces/people');
  const folderItems = fs.readdirSync(folders).flatMap((who) => fs.readdirSync(path.join(folders, who)).map((f) => ({ truth: who, cluster: personOf(path.join(folders, who, f)) })));
  const people = pairwiseScores(folderItems);
  let right = 0;
  const wrong: string[] = [];
  for (const [tail, want] of Object.entries(LABELLED)) {
    const p = byTail(tail.split('/').join(path.sep));
    const primary = app.catalog.categories.forPhoto(p.id).find((c) => c.is_primary === 1)?.category;
    if (primary === want) right++;
    else wrong.push(`${tail.split('/').pop()} → ${primary} (want ${want})`);
  }
  const model = app.vision.classifyVersion();
  await app.close();
  return { truth, found, fp, bald, people, right, total: Object.keys(LABELLED).length, wrong, model };
}

/** 12 MP versions of the fixture photos with people and things in them, each file with its own bytes. */
export async function speedLibrary(dir: string, copies: number): Promise<number> {
  const sources = [
    ...fs.readdirSync(path.join(FIXTURES, 'everyday')).map((f) => path.join(FIXTURES, 'everyday', f)),
    ...fs.readdirSync(path.join(FIXTURES, 'faces/dlib-voc')).filter((f) => f.endsWith('.jpg')).map((f) => path.join(FIXTURES, 'faces/dlib-voc', f)),
  ];
  fs.mkdirSync(dir, { recursive: true });
  let n = 0;
  for (const [i, src] of sources.entries()) {
    const meta = await sharp(src).metadata();
    const landscape = (meta.width ?? 1) >= (meta.height ?? 1);
    const big = await sharp(src).resize(landscape ? 4000 : 3000, landscape ? 3000 : 4000, { fit: 'cover' }).jpeg({ quality: 90 }).toBuffer();
    for (let c = 0; c < copies; c++) fs.writeFileSync(path.join(dir, `p${i}-${c}.jpg`), Buffer.concat([big, Buffer.from(`#${c}`)])), n++;
  }
  return n;
}

const NOTE =
  'On a shared 2-core machine these wall times move by tens of percent between runs (other processes); the alternating best-of-2 ' +
  'comparison is the fair one. Measured alone on one 12 MP photo, the new work per photo is NanoDet-m 320 (letterbox 6 ms, ' +
  'inference 11 ms, decoding 1 ms) and MobileNetV2 instead of SqueezeNet (+1.5 ms), about 20 ms next to ~170 ms of indexing; ' +
  'NanoDet-m 416 would take 27 ms of inference, which is why it is not the default. MobileNetV2 classifies two views in one batch ' +
  '(the centre crop and the whole photo, averaged; rules v3): the second view costs ~12 ms per photo (classification alone, ' +
  '1600 px working image, median of 40 alternating runs: 12.7 ms with one view, 24.1 ms with two).';

const active = (task: string): string => JSON.parse(fs.readFileSync(path.join(REPO, 'models/manifest.json'), 'utf8')).active[task];

/** A copy of the bundled models and rules with the previous default: SqueezeNet, no object detector. */
function previousDefault(work: string): string {
  const dir = path.join(work, 'previous', 'models');
  fs.cpSync(path.join(REPO, 'models'), dir, { recursive: true });
  fs.mkdirSync(path.join(work, 'previous', 'resources'));
  fs.copyFileSync(path.join(REPO, 'resources', 'category-rules.json'), path.join(work, 'previous', 'resources', 'category-rules.json'));
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  manifest.active.classify = 'squeezenet1.0';
  delete manifest.active.detect;
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return dir;
}

export async function modelsBench(): Promise<string> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sa-models-'));
  log('bench: model quality on the labelled fixtures ...');
  const q = await quality(work);
  const lib = path.join(work, 'speed');
  const copies = Number(process.env.BENCH_MODEL_COPIES ?? 5);
  const n = await speedLibrary(lib, copies);
  const empty = path.join(work, 'no-models');
  fs.mkdirSync(empty);
  log(`bench: ${n} photos with and without the model stages, and bare onnxruntime ...`);
  const without = benchChild(['pipeline', lib, path.join(work, 'd1')], { SMART_ALBUM_MODELS_DIR: empty });
  log('bench: the same photos with the previous default (SqueezeNet, no object detection), alternating, best of 2 each ...');
  const previous = previousDefault(work);
  const runs = [0, 1].map((k) => ({
    now: benchChild(['pipeline', lib, path.join(work, `now${k}`)]),
    before: benchChild(['pipeline', lib, path.join(work, `before${k}`)], { SMART_ALBUM_MODELS_DIR: previous }),
  }));
  const best = (rs: ChildResult[]) => rs.reduce((a, b) => (b.ms < a.ms ? b : a));
  const withModels = best(runs.map((r) => r.now));
  const before = best(runs.map((r) => r.before));
  const ort = benchChild(['ort', lib]);
  fs.rmSync(work, { recursive: true, force: true });
  const stageMs = withModels.ms - without.ms;
  const perPhoto = (r: { ms: number }) => `${(r.ms / n).toFixed(0)} ms`;
  const added = (withModels.ms - before.ms) / before.ms;
  const ratio = stageMs / ort.ms;
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return `### Models: quality and speed — ${new Date().toISOString().slice(0, 10)}

Machine: ${machine()}. Classifier: ${q.model}.

Quality on the labelled fixtures:

| measure | result |
| --- | --- |
| face detection, dlib/VOC boxes (IoU > 0.3) | recall ${q.found}/${q.truth} (${pct(q.found / q.truth)}), ${q.fp} false positive(s) |
| people, bald_guys.jpg as 24 one-face photos (4 men x 6) | pairwise precision ${pct(q.bald.precision)}, recall ${pct(q.bald.recall)} |
| people, faces/people folders (5 people, 9 photos) | pairwise precision ${pct(q.people.precision)}, recall ${pct(q.people.recall)} |
| primary category, ${q.total} fixture photos labelled by eye | ${q.right}/${q.total} right (${pct(q.right / q.total)}) |

Misses: ${q.wrong.join('; ') || 'none'}. The face calibration was fitted on these same bald_guys and people faces (see models/manifest.json), so the people figures are in-sample: they show the clustering does what the calibration allows, not how it generalises.

Speed, ${n} photos at 12 MP (the fixture photos upscaled, ${copies} copies each with their own bytes), product defaults:

| measure | result | target | |
| --- | --- | --- | --- |
| full pipeline with models | ${(n / (withModels.ms / 1000)).toFixed(2)} photos/s (${(withModels.ms / 1000).toFixed(1)} s, peak RSS ${withModels.maxRssMB.toFixed(0)} MB) | | |
| same pipeline without the model stages | ${(n / (without.ms / 1000)).toFixed(2)} photos/s (${(without.ms / 1000).toFixed(1)} s) | | |
| time in the model stages (difference) | ${(stageMs / 1000).toFixed(1)} s | | |
| bare onnxruntime, the same ${ort.runs} model runs on prepared inputs, 2 in flight | ${(ort.ms / 1000).toFixed(1)} s | | |
| model stages / bare inference | ${ratio.toFixed(2)}x | within 1.25x | ${ratio <= 1.25 ? 'met' : '**not met**'} |

MobileNetV2 + ${active('detect')} (today's default) against the previous default, SqueezeNet 1.0 without object detection (faces on in
both), same ${n} photos, per photo of 12 MP (wall time / photos, ${withModels.concurrency} in flight; best of 2 alternating runs each):

| pipeline | time per photo | peak RSS | target | |
| --- | --- | --- | --- | --- |
| no model stages | ${perPhoto(without)} | ${without.maxRssMB.toFixed(0)} MB | | |
| SqueezeNet 1.0 + faces (previous default) | ${perPhoto(before)} | ${before.maxRssMB.toFixed(0)} MB | | |
| MobileNetV2 + ${active('detect')} + faces (default) | ${perPhoto(withModels)} | ${withModels.maxRssMB.toFixed(0)} MB | | |
| added to a photo's indexing time by the new classifier + detector | ${(added * 100).toFixed(1)}% | at most 35% | ${added <= 0.35 ? 'met' : '**not met**'} |
| peak RSS with the new models | ${withModels.maxRssMB.toFixed(0)} MB | under 1 GB | ${withModels.maxRssMB < 1024 ? 'met' : '**not met**'} |

${NOTE}
`;
}
