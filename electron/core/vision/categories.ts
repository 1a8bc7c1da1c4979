import fs from 'node:fs';
import { z } from 'zod';
import type { CategoryScore, Prediction } from '../db/repos/category.repo.js';

const RulesSchema = z.object({
  version: z.number().int(),
  fallback: z.string(),
  categories: z.array(
    z.object({
      name: z.string(),
      priority: z.number(),
      minConfidence: z.number().min(0).max(1),
      labels: z.array(z.string().regex(/^\d+: .+$/)).default([]),
      ranges: z.array(z.tuple([z.number().int(), z.number().int()])).default([]),
    }),
  ),
});

export type { CategoryScore };

interface Rule {
  category: string;
  priority: number;
  minConfidence: number;
}

/** The checked-in table (resources/category-rules.json) that turns ImageNet labels into albums. */
export class CategoryRules {
  readonly version: number;
  readonly fallback: string;
  readonly names: string[];
  private readonly byLabel = new Map<number, Rule[]>();
  private readonly priority = new Map<string, number>();

  constructor(json: unknown, labels: string[]) {
    const r = RulesSchema.parse(json);
    this.version = r.version;
    this.fallback = r.fallback;
    for (const c of r.categories) {
      const rule = { category: c.name, priority: c.priority, minConfidence: c.minConfidence };
      this.priority.set(c.name, c.priority);
      const indices: number[] = [];
      for (const entry of c.labels) {
        const [i, name] = [Number(entry.slice(0, entry.indexOf(':'))), entry.slice(entry.indexOf(':') + 2)];
        if (labels[i] !== name) throw new Error(`category rules: label ${i} is "${labels[i]}", not "${name}"`);
        indices.push(i);
      }
      for (const [a, b] of c.ranges) for (let i = a; i <= b; i++) indices.push(i);
      for (const i of indices) this.byLabel.set(i, [...(this.byLabel.get(i) ?? []), rule]);
    }
    this.names = [...new Set([...r.categories.map((c) => c.name), r.fallback])];
  }

  static load(file: string, labels: string[]): CategoryRules {
    return new CategoryRules(JSON.parse(fs.readFileSync(file, 'utf8')), labels);
  }

  /**
   * A category's score is the sum of its qualifying labels' confidences (top-5 only). Extra
   * evidence (faces -> People) joins with its own confidence. The primary category is the one with
   * the highest priority, then the highest score; with nothing qualifying, the fallback.
   */
  categorize(top: Prediction[], extra: { category: string; confidence: number }[] = []): CategoryScore[] {
    const score = new Map<string, number>();
    for (const p of top) {
      for (const rule of this.byLabel.get(p.index) ?? []) {
        if (p.confidence >= rule.minConfidence) score.set(rule.category, (score.get(rule.category) ?? 0) + p.confidence);
      }
    }
    for (const e of extra) score.set(e.category, Math.max(score.get(e.category) ?? 0, e.confidence));
    if (!score.size) return [{ category: this.fallback, confidence: top[0]?.confidence ?? 0, primary: true }];
    const ranked = [...score.entries()].sort((a, b) => (this.priority.get(b[0]) ?? 0) - (this.priority.get(a[0]) ?? 0) || b[1] - a[1]);
    return ranked.map(([category, confidence], i) => ({ category, confidence: Math.min(1, confidence), primary: i === 0 }));
  }
}
