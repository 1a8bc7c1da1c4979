// npm run eval:categories [-- --rules <file>] [-- --classifier <model id>] [-- --write] [-- --verbose] [-- --tuning-only] [-- --fit-prototypes]
//   [-- --cross-validate]
// Primary-category accuracy on the labelled photographs in test/fixtures/categories-eval: per-category
// recall, overall accuracy and a confusion matrix, for the tuning half and the held-out half. The
// model evidence (classifier distribution, objects, faces) of each photo is cached in the OS temp dir,
// keyed by the file and the model versions, so trying new rules takes a second. --write puts the
// result into docs/benchmarks.md (its "categories" section). --verbose lists the tuning half's misses with their evidence;
// --tuning-only leaves the held-out half out of the printout, for trying rules without seeing it.
// --fit-prototypes rewrites the prototypes file the rules name (resources/category-prototypes.json): per album,
// the mean pooled features of the TUNING half's photos of it (the held-out half never enters), for the classifier
// in use; then evaluates with them. --cross-validate prints the look's settings under 5-fold cross-validation on
// the tuning half (categories-cv.ts): the rules' settings and their neighbours.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodePhoto } from '../../electron/core/media/decode.js';
import { CategoryRules, type Evidence } from '../../electron/core/vision/categories.js';
import { classify } from '../../electron/core/vision/classifier.js';
import type { ModelSpec } from '../../electron/core/vision/manifest.js';
import { detectObjects } from '../../electron/core/vision/object-detector.js';
import { VisionService, defaultRulesFile } from '../../electron/core/vision/vision.service.js';
import { crossValidate, unitMeans, type LookSettings } from './categories-cv.js';
import { writeSection } from './report.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const EVAL_DIR = path.join(REPO, 'test/fixtures/categories-eval');
const args = process.argv.slice(2);
const opt = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);

interface Item {
  file: string;
  category: string;
  split: 'tuning' | 'held-out';
}
interface Cached {
  probs: number[];
  objects: NonNullable<Evidence['objects']>;
  faces: NonNullable<Evidence['faces']>;
  features: number[] | null;
}

async function evidenceOf(vision: VisionService, classifier: ModelSpec, items: Item[]): Promise<Map<string, Cached>> {
  const registry = vision.registry!;
  const models = [classifier, registry.active('detect')!, registry.active('face-detect')!].map((m) => `${m.id}@${m.version}:${m.input.views?.join('/') ?? ''}`).join('+') + '+features';
  const cacheFile = path.join(os.tmpdir(), `smart-album-eval-${crypto.createHash('sha256').update(models).digest('hex').slice(0, 12)}.json`);
  const cache: Record<string, Cached> = fs.existsSync(cacheFile) ? JSON.parse(fs.readFileSync(cacheFile, 'utf8')) : {};
  const out = new Map<string, Cached>();
  for (const item of items) {
    const bytes = fs.readFileSync(path.join(EVAL_DIR, 'images', item.file));
    const key = crypto.createHash('sha256').update(bytes).digest('hex');
    if (!cache[key]) {
      const d = await decodePhoto(bytes, item.file, false);
      const { probs, features } = await classify(registry, classifier, d.working);
      const objects = await detectObjects(registry, registry.active('detect')!, d.working);
      const faces = await vision.faces(d.working, d.width);
      cache[key] = {
        probs: Array.from(probs, (p) => Math.round(p * 1e5) / 1e5),
        objects: objects.map(({ label, score, x, y, w, h }) => ({ label, score, x, y, w, h })),
        faces: faces.map(({ x, y, w, h, score }) => ({ x, y, w, h, score })),
        features: features ? Array.from(features, (v) => Math.round(v * 1e5) / 1e5) : null,
      };
    }
    out.set(item.file, cache[key]!);
  }
  fs.writeFileSync(cacheFile, JSON.stringify(cache));
  return out;
}

function report(title: string, rows: { truth: string; got: string }[], names: string[]): string {
  const lines = [`### ${title} (${rows.length} photos)`, ''];
  const correct = rows.filter((r) => r.truth === r.got).length;
  lines.push(`Overall primary-category accuracy: **${((100 * correct) / rows.length).toFixed(1)}%** (${correct}/${rows.length})`, '');
  lines.push('| category | photos | recall |', '| --- | ---: | ---: |');
  for (const c of names) {
    const of = rows.filter((r) => r.truth === c);
    if (!of.length) continue;
    const ok = of.filter((r) => r.got === c).length;
    lines.push(`| ${c} | ${of.length} | ${((100 * ok) / of.length).toFixed(0)}% (${ok}) |`);
  }
  const short = (c: string) => (c === 'Documents & screenshots' ? 'Docs' : c.slice(0, 6));
  lines.push('', 'Confusion matrix (rows: label, columns: primary category given):', '');
  lines.push(`| label \\ given | ${names.map(short).join(' | ')} |`, `| --- | ${names.map(() => '---:').join(' | ')} |`);
  for (const t of names) {
    const of = rows.filter((r) => r.truth === t);
    if (!of.length) continue;
    lines.push(`| ${t} | ${names.map((g) => of.filter((r) => r.got === g).length || '·').join(' | ')} |`);
  }
  return lines.join('\n');
}

/** Per album, the mean features of the tuning half's photos of it, into the prototypes file the rules name. */
async function fitPrototypes(rulesFile: string, spec: ModelSpec): Promise<void> {
  const named = JSON.parse(fs.readFileSync(rulesFile, 'utf8')).prototypes as { file: string } | undefined;
  if (!named) throw new Error(`${rulesFile} names no prototypes file`);
  const file = path.resolve(path.dirname(rulesFile), named.file);
  const tuning = manifest.items.filter((i) => i.split === 'tuning');
  const evidence = await evidenceOf(vision, spec, tuning);
  const means = unitMeans(
    tuning.map((item) => {
      const features = evidence.get(item.file)!.features;
      if (!features) throw new Error(`${spec.id} gives no features: it cannot have prototypes`);
      return { category: item.category, features };
    }),
  );
  const old = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : { version: 0, models: {} };
  const categories = Object.fromEntries([...means].map(([c, { vector }]) => [c, Array.from(vector, (v) => Math.round(v * 1e4) / 1e4)]));
  const counts = [...means].map(([c, { n }]) => `${c} ${n}`).join(', ');
  const out = {
    about:
      "Each album's typical look for category decisions (vision/categories.ts, rules 'prototypes'): the unit-length mean of the " +
      "classifier's pooled features (first view, the centre crop) over the tuning half of test/fixtures/categories-eval. " +
      'Written by npm run eval:categories -- --fit-prototypes; the held-out half never enters.',
    version: old.version + 1,
    models: { ...old.models, [spec.id]: { version: spec.version, dims: means.values().next().value!.vector.length, fittedOn: counts, categories } },
  };
  fs.writeFileSync(file, JSON.stringify(out, null, 1).replace(/\n\s+(-?[\d.]+)(?=,|\n)/g, ' $1') + '\n');
  console.error(`prototypes for ${spec.id} written to ${path.relative(REPO, file)} (${counts})`);
}

const manifest = JSON.parse(fs.readFileSync(path.join(EVAL_DIR, 'manifest.json'), 'utf8')) as { items: Item[]; aim: Record<string, number>; searched: string };
const vision = VisionService.open(path.join(REPO, 'models'));
// refitting may start from a missing or unfitting prototypes file: that problem is what it mends
const blocking = vision.problems().filter((p) => !(args.includes('--fit-prototypes') && p === vision.rules?.lookProblem));
if (blocking.length) throw new Error(blocking.join('\n'));
const rulesFile = opt('--rules') ?? defaultRulesFile(path.join(REPO, 'models'));
const classifier = opt('--classifier') ? vision.registry!.spec(opt('--classifier')!) : vision.classifier!;
const t0 = performance.now();
if (args.includes('--fit-prototypes')) await fitPrototypes(rulesFile, classifier);
const rulesFor = (spec: ModelSpec) => CategoryRules.load(rulesFile, vision.registry!.labels(spec), spec);
const rules = rulesFor(classifier);
async function evaluate(spec: ModelSpec) {
  const evidence = await evidenceOf(vision, spec, manifest.items);
  const specRules = rulesFor(spec);
  const results = manifest.items.map((item) => {
    const e = evidence.get(item.file)!;
    const cats = specRules.categorize({ probs: Float32Array.from(e.probs), objects: e.objects, faces: e.faces, features: e.features });
    return { ...item, truth: item.category, got: cats[0]!.category, all: cats.map((c) => c.category) };
  });
  return { evidence, results };
}
const { evidence, results } = await evaluate(classifier);
// --tuning-only shows no figure of the held-out half, not even this one: the tuning half's stands in for it
const shownHalf = args.includes('--tuning-only') ? 'tuning' : 'held-out';
const heldOutAcc = (rows: { truth: string; got: string; split: string }[]) => {
  const held = rows.filter((r) => r.split === shownHalf);
  return ((100 * held.filter((r) => r.truth === r.got).length) / held.length).toFixed(1);
};
// the same classifier deciding on evidence alone: what the look adds
const alone = rules.usesLook
  ? (() => {
      const evidenceOnly = new CategoryRules(JSON.parse(fs.readFileSync(rulesFile, 'utf8')), vision.registry!.labels(classifier), null);
      const rows = results.map((r) => {
        const e = evidence.get(r.file)!;
        return { ...r, got: evidenceOnly.categorize({ probs: Float32Array.from(e.probs), objects: e.objects, faces: e.faces })[0]!.category };
      });
      return [`Without the look (evidence alone, same rules): ${heldOutAcc(rows)}% on the ${shownHalf} half.`];
    })()
  : [];
const others = args.includes('--write')
  ? await Promise.all(
      vision.registry!.manifest.models
        .filter((m) => m.task === 'classify' && m.id !== classifier.id && !path.isAbsolute(m.file))
        .map(async (m) => {
          const held = (await evaluate(m)).results.filter((r) => r.split === 'held-out');
          return `${m.id} with the same rules, objects and faces: ${((100 * held.filter((r) => r.truth === r.got).length) / held.length).toFixed(1)}% on the held-out half.`;
        }),
    )
  : [];
await vision.close();
const names = [...rules.names.filter((n) => n !== rules.fallback), rules.fallback];
if (args.includes('--verbose')) {
  for (const r of results.filter((x) => x.truth !== x.got && x.split === 'tuning')) {
    const e = evidence.get(r.file)!;
    const look = rules.look(e.features);
    const why = [...rules.explain({ probs: Float32Array.from(e.probs), objects: e.objects, faces: e.faces }).entries()]
      .filter(([, s]) => s.labels + s.objects + s.faces > 0.05)
      .map(([c, s]) => `${c} ${s.labels.toFixed(2)}/${s.objects.toFixed(2)}/${s.faces.toFixed(2)}`)
      .concat(look.size ? [`look: ${[...look].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([c, v]) => `${c} ${v.toFixed(2)}`).join(', ')}`] : []);
    const top = [...e.probs.keys()].sort((a, b) => e.probs[b]! - e.probs[a]!).slice(0, 3);
    const labels = vision.registry!.labels(classifier);
    console.log(`${r.file.padEnd(48)} ${r.truth} -> ${r.all.join(', ')}\n    ${why.join('; ')}\n    top: ${top.map((i) => `${labels[i]} ${e.probs[i]!.toFixed(2)}`).join(', ')}; objects: ${e.objects.map((o) => `${o.label} ${o.score.toFixed(2)} ${(o.w * o.h).toFixed(2)}`).join(', ')}; faces ${e.faces.length}`);
  }
}
// the tuning half under cross-validation: the in-sample figure flatters the prototypes, this one does not
let cvLine = '';
if (rules.usesLook && (args.includes('--cross-validate') || args.includes('--write'))) {
  const json = JSON.parse(fs.readFileSync(rulesFile, 'utf8'));
  const base = json.prototypes as LookSettings;
  const tuning = manifest.items.filter((i) => i.split === 'tuning').map((i) => ({ ...i, ...evidence.get(i.file)!, features: evidence.get(i.file)!.features! }));
  const grid: LookSettings[] = args.includes('--cross-validate')
    ? [0.15, 0.25, 0.35, 0.45].flatMap((fallbackScore) => [0.3, 0.45, 0.6].flatMap((weight) => [10, 20, 30].map((sharpness) => ({ weight, sharpness, fallbackScore }))))
    : [base];
  const accs = crossValidate(json, vision.registry!.labels(classifier), tuning, grid);
  if (args.includes('--cross-validate')) {
    for (const [i, g] of grid.entries()) console.log(`cv fallback ${g.fallbackScore} weight ${g.weight} sharpness ${g.sharpness}: ${(100 * accs[i]!).toFixed(1)}%`);
  }
  const mine = grid.findIndex((g) => g.weight === base.weight && g.sharpness === base.sharpness && g.fallbackScore === base.fallbackScore);
  if (mine >= 0) cvLine = `Tuning half under 5-fold cross-validation (prototypes refitted without each fold, 12 shuffles; npm run eval:categories -- --cross-validate): ${(100 * accs[mine]!).toFixed(1)}%.`;
}
const held = results.filter((r) => r.split === 'held-out');
const heldAcc = held.filter((r) => r.truth === r.got).length / held.length;
const low = Object.keys(manifest.aim).filter((c) => {
  const of = held.filter((r) => r.truth === c);
  return of.length && of.filter((r) => r.got === c).length / of.length < 0.8;
});
const targets =
  `Targets (issue 12), held-out half: overall at least 90%: ${(100 * heldAcc).toFixed(1)}%, ${heldAcc >= 0.9 ? 'met' : '**not met**'}; ` +
  `no category below 80% recall: ${low.length ? `**not met** (${low.join(', ')})` : 'met'}.`;
const text = [
  `Classifier ${classifier.id}, detector ${vision.registry!.active('detect')!.id}, rules v${rules.version} (${path.relative(REPO, rulesFile)})` +
    `${rules.usesLook ? `, look v${rules.lookVersion}` : ''}. ${[...alone, ...others].join(' ')}`.trim(),
  ...(args.includes('--tuning-only') ? [] : ['', targets, '', report('Held-out half', results.filter((r) => r.split === 'held-out'), names)]),
  '',
  report(`Tuning half${rules.usesLook ? ', in-sample for the prototypes' : ''}`, results.filter((r) => r.split === 'tuning'), names),
  ...(cvLine ? ['', cvLine] : []),
].join('\n');
console.log(text);
console.error(`(${((performance.now() - t0) / 1000).toFixed(1)} s)`);

if (args.includes('--write') && !args.includes('--tuning-only')) {
  writeSection(
    'categories',
    `### Category accuracy on real photographs (npm run eval:categories) — ${new Date().toISOString().slice(0, 10)}\n\n` +
      `${manifest.items.length} photographs from Debian packages and public repositories' sample images ` +
      `(test/fixtures/categories-eval/manifest.json: package or repository, path, license per file), ` +
      `split per category into a tuning half (rules and album prototypes fitted on it) and a held-out half (reported first; not looked at while tuning).\n\n` +
      `Photos per category against the aim: ${Object.entries(manifest.aim)
        .map(([c, n]) => `${c} ${manifest.items.filter((i) => i.category === c).length}/${n}`)
        .join(', ')}; plus ${manifest.items.filter((i) => !(i.category in manifest.aim)).length} Other. ${manifest.searched}\n\n${text}\n`,
  );
}
