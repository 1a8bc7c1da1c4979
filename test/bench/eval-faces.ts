// The harder face set (issue 13): the fixtures' labelled faces (faces/people folders by identity,
// bald_guys.jpg's 24 faces of 4 men) made to look like a family library: 40-80 px faces, JPEG
// quality 35, blur sigma 1-2, low light, +-15 deg turns, mirrored, partly out of frame, and group photos
// of 2-5 people. Each source face belongs to one half: TUNING (the half looked at while choosing the
// low-grade rules) or HELD-OUT (only reported). The calibration itself (models/manifest.json) was fit
// on the clean fixture pairs by test/bench/calibrate-faces.ts, not on either half. In each half a
// person's first source face is only in the library clean (the reference); the others only degraded,
// and pairs (and find-face truth) count only between different source faces.
// Run: npm run eval:faces  (EVAL_HALF=tuning|held-out|both, default both)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { SmartAlbum } from '../../electron/core/smart-album.js';
import { decodePhoto } from '../../electron/core/media/decode.js';
import { FIXTURES, REPO } from '../helpers/paths.js';

interface Source {
  who: string;
  file: string;
  /** face centre and width in the source's pixels */
  cx: number;
  cy: number;
  fw: number;
}
interface Item {
  file: string;
  who: string;
  condition: string;
  /** the source face it was made from: pairs of one source are left out of the scores (too easy) */
  source: string;
  /** expected face centre and width in the written photo */
  cx: number;
  cy: number;
  fw: number;
}

const W = 640;
const H = 480;

async function sources(vision: SmartAlbum['vision']): Promise<Source[]> {
  const out: Source[] = [];
  const truth = JSON.parse(fs.readFileSync(path.join(REPO, 'test/fixtures/bald-guys-identities.json'), 'utf8')) as {
    faces: { x: number; y: number; who: string | null }[];
  };
  const bald = path.join(FIXTURES, 'faces/dlib-voc/bald_guys.jpg');
  for (const f of truth.faces) if (f.who) out.push({ who: `bald:${f.who}`, file: bald, cx: f.x, cy: f.y, fw: 0 });
  const people = path.join(FIXTURES, 'faces/people');
  for (const who of fs.readdirSync(people).sort()) {
    for (const file of fs.readdirSync(path.join(people, who)).sort()) out.push({ who, file: path.join(people, who, file), cx: 0, cy: 0, fw: 0 });
  }
  // face boxes from the product's own detector on the clean source (the largest face near the label)
  for (const s of out) {
    const decoded = await decodePhoto(fs.readFileSync(s.file), path.basename(s.file), false);
    const faces = await vision.faces(decoded.working, decoded.width);
    const px = faces.map((f) => ({ cx: (f.x + f.w / 2) * decoded.width, cy: (f.y + f.h / 2) * decoded.height, w: f.w * decoded.width }));
    const pick = s.cx ? px.sort((a, b) => Math.hypot(a.cx - s.cx, a.cy - s.cy) - Math.hypot(b.cx - s.cx, b.cy - s.cy))[0] : px.sort((a, b) => b.w - a.w)[0];
    if (!pick) throw new Error(`no face in ${s.file}`);
    Object.assign(s, { cx: pick.cx, cy: pick.cy, fw: pick.w });
  }
  return out;
}

/** The source scaled so its face is `fw` px wide, turned, as a PNG buffer, with the face centre in it. */
async function faceLayer(s: Source, fw: number, opts: { angle?: number; mirror?: boolean; blur?: number; dark?: boolean }) {
  const scale = fw / s.fw;
  const half = Math.round(s.fw * 1.6);
  const meta = await sharp(s.file).metadata();
  const left = Math.max(0, Math.round(s.cx - half));
  const top = Math.max(0, Math.round(s.cy - half));
  const width = Math.min(meta.width! - left, 2 * half);
  const height = Math.min(meta.height! - top, 2 * half);
  // only this face: the collage's neighbouring faces are masked out (an ellipse around the head)
  const ex = s.cx - left, ey = s.cy - top;
  const mask = Buffer.from(
    `<svg width="${width}" height="${height}"><ellipse cx="${ex}" cy="${ey}" rx="${s.fw * 0.95}" ry="${s.fw * 1.25}" fill="#fff"/></svg>`,
  );
  const masked = await sharp(s.file).extract({ left, top, width, height }).ensureAlpha().composite([{ input: mask, blend: 'dest-in' }]).png().toBuffer();
  const flat = await sharp(masked).flatten({ background: '#6b6b70' }).png().toBuffer();
  let img = sharp(flat).resize(Math.max(8, Math.round(width * scale)));
  if (opts.mirror) img = img.flop();
  if (opts.blur) img = img.blur(opts.blur);
  if (opts.dark) img = img.modulate({ brightness: 0.35 }).gamma(1.4);
  let buf = await img.png().toBuffer();
  let cx = (s.cx - left) * scale;
  let cy = (s.cy - top) * scale;
  if (opts.mirror) cx = width * scale - cx;
  if (opts.angle) {
    const m = await sharp(buf).metadata();
    const rotated = await sharp(buf).rotate(opts.angle, { background: '#777' }).png().toBuffer({ resolveWithObject: true });
    const r = (opts.angle * Math.PI) / 180;
    const dx = cx - m.width! / 2, dy = cy - m.height! / 2;
    cx = rotated.info.width / 2 + dx * Math.cos(r) - dy * Math.sin(r);
    cy = rotated.info.height / 2 + dx * Math.sin(r) + dy * Math.cos(r);
    buf = rotated.data;
  }
  const m = await sharp(buf).metadata();
  return { buf, cx, cy, width: m.width!, height: m.height! };
}

/** Places layers with their face centres at the given points on a W x H frame; JPEG at `quality`. */
async function compose(file: string, layers: { layer: Awaited<ReturnType<typeof faceLayer>>; at: [number, number] }[], quality: number) {
  const parts = [];
  for (const { layer, at } of layers) {
    let left = Math.round(at[0] - layer.cx);
    let top = Math.round(at[1] - layer.cy);
    // sharp needs overlays inside the frame: cut what falls outside first
    const cl = Math.max(0, -left), ct = Math.max(0, -top);
    const cw = Math.min(layer.width - cl, W - Math.max(0, left)), ch = Math.min(layer.height - ct, H - Math.max(0, top));
    if (cw <= 0 || ch <= 0) continue;
    const input = await sharp(layer.buf).extract({ left: cl, top: ct, width: cw, height: ch }).png().toBuffer();
    left = Math.max(0, left);
    top = Math.max(0, top);
    parts.push({ input, left, top });
  }
  await sharp({ create: { width: W, height: H, channels: 3, background: '#6b6b70' } }).composite(parts).jpeg({ quality }).toFile(file);
}

const CONDITIONS: { name: string; fw: number; q: number; angle?: number; mirror?: boolean; blur?: number; dark?: boolean; edge?: boolean }[] = [
  { name: 'clean 120 px', fw: 120, q: 90 },
  { name: '40 px', fw: 40, q: 85 },
  { name: '60 px', fw: 60, q: 85 },
  { name: '80 px', fw: 80, q: 85 },
  { name: 'JPEG q35', fw: 100, q: 35 },
  { name: 'blur 1', fw: 100, q: 85, blur: 1 },
  { name: 'blur 2', fw: 100, q: 85, blur: 2 },
  { name: 'low light', fw: 100, q: 85, dark: true },
  { name: 'turned 15°', fw: 100, q: 85, angle: 15 },
  { name: 'mirrored', fw: 100, q: 85, mirror: true },
  { name: 'partly out of frame', fw: 100, q: 85, edge: true },
  { name: 'all at once (60 px)', fw: 60, q: 35, blur: 1.5, dark: true, angle: -12 },
];

async function build(dir: string, srcs: Source[], half: string): Promise<Item[]> {
  fs.mkdirSync(dir, { recursive: true });
  const items: Item[] = [];
  let n = 0;
  // each person's first source face is the library's clean reference photo; the others appear only
  // degraded, so a degraded face has no clean copy of itself to lean on
  const reference = new Set(srcs.filter((s, i) => srcs.findIndex((t) => t.who === s.who) === i));
  for (const s of srcs) {
    for (const c of CONDITIONS) {
      if (reference.has(s) !== (c.name === 'clean 120 px')) continue;
      const layer = await faceLayer(s, c.fw, c);
      const at: [number, number] = c.edge ? [W - c.fw * 0.2, H / 2] : [W / 2, H / 2];
      const file = path.join(dir, `${half}-${String(n++).padStart(4, '0')}.jpg`);
      await compose(file, [{ layer, at }], c.q);
      items.push({ file, who: s.who, condition: c.name, source: `${s.file}@${s.cx}`, cx: at[0], cy: at[1], fw: c.fw });
    }
  }
  // group photos: 2-5 different people side by side, 50-90 px, JPEG 50
  const byWho = [...new Set(srcs.map((s) => s.who))];
  for (let g = 0; g < 12; g++) {
    const k = 2 + (g % 4);
    const who = Array.from({ length: k }, (_, i) => byWho[(g + i * 3) % byWho.length]!).filter((w, i, a) => a.indexOf(w) === i);
    const file = path.join(dir, `${half}-group-${g}.jpg`);
    const layers = [];
    for (let i = 0; i < who.length; i++) {
      const options = srcs.filter((s) => s.who === who[i]);
      const s = options[g % options.length]!;
      const fw = 50 + ((g * 7 + i * 13) % 41);
      const at: [number, number] = [((i + 0.5) * W) / who.length, H / 2 + ((i % 2) - 0.5) * 60];
      layers.push({ layer: await faceLayer(s, fw, { angle: ((g + i) % 3) * 7 - 7 }), at });
      items.push({ file, who: s.who, condition: 'group of 2-5', source: `${s.file}@${s.cx}`, cx: at[0], cy: at[1], fw });
    }
    await compose(file, layers, 50);
  }
  return items;
}

async function evaluate(half: string, srcs: Source[]): Promise<string> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `sa-eval-faces-${half}-`));
  const items = await build(path.join(work, 'lib'), srcs, half);
  const app = new SmartAlbum({ dataDir: path.join(work, 'data') });
  try {
    const root = await app.roots.add(path.join(work, 'lib'));
    await app.scanAndIndex(root.id);
    // each expected face: the detected face whose centre is nearest, within half its width
    const matched = items.map((it) => {
      const photo = app.catalog.photos.byPath(it.file)!;
      const face = app.catalog.faces
        .forPhoto(photo.id)
        .map((f) => ({ f, d: Math.hypot((f.x + f.w / 2) * W - it.cx, (f.y + f.h / 2) * H - it.cy) }))
        .filter((m) => m.d < Math.max(12, it.fw * 0.5))
        .sort((a, b) => a.d - b.d)[0]?.f;
      return { it, face };
    });
    const lines: string[] = [];
    lines.push(`#### ${half} half: ${srcs.length} source faces of ${new Set(srcs.map((s) => s.who)).size} people, ${items.length} faces in ${new Set(items.map((i) => i.file)).size} photos`);
    lines.push('', 'Pairs are counted between faces made from different source photos only.');
    lines.push('', '| condition | faces | detected | in a person | pairwise precision | recall | F1 |', '| --- | --- | --- | --- | --- | --- | --- |');
    const all = matched.filter((m) => m.face);
    const score = (subset: typeof matched) => {
      // pairs with at least one face of the subset, against every detected face of the library
      const inSubset = new Set(subset.map((m) => m.face?.id));
      let tp = 0, fp = 0, fn = 0;
      for (let i = 0; i < all.length; i++) {
        for (let j = i + 1; j < all.length; j++) {
          const a = all[i]!, b = all[j]!;
          if (!inSubset.has(a.face!.id) && !inSubset.has(b.face!.id)) continue;
          if (a.it.file === b.it.file) continue; // two faces of one photo are never one person by construction
          if (a.it.source === b.it.source) continue; // copies of one source face: only different photos of a person count
          const same = a.it.who === b.it.who;
          const together = a.face!.person_id !== null && a.face!.person_id === b.face!.person_id;
          if (same && together) tp++;
          else if (!same && together) fp++;
          else if (same) fn++;
        }
      }
      const precision = tp + fp ? tp / (tp + fp) : 1, recall = tp + fn ? tp / (tp + fn) : 1;
      return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
    };
    const row = (name: string, subset: typeof matched) => {
      const det = subset.filter((m) => m.face);
      const s = score(det);
      lines.push(`| ${name} | ${subset.length} | ${pct(det.length / subset.length)} | ${pct(det.filter((m) => m.face!.person_id !== null).length / Math.max(1, det.length))} | ${s.precision.toFixed(3)} | ${s.recall.toFixed(3)} | ${s.f1.toFixed(3)} |`);
    };
    for (const c of [...new Set(items.map((i) => i.condition))]) row(c, matched.filter((m) => m.it.condition === c));
    row('**all**', matched);
    const sizes = [[0, 40], [40, 60], [60, 80], [80, 1e9]] as const;
    lines.push('', `Detection recall by face width: ${sizes.map(([a, b]) => {
      const s = matched.filter((m) => m.it.fw >= a && m.it.fw < b);
      return `${b > 1e8 ? `>= ${a}` : `${a}-${b - 1}`} px ${pct(s.filter((m) => m.face).length / Math.max(1, s.length))} (${s.length})`;
    }).join(', ')}.`);
    // find-face: every clean face as the query (faces.search, as the app calls it)
    const api = (await import('../../electron/core/api.js')).createHandlers(app, undefined, { trustedLocalUser: true });
    let p10 = 0, rec = 0, queries = 0;
    for (const q of matched.filter((m) => m.it.condition === 'clean 120 px' && m.face)) {
      // the person's faces made from other source photos (its own copies would be too easy)
      const wanted = new Set(matched.filter((m) => m.face && m.it.who === q.it.who && m.it.source !== q.it.source).map((m) => m.it.file));
      const own = new Set(matched.filter((m) => m.it.source === q.it.source).map((m) => m.it.file));
      if (!wanted.size) continue;
      const found = await api['faces.search']({ faceId: q.face!.id, limit: 1000 });
      const hits = found.filter((f) => !own.has(f.photo.path) || wanted.has(f.photo.path));
      const top = hits.slice(0, 10);
      if (process.env.EVAL_DEBUG) for (const f of top.filter((t) => !wanted.has(t.photo.path))) console.error('wrong', q.it.who, path.basename(q.it.file), '->', matched.filter((m) => m.it.file === f.photo.path).map((m) => `${m.it.who}/${m.it.condition}/${m.face?.quality_ok}`).join(','), f.confidence.toFixed(3), f.personId);
      p10 += top.length ? top.filter((f) => wanted.has(f.photo.path)).length / top.length : 1;
      rec += hits.filter((f) => wanted.has(f.photo.path)).length / wanted.size;
      queries++;
    }
    lines.push('', `Find-face over ${queries} clean queries: precision@10 ${(p10 / queries).toFixed(3)}, recall ${(rec / queries).toFixed(3)} (at the 72% threshold; results and truth leave out the copies of the query's own source face).`);
    return lines.join('\n');
  } finally {
    app.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

async function main() {
  const probe = new SmartAlbum({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'sa-eval-probe-')) });
  const srcs = await sources(probe.vision);
  probe.close();
  // halves by source face: alternate within each person, so both halves hold every person
  const seen = new Map<string, number>();
  const halfOf = (s: Source) => {
    const i = seen.get(s.who) ?? 0;
    seen.set(s.who, i + 1);
    return i % 2 === 0 ? 'tuning' : 'held-out';
  };
  const tagged = srcs.map((s) => ({ s, half: halfOf(s) }));
  const which = process.env.EVAL_HALF ?? 'both';
  const out: string[] = [];
  for (const half of ['tuning', 'held-out']) {
    if (which !== 'both' && which !== half) continue;
    out.push(await evaluate(half, tagged.filter((t) => t.half === half).map((t) => t.s)));
  }
  console.log(out.join('\n\n'));
}

await main();
