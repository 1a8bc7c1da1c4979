// bald_guys.jpg is one collage of 4 men x 6 photos. In a library those would be 24 photos, and two
// faces of one photo are never the same person, so clustering is measured on the 24 crops.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { FIXTURES, REPO } from './paths.js';

export async function writeBaldGuysCrops(dir: string): Promise<Map<string, string>> {
  const truth = JSON.parse(fs.readFileSync(path.join(REPO, 'test/fixtures/bald-guys-identities.json'), 'utf8')) as {
    faces: { x: number; y: number; who: string | null }[];
  };
  const src = path.join(FIXTURES, 'faces/dlib-voc/bald_guys.jpg');
  const meta = await sharp(src).metadata();
  const who = new Map<string, string>();
  fs.mkdirSync(dir, { recursive: true });
  let i = 0;
  for (const f of truth.faces) {
    if (!f.who) continue;
    const half = 150;
    const left = Math.max(0, f.x - half);
    const top = Math.max(0, f.y - half);
    const file = path.join(dir, `bald-${String(i++).padStart(2, '0')}.jpg`);
    await sharp(src)
      .extract({ left, top, width: Math.min(2 * half, meta.width - left), height: Math.min(2 * half, meta.height - top) })
      .jpeg({ quality: 92 })
      .toFile(file);
    who.set(file, f.who);
  }
  return who;
}

/** Pairwise precision and recall of a clustering against the truth (pairs of items). */
export function pairwiseScores(items: { truth: string; cluster: number | null }[]) {
  let tp = 0, fp = 0, fn = 0;
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const same = items[i]!.truth === items[j]!.truth;
      const together = items[i]!.cluster !== null && items[i]!.cluster === items[j]!.cluster;
      if (same && together) tp++;
      else if (!same && together) fp++;
      else if (same && !together) fn++;
    }
  }
  return { precision: tp + fp ? tp / (tp + fp) : 1, recall: tp + fn ? tp / (tp + fn) : 1, tp, fp, fn };
}
