import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CategoryRules } from '../../electron/core/vision/categories.js';
import { REPO } from '../helpers/temp.js';

const labels = fs
  .readFileSync(path.join(REPO, 'models/classify/imagenet-labels.txt'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => l.slice(l.indexOf(',') + 1).split(',')[0]!.trim());
const rulesJson = JSON.parse(fs.readFileSync(path.join(REPO, 'resources/category-rules.json'), 'utf8'));
const p = (index: number, confidence: number) => ({ index, label: labels[index]!, confidence });

describe('category rules table', () => {
  const rules = new CategoryRules(rulesJson, labels);

  it('names every label correctly and covers the required albums', () => {
    expect(labels.length).toBe(1000);
    for (const c of ['People', 'Animals', 'Landscapes', 'Vehicles', 'Buildings', 'Food', 'Plants', 'Documents & screenshots', 'Other']) expect(rules.names).toContain(c);
  });

  it('refuses a table whose label names do not match the model labels (off-by-one guard)', () => {
    const broken = structuredClone(rulesJson);
    broken.categories[0].labels[0] = '980: ballplayer';
    expect(() => new CategoryRules(broken, labels)).toThrow(/label 980 is "volcano"/);
  });

  it('maps labels to categories with minimum confidence and priority', () => {
    expect(rules.categorize([p(291, 0.9), p(950, 0.05)])).toEqual([{ category: 'Animals', confidence: 0.9, primary: true }]); // lion
    expect(rules.categorize([p(950, 0.1)])).toEqual([{ category: 'Other', confidence: 0.1, primary: true }]); // orange, too unsure
    const two = rules.categorize([p(817, 0.5), p(980, 0.3)]); // sports car, volcano
    expect(two.map((c) => [c.category, c.primary])).toEqual([['Vehicles', true], ['Landscapes', false]]);
    // a weak clothing label needs more confidence than a strong people label
    expect(rules.categorize([p(834, 0.3)])[0]!.category).toBe('Other'); // suit at 0.3
    expect(rules.categorize([p(834, 0.6)])[0]!.category).toBe('People');
  });

  it('adds outside evidence (faces count towards People)', () => {
    const c = rules.categorize([p(950, 0.6)], [{ category: 'People', confidence: 0.99 }]);
    expect(c[0]).toEqual({ category: 'People', confidence: 0.99, primary: true });
    expect(c[1]!.category).toBe('Food');
  });
});
