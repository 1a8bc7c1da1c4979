// How test/fixtures/faces/deepface was made (run once; kept so it can be redone):
//   node --import tsx test/bench/crop-deepface-faces.ts <deepface>/tests/unit/dataset
// Identities: connected "Yes" pairs of master.csv and face-recognition-pivot.csv (deepface's own
// labels; no "No" pair falls inside a group). Each photo is cut to a square around its largest face
// (the product's detector) with context, face ~128 px wide, JPEG q85: small files, enough for the
// face-set generator (test/bench/eval-faces.ts), which never enlarges a face past 120 px.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { decodePhoto } from '../../electron/core/media/decode.js';
import { VisionService } from '../../electron/core/vision/vision.service.js';
import { FIXTURES, REPO } from '../helpers/paths.js';

const src = process.argv[2];
if (!src) throw new Error('usage: crop-deepface-faces.ts <deepface tests/unit/dataset folder>');
const out = path.join(FIXTURES, 'faces/deepface');

const rows = ['master.csv', 'face-recognition-pivot.csv'].flatMap((f) =>
  fs
    .readFileSync(path.join(src, f), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',').slice(0, 3).map((x) => path.basename(x.trim())) as [string, string, string]),
);
const parent = new Map<string, string>();
const find = (x: string): string => {
  if (!parent.has(x)) parent.set(x, x);
  while (parent.get(x) !== x) x = parent.get(x)!;
  return x;
};
for (const [a, b, d] of rows) if (d === 'Yes') parent.set(find(a), find(b));
const groups = new Map<string, string[]>();
for (const f of new Set(rows.flatMap(([a, b]) => [a, b]))) groups.set(find(f), [...(groups.get(find(f)) ?? []), f]);
for (const [a, b, d] of rows) if (d === 'No' && find(a) === find(b)) throw new Error(`${a} and ${b} are labelled different but linked`);
const num = (f: string) => Number(/\d+/.exec(f)![0]);
const ordered = [...groups.values()].map((g) => g.sort((a, b) => num(a) - num(b))).sort((a, b) => num(a[0]!) - num(b[0]!));

const vision = VisionService.open(path.join(REPO, 'models'));
const FACE = 128;
const COMMIT = process.env.DEEPFACE_COMMIT ?? 'unknown';
const sources: string[] = [];
for (const [i, files] of ordered.entries()) {
  const who = `df${String(i + 1).padStart(2, '0')}`;
  fs.mkdirSync(path.join(out, who), { recursive: true });
  for (const f of files) {
    const buf = fs.readFileSync(path.join(src, f));
    const decoded = await decodePhoto(buf, f, false);
    const faces = await vision.faces(decoded.working, decoded.width);
    const face = faces.sort((a, b) => b.w * b.h - a.w * a.h)[0];
    if (!face) throw new Error(`no face in ${f}`);
    // the detector ran on the upright working image: cut the same upright image
    const upright = await sharp(buf).rotate().toBuffer({ resolveWithObject: true });
    const W = upright.info.width, H = upright.info.height;
    const fw = face.w * W, cx = (face.x + face.w / 2) * W, cy = (face.y + face.h / 2) * H;
    const side = Math.round(Math.min(W, H, fw * 3.4));
    const left = Math.round(Math.min(Math.max(0, cx - side / 2), W - side));
    const top = Math.round(Math.min(Math.max(0, cy - side / 2), H - side));
    const size = Math.min(side, Math.round((side * FACE) / fw));
    await sharp(upright.data).extract({ left, top, width: side, height: side }).resize(size).jpeg({ quality: 85 }).toFile(path.join(out, who, f));
    console.log(who, f, `face ${Math.round(fw)} px of ${W}x${H}, ${faces.length} face(s)`);
    sources.push(`| \`${who}/${f}\` | \`tests/unit/dataset/${f}\` (${W}x${H}), cut to ${side} px around the face, resized to ${size} px | MIT (deepface repository) |`);
  }
}
await vision.close();
fs.writeFileSync(
  path.join(out, 'SOURCES.md'),
  `# faces/deepface: where each file comes from

From the GitHub repository serengil/deepface at commit ${COMMIT}, \`tests/unit/dataset/\`,
whose repository is under the MIT License (Copyright (c) 2019 Sefik Ilkin Serengil). The photos show public
figures; deepface ships them as its test data. Folder = identity: the connected "Yes" pairs of deepface's
\`master.csv\` and \`face-recognition-pivot.csv\` (made by test/bench/crop-deepface-faces.ts).

| file | original | license |
| --- | --- | --- |
${sources.join('\n')}
`,
);
