// Labelled faces from test/fixtures: bald_guys.jpg (identities in test/fixtures) and the
// faces/people folders (identity = folder). Embedded by the product's own pipeline.
import fs from 'node:fs';
import path from 'node:path';
import type { FaceInput } from '../../electron/core/db/repos/face.repo.js';
import { decodePhoto } from '../../electron/core/media/decode.js';
import type { VisionService } from '../../electron/core/vision/vision.service.js';
import { FIXTURES, REPO } from './paths.js';

export interface LabelledFace {
  who: string;
  source: string;
  face: FaceInput;
}

async function facesOf(vision: VisionService, file: string) {
  const decoded = await decodePhoto(fs.readFileSync(file), path.basename(file), false);
  return { decoded, faces: await vision.faces(decoded.working, decoded.width) };
}

export async function labelledFaces(vision: VisionService): Promise<LabelledFace[]> {
  const out: LabelledFace[] = [];
  const truth = JSON.parse(fs.readFileSync(path.join(REPO, 'test/fixtures/bald-guys-identities.json'), 'utf8')) as {
    faces: { x: number; y: number; who: string | null }[];
  };
  const bald = path.join(FIXTURES, 'faces/dlib-voc/bald_guys.jpg');
  const { decoded, faces } = await facesOf(vision, bald);
  for (const f of faces) {
    const cx = (f.x + f.w / 2) * decoded.width;
    const cy = (f.y + f.h / 2) * decoded.height;
    const t = truth.faces.map((g) => ({ g, d: Math.hypot(g.x - cx, g.y - cy) })).sort((p, q) => p.d - q.d)[0];
    if (t && t.d < Math.max(40, 0.4 * f.w * decoded.width) && t.g.who) out.push({ who: `bald:${t.g.who}`, source: bald, face: f });
  }
  const people = path.join(FIXTURES, 'faces/people');
  for (const who of fs.readdirSync(people).sort()) {
    for (const file of fs.readdirSync(path.join(people, who)).sort()) {
      const { faces } = await facesOf(vision, path.join(people, who, file));
      if (faces[0]) out.push({ who, source: path.join(people, who, file), face: faces[0] });
    }
  }
  return out;
}
