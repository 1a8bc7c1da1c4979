// The category decision on synthetic evidence: summed probability mass over the whole distribution,
// detector objects and faces together, with the checked-in rules (resources/category-rules.json).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CategoryRules, prototypesFor, type Evidence } from '../../electron/core/vision/categories.js';
import { VisionService } from '../../electron/core/vision/vision.service.js';
import { REPO } from '../helpers/temp.js';

const labels = fs
  .readFileSync(path.join(REPO, 'models/classify/imagenet-labels.txt'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => l.slice(l.indexOf(',') + 1).split(',')[0]!.trim());
const rulesJson = JSON.parse(fs.readFileSync(path.join(REPO, 'resources/category-rules.json'), 'utf8'));
const rules = new CategoryRules(rulesJson, labels);
const idx = (name: string) => {
  const i = labels.indexOf(name);
  if (i < 0) throw new Error(name);
  return i;
};

/** A 1000-way distribution: the named labels with their probability, the rest spread thinly. */
function dist(named: Record<string, number>): Float32Array {
  const p = new Float32Array(1000);
  const rest = 1 - Object.values(named).reduce((a, b) => a + b, 0);
  p.fill(rest / 1000);
  for (const [name, v] of Object.entries(named)) p[idx(name)] = v + rest / 1000;
  return p;
}
const decide = (named: Record<string, number>, more: Omit<Evidence, 'probs'> = {}) => rules.categorize({ probs: dist(named), ...more });
const primary = (named: Record<string, number>, more: Omit<Evidence, 'probs'> = {}) => decide(named, more)[0]!.category;
const box = (label: string, score: number, x: number, y: number, w: number, h: number) => ({ label, score, x, y, w, h });

describe('category rules table', () => {
  it('names every label correctly, never gives a label more than its probability, covers the albums', () => {
    expect(labels.length).toBe(1000);
    expect(rules.version).toBeGreaterThanOrEqual(3);
    for (const c of ['People', 'Animals', 'Landscapes', 'Vehicles', 'Buildings', 'Food', 'Plants', 'Documents & screenshots', 'Other']) expect(rules.names).toContain(c);
  });

  it('refuses a table whose label names do not match the model labels (off-by-one guard)', () => {
    const broken = structuredClone(rulesJson);
    broken.categories[0].labels[0] = '980: ballplayer';
    expect(() => new CategoryRules(broken, labels)).toThrow(/label 980 is "volcano"/);
  });

  it('refuses a table that gives one label more than all of its probability', () => {
    const broken = structuredClone(rulesJson);
    broken.categories.push({ name: 'Food', weight: 1, labels: ['950: orange'] });
    expect(() => new CategoryRules(broken, labels)).toThrow(/label 950 \(orange\) gives more than all of its probability/);
  });
});

describe('summed probability mass over the whole distribution', () => {
  it('labels each under any old threshold add up: pickup + moped -> Vehicles, a printed page -> Documents', () => {
    expect(primary({ pickup: 0.14, moped: 0.13, 'tow truck': 0.05 })).toBe('Vehicles');
    expect(primary({ menu: 0.15, 'book jacket': 0.12, 'crossword puzzle': 0.1 })).toBe('Documents & screenshots');
    expect(primary({ envelope: 0.2, quill: 0.15, notebook: 0.1 })).toBe('Documents & screenshots'); // handwritten notes
  });

  it('stronger evidence wins, not a fixed priority: geyser 0.49 beats camel 0.21', () => {
    const c = decide({ geyser: 0.49, 'Arabian camel': 0.21 });
    expect(c[0]).toMatchObject({ category: 'Landscapes', primary: true });
    expect(c.map((x) => x.category)).not.toContain('Animals');
  });

  it('fixes the wrong and missing mappings: vault, beacon, bee on flowers, dunes', () => {
    expect(primary({ vault: 0.5 })).toBe('Buildings');
    expect(primary({ beacon: 0.55 })).toBe('Buildings');
    expect(primary({ daisy: 0.35, bee: 0.3 })).toBe('Plants');
    expect(primary({ sandbar: 0.25, seashore: 0.2, 'tile roof': 0.2 })).toBe('Landscapes');
  });

  it('a thin spread of unsure animal guesses is not an animal photo', () => {
    const thin: Record<string, number> = {};
    for (const n of ['green lizard', 'tree frog', 'harvestman', 'lacewing', 'leaf beetle', 'walking stick', 'mantis', 'cricket']) thin[n] = 0.06;
    expect(primary(thin)).not.toBe('Animals');
    expect(primary({ 'tabby': 0.5 })).toBe('Animals');
  });

  it('nothing convincing: Other; a photo can be in several albums, the strongest first', () => {
    expect(decide({ 'paper towel': 0.05, 'window screen': 0.05 })).toEqual([{ category: 'Other', confidence: expect.any(Number), primary: true }]);
    const two = decide({ 'sports car': 0.5, volcano: 0.4 });
    expect(two.map((c) => [c.category, c.primary])).toEqual([['Vehicles', true], ['Landscapes', false]]);
  });
});

describe('objects and faces as evidence', () => {
  const beach = { seashore: 0.5, sandbar: 0.1 };

  it('a person covering a good part of the frame, or several people, make People even without faces', () => {
    expect(primary({ 'soccer ball': 0.65, 'rugby ball': 0.3 }, { objects: [box('person', 0.78, 0.1, 0.2, 0.7, 0.8)] })).toBe('People');
    const crowd = [0.1, 0.3, 0.5].map((x) => box('person', 0.6, x, 0.5, 0.05, 0.15));
    expect(primary({ fountain: 0.3 }, { objects: crowd })).toBe('People');
    expect(decide(beach, { objects: crowd }).map((c) => c.category)).toEqual(['Landscapes', 'People']);
    // one tiny person far away on a beach: still a beach
    expect(primary(beach, { objects: [box('person', 0.6, 0.5, 0.5, 0.03, 0.06)] })).toBe('Landscapes');
  });

  it('animals, vehicles and food from the detector', () => {
    expect(primary({ 'window shade': 0.2 }, { objects: [box('dog', 0.7, 0.1, 0.1, 0.4, 0.4)] })).toBe('Animals');
    expect(primary({ 'syringe': 0.4 }, { objects: [box('motorbike', 0.7, 0.1, 0.3, 0.6, 0.5)] })).toBe('Vehicles');
    expect(primary({ 'quilt': 0.3 }, { objects: [box('cat', 0.6, 0.2, 0.2, 0.5, 0.5)] })).toBe('Animals');
    expect(primary({ 'plate': 0.1 }, { objects: [box('pizza', 0.8, 0.2, 0.2, 0.5, 0.5)] })).toBe('Food');
    // unsure or tiny detections do not count
    expect(primary({ 'window shade': 0.3 }, { objects: [box('dog', 0.3, 0.1, 0.1, 0.4, 0.4)] })).not.toBe('Animals');
  });

  it('faces count for People whatever their clustering quality; a "face" inside an animal box does not', () => {
    const face = { x: 0.4, y: 0.2, w: 0.08, h: 0.1, score: 0.9 };
    expect(primary(beach, { faces: [face] })).toBe('People');
    const smallFaces = [0.1, 0.3, 0.5, 0.7].map((x) => ({ x, y: 0.3, w: 0.02, h: 0.03, score: 0.8 }));
    expect(primary(beach, { faces: smallFaces })).toBe('People');
    const dog = box('dog', 0.7, 0.3, 0.1, 0.4, 0.5);
    expect(primary({ 'Labrador retriever': 0.2 }, { objects: [dog], faces: [face] })).toBe('Animals');
    expect(decide({ 'Labrador retriever': 0.2 }, { objects: [dog], faces: [face] }).map((c) => c.category)).not.toContain('People');
  });
});

describe('rules v3: gaps seen on the tuning half of the evaluation set', () => {
  it('a spread of unsure guesses among animals that live in leaves and branches is a plant photo; a clear one is still an animal', () => {
    const leaves: Record<string, number> = {};
    for (const n of ['green lizard', 'tree frog', 'harvestman', 'vine snake', 'leafhopper', 'walking stick', 'chickadee', 'howler monkey']) leaves[n] = 0.06;
    expect(primary(leaves)).toBe('Plants');
    expect(primary({ 'tree frog': 0.8 })).toBe('Animals');
    expect(primary({ monarch: 0.7, daisy: 0.1 })).toBe('Animals');
  });

  it('one person clearly seen counts for People even when smaller than a good part of the frame', () => {
    const skier = box('person', 0.89, 0.4, 0.3, 0.2, 0.38); // 7.6% of the frame
    expect(primary({ ski: 0.92, alp: 0.03 }, { objects: [skier] })).toBe('People');
    // an unsure small "person" does not
    expect(primary({ ski: 0.95, alp: 0.03 }, { objects: [box('person', 0.55, 0.4, 0.3, 0.2, 0.38)] })).not.toBe('People');
  });

  it('a food detection just past its threshold is weak evidence, a sure one is strong', () => {
    const leaf = { 'coral fungus': 0.3, stinkhorn: 0.1 };
    const pizza = (score: number) => ({ objects: [box('pizza', score, 0.1, 0.1, 0.8, 0.9)] });
    expect(primary(leaf, pizza(0.53))).toBe('Plants');
    expect(primary(leaf, pizza(0.85))).toBe('Food');
    const weak = rules.explain({ probs: dist(leaf), ...pizza(0.53) }).get('Food')!.objects;
    const sure = rules.explain({ probs: dist(leaf), ...pizza(0.85) }).get('Food')!.objects;
    expect(weak).toBeLessThan(0.2);
    expect(sure).toBeCloseTo(0.85 * 0.9, 5);
  });

  it('a paraglider in the sky is a landscape, a rocket on its pad a vehicle, a flower disc taken for a honeycomb a plant', () => {
    expect(primary({ parachute: 0.79, balloon: 0.11 })).toBe('Landscapes');
    expect(primary({ 'drilling platform': 0.45, missile: 0.39, projectile: 0.12 })).toBe('Vehicles');
    expect(primary({ honeycomb: 0.9 })).toBe('Plants');
  });

  it('the classify stage version names the classifier views, so changing them re-classifies the library', async () => {
    const vision = VisionService.open(path.join(REPO, 'models'));
    try {
      expect(vision.classifier!.input.views).toEqual(['centre-crop', 'whole']);
      expect(vision.classifyVersion()).toMatch(/^mobilenet-v2-1\.0-224-quant@1:centre-crop\+whole\+rules4\+look\d+\+faces:/);
    } finally {
      await vision.close();
    }
  });
});

describe('the look of a photo: pooled features against each album prototype', () => {
  // 4-d "features" and prototypes: enough to see the mixing; the real ones are 1280-d (resources/category-prototypes.json)
  const unit = (v: number[]) => v.map((x) => x / Math.hypot(...v));
  const protoJson = {
    version: 7,
    models: {
      m: {
        version: '2',
        dims: 4,
        categories: {
          Landscapes: [1, 0, 0, 0],
          Food: [0, 1, 0, 0],
          Buildings: [0, 0, 1, 0],
          Other: [0, 0, 0, 1],
          People: [-1, 0, 0, 0],
          Animals: [0, -1, 0, 0],
          Plants: [0, 0, -1, 0],
          Vehicles: [0, 0, 0, -1],
          'Documents & screenshots': [-1, -1, -1, -1],
        },
      },
    },
  };
  const withLook = { ...rulesJson, prototypes: { file: 'p.json', weight: 0.45, sharpness: 20, fallbackScore: 0.35 } };
  const looking = new CategoryRules(withLook, labels, prototypesFor(protoJson, { id: 'm', version: '2' }));
  const landscapeLook = unit([0.9, 0.1, 0.1, 0.1]);

  it('a photo whose guesses belong to no album but which looks like a landscape is a landscape', () => {
    // a valley's guesses spread over labels of no album: evidence alone says Other
    const spread = { 'picket fence': 0.1, 'worm fence': 0.1, 'hay': 0.08 };
    expect(primary(spread)).toBe('Other');
    const cats = looking.categorize({ probs: dist(spread), features: landscapeLook });
    expect(cats[0]).toMatchObject({ category: 'Landscapes', primary: true });
    expect(looking.look(landscapeLook).get('Landscapes')).toBeGreaterThan(0.9);
  });

  it('strong evidence still beats the look; without features the decision is the evidence alone', () => {
    const cat = { 'tabby': 0.8 };
    expect(looking.categorize({ probs: dist(cat), features: landscapeLook })[0]!.category).toBe('Animals');
    expect(looking.categorize({ probs: dist({ 'picket fence': 0.1 }) })).toEqual(rules.categorize({ probs: dist({ 'picket fence': 0.1 }) }));
    expect(looking.look(null).size).toBe(0);
    expect(looking.look([1, 0])).toEqual(new Map()); // features of another size: not this classifier's
  });

  it('prototypes fitted for another classifier or version are not used; a prototype of the wrong size is refused', () => {
    expect(prototypesFor(protoJson, { id: 'm', version: '3' })).toBeNull();
    expect(prototypesFor(protoJson, { id: 'other', version: '2' })).toBeNull();
    expect(new CategoryRules(withLook, labels, null).lookVersion).toBeNull();
    expect(looking.lookVersion).toBe(7);
    const bad = { version: 1, models: { m: { version: '2', dims: 4, categories: { ...protoJson.models.m.categories, Food: [1, 0] } } } };
    expect(() => prototypesFor(bad, { id: 'm', version: '2' })).toThrow(/Food has 2 numbers, not 4/);
  });

  it('the checked-in prototypes are for the bundled classifier, one per album; an unusable prototypes file leaves the look out and says so', async () => {
    const vision = VisionService.open(path.join(REPO, 'models'));
    try {
      expect(vision.problems()).toEqual([]);
      expect(vision.rules!.usesLook).toBe(true);
      expect(vision.rules!.look(new Float32Array(1280).fill(1 / Math.sqrt(1280))).size).toBe(rules.names.length);
    } finally {
      await vision.close();
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rules-'));
    try {
      fs.writeFileSync(path.join(dir, 'rules.json'), JSON.stringify(withLook));
      const missing = CategoryRules.load(path.join(dir, 'rules.json'), labels, { id: 'm', version: '2' });
      expect(missing.usesLook).toBe(false);
      expect(missing.lookProblem).toMatch(/p\.json .*cannot be used: it is missing\. Categories are decided without the photo's look/);
      expect(missing.categorize({ probs: dist({ tabby: 0.8 }), features: landscapeLook })[0]!.category).toBe('Animals');
      // a prototype for an album the rules do not have (a misspelt name) is refused, not given a share of every look
      const misspelt = { version: 1, models: { m: { version: '2', dims: 4, categories: { ...protoJson.models.m.categories, 'Document & screenshots': [0, 1, 1, 0] } } } };
      fs.writeFileSync(path.join(dir, 'p.json'), JSON.stringify(misspelt));
      expect(CategoryRules.load(path.join(dir, 'rules.json'), labels, { id: 'm', version: '2' }).lookProblem).toMatch(/prototypes are for the albums .*Document & screenshots/);
      // a classifier without prototypes in the file: evidence alone, and nothing to complain about
      expect(CategoryRules.load(path.join(dir, 'rules.json'), labels, { id: 'other', version: '1' }).lookProblem).toBeNull();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('with the look, "nothing convincing" needs the fallback score; features that are not numbers leave the look out', () => {
    const otherLook = unit([0.1, 0.1, 0.1, 0.9]);
    // weak evidence for Animals (0.3) against a look of Other: the fallback's 0.35 plus its look share wins
    const weak = looking.categorize({ probs: dist({ tabby: 0.3 }), features: otherLook });
    expect(weak[0]).toMatchObject({ category: 'Other', primary: true });
    expect(weak[0]!.confidence).toBeCloseTo(0.55 * 0.35 + 0.45 * looking.look(otherLook).get('Other')!, 5);
    expect(looking.look([NaN, 0, 0, 1]).size).toBe(0);
    expect(looking.categorize({ probs: dist({ tabby: 0.3 }), features: [NaN, 0, 0, 1] })).toEqual(rules.categorize({ probs: dist({ tabby: 0.3 }) }));
  });
});
