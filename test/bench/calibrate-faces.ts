// npm run calibrate: fits the face match calibration on the labelled pairs of test/fixtures/faces
// and records it in models/manifest.json (the embedder's "calibration").
import fs from 'node:fs';
import path from 'node:path';
import { cosineFor, fitCalibration, matchProbability } from '../../electron/core/people/calibration.js';
import { cosine, l2normalize } from '../../electron/core/vision/face-embedder.js';
import { decodePhoto } from '../../electron/core/media/decode.js';
import { turnImage } from '../../electron/core/indexer/understand.js';
import { VisionService } from '../../electron/core/vision/vision.service.js';
import { labelledFaces } from '../helpers/labelled-faces.js';
import { REPO } from '../helpers/paths.js';

const vision = VisionService.open(path.join(REPO, 'models'));
const faces = await labelledFaces(vision);
const pairs: { cosine: number; same: boolean }[] = [];
for (let i = 0; i < faces.length; i++) {
  for (let j = i + 1; j < faces.length; j++) pairs.push({ cosine: cosine(faces[i]!.face.embedding, faces[j]!.face.embedding), same: faces[i]!.who === faces[j]!.who });
}
const fit = fitCalibration(pairs);
const positivePairs = pairs.filter((p) => p.same).length;
const manifestFile = path.join(REPO, 'models/manifest.json');
const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
const embedder = manifest.models.find((m: { id: string }) => m.id === manifest.active['face-embed']);
embedder.calibration = {
  a: Number(fit.a.toFixed(4)),
  b: Number(fit.b.toFixed(4)),
  positivePairs,
  negativePairs: pairs.length - positivePairs,
  fittedOn: `${faces.length} labelled faces (bald_guys.jpg + faces/people), class-balanced logistic fit, ${new Date().toISOString().slice(0, 10)}`,
  cosineAt72: Number(cosineFor(fit, 0.72).toFixed(4)),
};

// Faces found on their side or upside down: the same calibration photos turned 90, 180 and 270 degrees
// (see manifest.ts "turned"). Per turn, the mean direction of their embeddings is the prototype and the
// limit sits 0.25 above the closest an upright calibration face comes to it. The calibration portraits are
// clean; real camera faces come closer: 0.1 above (0.278 for 180) graded the faces of two camera photos
// of the fixtures low (up to 0.38; copies/, the category evaluation photos).
const sources = [...new Set(faces.map((f) => f.source))];
const turns = [];
for (const turn of [90, 180, 270] as const) {
  const found: Float32Array[] = [];
  for (const file of sources) {
    const decoded = await decodePhoto(fs.readFileSync(file), path.basename(file), false);
    for (const f of await vision.faces(await turnImage(decoded.working, turn), decoded.width)) if (f.grade !== 'notAPerson') found.push(f.embedding);
  }
  const sum = new Float32Array(faces[0]!.face.embedding.length);
  for (const e of found) e.forEach((v, i) => (sum[i]! += v));
  const prototype = l2normalize(sum);
  const uprightMax = Math.max(...faces.map((f) => cosine(f.face.embedding, prototype)));
  const maxCosine = Number((uprightMax + 0.25).toFixed(3));
  const cos = found.map((e) => cosine(e, prototype));
  console.log(`turned ${turn}: ${found.length} faces, cosine to their prototype ${Math.min(...cos).toFixed(3)}-${Math.max(...cos).toFixed(3)}, ` +
    `${cos.filter((c) => c > maxCosine).length} beyond the limit ${maxCosine}; upright faces at most ${uprightMax.toFixed(3)}`);
  turns.push({ turn, prototype: Array.from(prototype, (v) => Number(v.toFixed(5))), maxCosine, faces: found.length });
}
embedder.turned = {
  turns,
  fittedOn: `faces found in the ${sources.length} calibration photos turned 90, 180 and 270 degrees (mean direction per turn); limit: the highest cosine of the ${faces.length} upright calibration faces + 0.25, ${new Date().toISOString().slice(0, 10)}`,
};
fs.writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
const same = pairs.filter((p) => p.same).map((p) => p.cosine);
const diff = pairs.filter((p) => !p.same).map((p) => p.cosine);
console.log(embedder.calibration);
console.log(`same-person cosine min ${Math.min(...same).toFixed(3)}, different-person max ${Math.max(...diff).toFixed(3)}`);
console.log(`P at those: ${matchProbability(fit, Math.min(...same)).toFixed(3)} / ${matchProbability(fit, Math.max(...diff)).toFixed(3)}`);
await vision.close();
