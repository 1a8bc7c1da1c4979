// npm run calibrate: fits the face match calibration on the labelled pairs of test/fixtures/faces
// and records it in models/manifest.json (the embedder's "calibration").
import fs from 'node:fs';
import path from 'node:path';
import { cosineFor, fitCalibration, matchProbability } from '../../electron/core/people/calibration.js';
import { cosine } from '../../electron/core/vision/face-embedder.js';
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
fs.writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
const same = pairs.filter((p) => p.same).map((p) => p.cosine);
const diff = pairs.filter((p) => !p.same).map((p) => p.cosine);
console.log(embedder.calibration);
console.log(`same-person cosine min ${Math.min(...same).toFixed(3)}, different-person max ${Math.max(...diff).toFixed(3)}`);
console.log(`P at those: ${matchProbability(fit, Math.min(...same)).toFixed(3)} / ${matchProbability(fit, Math.max(...diff)).toFixed(3)}`);
await vision.close();
