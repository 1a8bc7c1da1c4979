import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify, imagenetProbabilities } from '../../electron/core/vision/classifier.js';
import { decodePhoto } from '../../electron/core/media/decode.js';
import { ManifestSchema } from '../../electron/core/vision/manifest.js';
import { ModelRegistry, parseLabels } from '../../electron/core/vision/model-registry.js';
import { FIXTURES, REPO } from '../helpers/temp.js';

const manifest = ManifestSchema.parse(JSON.parse(fs.readFileSync(path.join(REPO, 'models/manifest.json'), 'utf8')));
const spec = (id: string) => manifest.models.find((m) => m.id === id)!;
const labelsOf = (id: string) => parseLabels(fs.readFileSync(path.join(REPO, 'models', spec(id).labels!.file), 'utf8'), spec(id).output.backgroundIndex);

describe('the bundled classifiers speak the same 1000 ImageNet labels', () => {
  it('MobileNetV2 is the default; its labels without "background" are SqueezeNet\'s, index for index', () => {
    expect(manifest.active.classify).toBe('mobilenet-v2-1.0-224-quant');
    const mobile = labelsOf('mobilenet-v2-1.0-224-quant');
    expect(mobile).toHaveLength(1000);
    expect(mobile).toEqual(labelsOf('squeezenet1.0'));
    expect(mobile.slice(0, 2)).toEqual(['tench', 'goldfish']);
    expect(mobile[981]).toBe('ballplayer');
  });

  it('drops the background output and renormalises the other 1000', () => {
    const raw = new Float32Array(1001);
    raw[0] = 0.5; // background
    raw[1] = 0.25; // tench
    raw[982] = 0.25; // ballplayer
    const p = imagenetProbabilities(raw, spec('mobilenet-v2-1.0-224-quant'));
    expect(p).toHaveLength(1000);
    expect(p[0]).toBeCloseTo(0.5);
    expect(p[981]).toBeCloseTo(0.5);
    // SqueezeNet: already 1000 probabilities, untouched
    const sq = new Float32Array(1000).fill(0.001);
    expect(imagenetProbabilities(sq, spec('squeezenet1.0'))).toEqual(sq);
  });

  it('records license, source and the session option that folds the quantised weights', () => {
    const m = spec('mobilenet-v2-1.0-224-quant');
    expect(m.license).toMatch(/Apache-2\.0/);
    expect(m.sessionConfig).toEqual({ 'session.disable_quant_qdq': '1' });
    expect(m.input).toMatchObject({ colorOrder: 'RGB', mean: [128, 128, 128], std: [128, 128, 128], resizeShortSide: 256, size: [224, 224] });
    expect(m.input.views).toEqual(['centre-crop', 'whole']); // the whole photo as a second view pays for its ~12 ms (see the manifest note)
    expect(fs.existsSync(path.join(REPO, 'models/classify/LICENSE-coral-test-data-apache-2.0'))).toBe(true);
  });
});

describe('two views of a photo', () => {
  it('classifies the centre crop and the whole photo in one batch and averages them; features come from the crop', async () => {
    const registry = ModelRegistry.load(path.join(REPO, 'models'));
    try {
      const one = spec('mobilenet-v2-1.0-224-quant');
      const both = { ...one, id: 'both', input: { ...one.input, views: ['centre-crop', 'whole'] as ('centre-crop' | 'whole')[] } };
      const img = (await decodePhoto(fs.readFileSync(path.join(FIXTURES, 'everyday/aero1.jpg')), 'aero1.jpg', false)).working;
      const crop = await classify(registry, { ...both, id: 'crop', input: { ...both.input, views: ['centre-crop'] } }, img);
      const whole = await classify(registry, { ...both, id: 'whole', input: { ...both.input, views: ['whole'] } }, img);
      const avg = await classify(registry, both, img);
      expect(avg.probs).toHaveLength(1000);
      for (const i of [0, 979, avg.top[0]!.index]) expect(avg.probs[i]).toBeCloseTo((crop.probs[i]! + whole.probs[i]!) / 2, 4);
      expect(avg.probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
      expect(avg.features).toHaveLength(1280);
      for (const i of [0, 500, 1279]) expect(avg.features![i]).toBeCloseTo(crop.features![i]!, 4);
      expect(crop.probs).not.toEqual(whole.probs);
    } finally {
      await registry.release();
    }
  });
});
