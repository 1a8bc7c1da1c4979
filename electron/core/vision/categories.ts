// Category albums from all the evidence about a photo at once: the classifier's whole label
// distribution (probability mass summed per category, each label weighted), the objects the detector
// found, the faces, and how much the photo looks like each album's typical photos (the classifier's
// pooled features against one prototype per album). The rules and weights live in the checked-in
// resources/category-rules.json, the prototypes beside it.
import fs from 'node:fs';
import path from 'node:path';
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
  /**
   * The look of a photo: cosine similarity of the classifier's pooled features to each album's prototype
   * (the mean features of labelled photos of that album), turned into shares with a softmax of the given
   * sharpness; the decision mixes them with the evidence scores in proportion `weight`. Only for the
   * classifier the prototypes were fitted with (same id and version); other classifiers decide on evidence alone.
   */
  prototypes: z
    .object({
      file: z.string(),
      weight: z.number().min(0).max(1),
      sharpness: z.number().positive(),
      /**
       * the fallback's evidence score when the look takes part (else decision.minPrimary): the look gives
       * every photo some album, so "nothing convincing" needs a higher bar beside it
       */
      fallbackScore: z.number().min(0).max(1),
    })
    .optional(),
});
export type RulesJson = z.input<typeof RulesSchema>;

const PrototypesSchema = z.object({
  /** bumped on each refit: part of the classify stage's version, so a refit re-classifies libraries */
  version: z.number().int(),
  models: z.record(
    z.string(),
    z.object({
      version: z.union([z.string(), z.number()]),
      dims: z.number().int().positive(),
      categories: z.record(z.string(), z.array(z.number())),
    }),
  ),
});
export type PrototypesJson = z.input<typeof PrototypesSchema>;

/** One unit-length prototype per album, for one classifier's features. */
export interface Prototypes {
  version: number;
  dims: number;
  byCategory: Map<string, Float32Array>;
}

/** The prototypes a rules file names for this classifier (id and version), or null. */
export function prototypesFor(json: unknown, model: { id: string; version: string | number }): Prototypes | null {
  const all = PrototypesSchema.parse(json);
  const entry = all.models[model.id];
  if (!entry || String(entry.version) !== String(model.version)) return null;
  const byCategory = new Map<string, Float32Array>();
  for (const [c, v] of Object.entries(entry.categories)) {
    if (v.length !== entry.dims) throw new Error(`category prototypes: ${c} has ${v.length} numbers, not ${entry.dims}`);
    const norm = Math.hypot(...v) || 1;
    byCategory.set(c, Float32Array.from(v, (x) => x / norm));
  }
  return { version: all.version, dims: entry.dims, byCategory };
}

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
  /** the classifier's L2-normalised pooled features (first view), when it has them */
  features?: Float32Array | number[] | null;
}

/** The checked-in table (resources/category-rules.json) that turns evidence into albums. */
export class CategoryRules {
  readonly version: number;
  readonly fallback: string;
  readonly names: string[];
  private readonly rules: z.infer<typeof RulesSchema>;
  /** label index -> [category, weight] */
  private readonly byLabel = new Map<number, [string, number][]>();

  /** prototypes: the albums' typical looks for the classifier in use (null: decide on evidence alone) */
  constructor(
    json: unknown,
    labels: string[],
    private readonly prototypes: Prototypes | null = null,
  ) {
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
    if (prototypes) {
      // one prototype per album, no more and no less: a misspelt album would take a share of every look
      const have = [...prototypes.byCategory.keys()].sort();
      if (have.join('|') !== [...this.names].sort().join('|')) {
        throw new Error(`the prototypes are for the albums ${have.join(', ')}, not ${[...this.names].sort().join(', ')}`);
      }
    }
  }

  /**
   * model: the classifier in use; its prototypes (if the rules name a file with them) come along. A prototypes
   * file that cannot be read or does not fit the albums leaves the look out (lookProblem says why): the
   * evidence alone still decides.
   */
  static load(file: string, labels: string[], model?: { id: string; version: string | number }): CategoryRules {
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    const named = RulesSchema.parse(json).prototypes;
    if (!named || !model) return new CategoryRules(json, labels);
    const protoFile = path.resolve(path.dirname(file), named.file);
    try {
      return new CategoryRules(json, labels, prototypesFor(JSON.parse(fs.readFileSync(protoFile, 'utf8')), model));
    } catch (err) {
      const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'it is missing' : (err as Error).message;
      const rules = new CategoryRules(json, labels);
      rules.lookProblem = `The album prototypes ${protoFile} (named by ${file}) cannot be used: ${why}. Categories are decided without the photo's look.`;
      return rules;
    }
  }

  /** Why the look is left out although the rules name prototypes (an unreadable or unfitting file), else null. */
  lookProblem: string | null = null;

  /** Whether the look of a photo takes part in the decision (prototypes for this classifier). */
  get usesLook(): boolean {
    return !!this.prototypes && !!this.rules.prototypes && this.rules.prototypes.weight > 0;
  }

  /** The prototypes' version when they take part (the classify stage's output depends on them), else null. */
  get lookVersion(): number | null {
    return this.usesLook ? this.prototypes!.version : null;
  }

  /** Each album's share of the photo's look (sums to 1 over the albums with a prototype); empty without features. */
  look(features: Evidence['features']): Map<string, number> {
    const out = new Map<string, number>();
    const p = this.prototypes;
    const r = this.rules.prototypes;
    if (!p || !r || !features || features.length !== p.dims || !features.every(Number.isFinite)) return out;
    const sims = [...p.byCategory].map(([c, v]) => {
      let dot = 0;
      for (let i = 0; i < v.length; i++) dot += v[i]! * features[i]!;
      return [c, dot] as const;
    });
    const max = Math.max(...sims.map(([, s]) => s));
    const exps = sims.map(([c, s]) => [c, Math.exp(r.sharpness * (s - max))] as const);
    const sum = exps.reduce((a, [, e]) => a + e, 0);
    for (const [c, e] of exps) out.set(c, e / sum);
    return out;
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
   * Each category's evidence score combines its kinds of evidence as independent signs (noisy-OR):
   * 1 - (1 - labels)(1 - objects)(1 - faces); the fallback's is minPrimary (nothing convincing). With
   * prototypes, the decision score mixes it with the photo's look: (1 - w) x evidence + w x look share,
   * and the fallback's evidence is prototypes.fallbackScore.
   * The best decision score is the primary category; others join when their evidence is strong enough on
   * its own and beside the strongest.
   */
  categorize(e: Evidence): CategoryScore[] {
    const { minPrimary, minSecondary, secondaryRatio } = this.rules.decision;
    const evidence = new Map([...this.explain(e)].map(([c, s]) => [c, 1 - (1 - Math.min(1, s.labels)) * (1 - s.objects) * (1 - s.faces)]));
    const look = this.look(e.features);
    const w = look.size ? this.rules.prototypes!.weight : 0;
    evidence.set(this.fallback, w ? this.rules.prototypes!.fallbackScore : minPrimary);
    const scored = this.names
      .map((category) => {
        const ev = evidence.get(category) ?? 0;
        return { category, ev, score: (1 - w) * ev + w * (look.get(category) ?? 0) };
      })
      // on a tie the evidence decides, then a real album over the fallback, then the name
      .sort((a, b) => b.score - a.score || b.ev - a.ev || +(a.category === this.fallback) - +(b.category === this.fallback) || a.category.localeCompare(b.category));
    const best = scored[0]!;
    const strongest = Math.max(0, ...scored.filter((s) => s.category !== this.fallback).map((s) => s.ev));
    // the fallback's confidence: its decision share with a look, else how far the best evidence fell short of certainty
    if (best.category === this.fallback) return [{ category: this.fallback, confidence: w ? best.score : 1 - strongest, primary: true }];
    const rest = scored
      .slice(1)
      .filter((s) => s.category !== this.fallback && s.ev > 0 && s.ev >= minSecondary && s.ev >= strongest * secondaryRatio);
    return [best, ...rest].map((s, i) => ({ category: s.category, confidence: s.score, primary: i === 0 }));
  }
}
