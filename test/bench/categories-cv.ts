// Cross-validation of the look's settings on the TUNING half only (npm run eval:categories -- --cross-validate):
// the tuning half is cut into 5 folds; each fold is decided with prototypes fitted on the other 4 (so no photo's
// own features shape its prototype), repeated with 12 shuffles. This is how the rules' `prototypes` weight,
// sharpness and fallbackScore were chosen; the held-out half never enters.
import { CategoryRules, type Prototypes } from '../../electron/core/vision/categories.js';

export interface CvPhoto {
  file: string;
  category: string;
  probs: number[];
  objects: { label: string; score: number; x: number; y: number; w: number; h: number }[];
  faces: { x: number; y: number; w: number; h: number; score: number }[];
  features: number[];
}
export interface LookSettings {
  weight: number;
  sharpness: number;
  fallbackScore: number;
}

/** A seeded shuffle (mulberry32), so a run can be repeated exactly. */
function shuffled<T>(items: T[], seed: number): T[] {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Per album, the unit-length mean of its photos' features and how many photos went in (what --fit-prototypes writes). */
export function unitMeans(photos: { category: string; features: number[] }[]): Map<string, { vector: number[]; n: number }> {
  const sums = new Map<string, { sum: Float64Array; n: number }>();
  for (const p of photos) {
    const s = sums.get(p.category) ?? sums.set(p.category, { sum: new Float64Array(p.features.length), n: 0 }).get(p.category)!;
    p.features.forEach((v, i) => (s.sum[i]! += v));
    s.n++;
  }
  return new Map(
    [...sums].map(([c, { sum, n }]) => {
      const norm = Math.hypot(...sum) || 1;
      return [c, { vector: Array.from(sum, (v) => v / norm), n }] as const;
    }),
  );
}

function fit(photos: CvPhoto[]): Prototypes {
  const byCategory = new Map([...unitMeans(photos)].map(([c, { vector }]) => [c, Float32Array.from(vector)] as const));
  return { version: 0, dims: photos[0]!.features.length, byCategory };
}

/** Mean primary-category accuracy over `repeats` shuffles of 5 folds, for each setting. */
export function crossValidate(rulesJson: Record<string, unknown>, labels: string[], photos: CvPhoto[], settings: LookSettings[], repeats = 12): number[] {
  return settings.map((look) => {
    const json = { ...rulesJson, prototypes: { ...(rulesJson.prototypes as object), ...look } };
    let right = 0;
    for (let r = 0; r < repeats; r++) {
      const order = shuffled(photos, 10 + r);
      for (let k = 0; k < 5; k++) {
        const test = order.filter((_, i) => i % 5 === k);
        const rules = new CategoryRules(json, labels, fit(order.filter((_, i) => i % 5 !== k)));
        for (const p of test) {
          const got = rules.categorize({ probs: Float32Array.from(p.probs), objects: p.objects, faces: p.faces, features: p.features })[0]!.category;
          if (got === p.category) right++;
        }
      }
    }
    return right / (repeats * photos.length);
  });
}
