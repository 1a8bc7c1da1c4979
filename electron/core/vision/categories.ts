// Category albums from all the evidence about a photo at once: the classifier's whole label
// distribution (probability mass summed per category, each label weighted), the objects the detector
// found and the faces. The rules and weights live in the checked-in resources/category-rules.json.
import fs from 'node:fs';
import { z } from 'zod';
import type { CategoryScore, Prediction } from '../db/repos/category.repo.js';

const LabelEntry = z.string().regex(/^\d+: .+$/);

const RulesSchema = z.object({
  version: z.number().int(),
  fallback: z.string(),
  decision: z.object({
    /** the best category needs this score to be the primary one; below it the photo is the fallback */
    minPrimary: z.number().min(0).max(1),
    /** further categories need this score ... */
    minSecondary: z.number().min(0).max(1),
    /** ... and at least this fraction of the primary's score */
    secondaryRatio: z.number().min(0).max(1),
    /**
     * per category: the probability its best single label needs for its mass to count fully (less:
     * scaled down in proportion). Keeps a category with hundreds of labels (Animals) from winning on
     * a thin spread of unsure guesses.
     */
    peak: z.record(z.string(), z.number().min(0).max(1)).default({}),
  }),
  /** classifier labels: each group's labels add weight x probability to its category */
  categories: z.array(
    z.object({
      name: z.string(),
      weight: z.number().min(0).max(1).default(1),
      labels: z.array(LabelEntry).default([]),
      ranges: z.array(z.tuple([z.number().int(), z.number().int()])).default([]),
    }),
  ),
  /** detector objects: enough of them, big and sure enough, count with their best score x weight */
  objects: z.array(
    z.object({
      category: z.string(),
      labels: z.array(z.string()).min(1),
      minScore: z.number().min(0).max(1),
      /** box area as a fraction of the photo */
      minArea: z.number().min(0).max(1).default(0),
      minCount: z.number().int().min(1).default(1),
      weight: z.number().min(0).max(1).default(1),
      /**
       * the detector score at which an object counts fully; between minScore and it the evidence grows from 0 in
       * proportion (a detection just past its threshold is a weak sign). Absent: it counts fully from minScore.
       */
      fullScore: z.number().min(0).max(1).optional(),
    }),
  ),
  /** faces count for one category whatever their clustering quality, unless they lie in an animal's box */
  faces: z.object({
    category: z.string(),
    minScore: z.number().min(0).max(1),
    /** a face narrower than this fraction of the photo counts only with another one */
    minWidth: z.number().min(0).max(1),
    weight: z.number().min(0).max(1),
    /** a "face" whose centre lies in a box of one of these objects is not a person's */
    notInside: z.array(z.string()),
    notInsideMinScore: z.number().min(0).max(1),
  }),
});
export type RulesJson = z.input<typeof RulesSchema>;

export type { CategoryScore };

export interface BoxEvidence {
  x: number;
  y: number;
  w: number;
  h: number;
  score: number;
}

/** Everything known about a photo when its categories are decided. */
export interface Evidence {
  /** the classifier's 1000 ImageNet probabilities (or only the top labels: the rest count as 0) */
  probs: Float32Array | { index: number; confidence: number }[];
  objects?: (BoxEvidence & { label: string })[];
  faces?: BoxEvidence[];
}

/** The checked-in table (resources/category-rules.json) that turns evidence into albums. */
export class CategoryRules {
  readonly version: number;
  readonly fallback: string;
  readonly names: string[];
  private readonly rules: z.infer<typeof RulesSchema>;
  /** label index -> [category, weight] */
  private readonly byLabel = new Map<number, [string, number][]>();

  constructor(json: unknown, labels: string[]) {
    const r = (this.rules = RulesSchema.parse(json));
    this.version = r.version;
    this.fallback = r.fallback;
    for (const c of r.categories) {
      const indices: number[] = [];
      for (const entry of c.labels) {
        const [i, name] = [Number(entry.slice(0, entry.indexOf(':'))), entry.slice(entry.indexOf(':') + 2)];
        if (labels[i] !== name) throw new Error(`category rules: label ${i} is "${labels[i]}", not "${name}"`);
        indices.push(i);
      }
      for (const [a, b] of c.ranges) for (let i = a; i <= b; i++) indices.push(i);
      for (const i of indices) this.byLabel.set(i, [...(this.byLabel.get(i) ?? []), [c.name, c.weight]]);
    }
    for (const [i, parts] of this.byLabel) {
      const total = parts.reduce((a, [, w]) => a + w, 0);
      if (total > 1.0001) {
        throw new Error(`category rules: label ${i} (${labels[i]}) gives more than all of its probability (${total.toFixed(2)})`);
      }
    }
    const all = [...r.categories.map((c) => c.name), ...r.objects.map((o) => o.category), r.faces.category, r.fallback];
    this.names = [...new Set(all)];
  }

  static load(file: string, labels: string[]): CategoryRules {
    return new CategoryRules(JSON.parse(fs.readFileSync(file, 'utf8')), labels);
  }

  /** Each category's score from each kind of evidence (0-1), before they are combined. */
  explain(e: Evidence): Map<string, { labels: number; objects: number; faces: number }> {
    const out = new Map<string, { labels: number; objects: number; faces: number }>();
    const at = (c: string) => out.get(c) ?? out.set(c, { labels: 0, objects: 0, faces: 0 }).get(c)!;
    const pairs: [number, number][] = Array.isArray(e.probs) ? e.probs.map((p) => [p.index, p.confidence]) : [...e.probs.entries()];
    const best = new Map<string, number>();
    for (const [i, p] of pairs) {
      for (const [c, w] of this.byLabel.get(i) ?? []) {
        at(c).labels += w * p;
        best.set(c, Math.max(best.get(c) ?? 0, p));
      }
    }
    for (const [c, peak] of Object.entries(this.rules.decision.peak)) {
      const s = out.get(c);
      if (s && peak > 0) s.labels *= Math.min(1, (best.get(c) ?? 0) / peak);
    }

    const objects = e.objects ?? [];
    for (const rule of this.rules.objects) {
      const hits = objects.filter((o) => rule.labels.includes(o.label) && o.score >= rule.minScore && o.w * o.h >= rule.minArea);
      if (hits.length < rule.minCount) continue;
      const best = Math.max(...hits.map((o) => o.score));
      const full = rule.fullScore ?? rule.minScore;
      const ramp = full > rule.minScore ? Math.min(1, (best - rule.minScore) / (full - rule.minScore)) : 1;
      const s = at(rule.category);
      s.objects = Math.max(s.objects, best * rule.weight * ramp);
    }

    const f = this.rules.faces;
    const animals = objects.filter((o) => f.notInside.includes(o.label) && o.score >= f.notInsideMinScore);
    const inAnimal = (b: BoxEvidence) => {
      const [cx, cy] = [b.x + b.w / 2, b.y + b.h / 2];
      return animals.some((a) => cx >= a.x && cx <= a.x + a.w && cy >= a.y && cy <= a.y + a.h);
    };
    const faces = (e.faces ?? []).filter((b) => b.score >= f.minScore && !inAnimal(b));
    if (faces.some((b) => b.w >= f.minWidth) || faces.length >= 2) {
      at(f.category).faces = Math.max(...faces.map((b) => b.score)) * f.weight;
    }
    return out;
  }

  /**
   * Each category's score combines its kinds of evidence as independent signs (noisy-OR):
   * 1 - (1 - labels)(1 - objects)(1 - faces). The best category is the primary one when it reaches
   * minPrimary; others join when they are strong enough on their own and beside it. Nothing
   * convincing: the fallback.
   */
  categorize(e: Evidence): CategoryScore[] {
    const { minPrimary, minSecondary, secondaryRatio } = this.rules.decision;
    const scored = [...this.explain(e).entries()]
      .map(([category, s]) => ({ category, score: 1 - (1 - Math.min(1, s.labels)) * (1 - s.objects) * (1 - s.faces) }))
      .sort((a, b) => b.score - a.score || a.category.localeCompare(b.category));
    const best = scored[0];
    if (!best || best.score < minPrimary) return [{ category: this.fallback, confidence: 1 - (best?.score ?? 0), primary: true }];
    const rest = scored.slice(1).filter((s) => s.score >= minSecondary && s.score >= best.score * secondaryRatio);
    return [best, ...rest].map((s, i) => ({ category: s.category, confidence: s.score, primary: i === 0 }));
  }
}
