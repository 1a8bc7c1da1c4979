import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/core/api.js';
import { thumbnailPath } from '../../electron/core/media/thumbnails.js';
import type { SmartAlbum } from '../../electron/core/smart-album.js';
import { VisionService } from '../../electron/core/vision/vision.service.js';
import { indexFolder, openEngine } from '../helpers/engine.js';
import { FIXTURES, REPO, tempDir } from '../helpers/temp.js';

let app: SmartAlbum;
let data: string;
const idOf = (name: string) => (app.catalog.db.prepare('SELECT id FROM photos WHERE file_name = ?').get(name) as { id: number }).id;

beforeAll(async () => {
  data = tempDir('cat');
  app = openEngine(data);
  await indexFolder(app, path.join(FIXTURES, 'everyday'));
});
afterAll(() => app?.close());

describe('category albums from the real classifier', () => {
  it('keeps the top-5 labels and one primary category for every photo', () => {
    const api = createHandlers(app);
    for (const name of fs.readdirSync(path.join(FIXTURES, 'everyday'))) {
      const c = api['photos.classification']({ id: idOf(name) }) as Awaited<ReturnType<(typeof api)['photos.classification']>>;
      expect(c.labels).toHaveLength(5);
      expect(c.labels[0]!.model).toBe('mobilenet-v2-1.0-224-quant');
      expect(c.labels[0]!.confidence).toBeGreaterThanOrEqual(c.labels[4]!.confidence);
      expect(c.categories.filter((x) => x.primary)).toHaveLength(1);
    }
  });

  it('puts the fruit photos in Food', () => {
    const food = app.catalog.categories.photos('Food', 100, 0).map((r) => app.catalog.photos.get(r.photo_id)!.file_name);
    expect(food).toEqual(expect.arrayContaining(['fruits.jpg', 'orange.jpg', 'apple.jpg']));
    expect(app.catalog.categories.labels(idOf('fruits.jpg'))[0]!.name).toBe('lemon');
  });

  it('gives each category album a cover: the surest photo whose main category it is, never one in the bin', async () => {
    const api = createHandlers(app);
    const list = () => (api['categories.list']({}) as { categories: { category: string; coverPhotoId: number | null }[] }).categories;
    const mainOf = (id: number) => app.catalog.categories.forPhoto(id).find((c) => c.is_primary)!;
    for (const c of list()) {
      const main = app.catalog.categories
        .photos(c.category, 1000, 0)
        .map((r) => ({ id: r.photo_id, main: mainOf(r.photo_id) }))
        .filter((r) => r.main.category === c.category);
      if (!main.length) continue;
      const surest = Math.max(...main.map((r) => r.main.confidence));
      expect(main.find((r) => r.id === c.coverPhotoId)?.main.confidence, c.category).toBe(surest);
    }
    const food = list().find((c) => c.category === 'Food')!;
    const cover = food.coverPhotoId!;
    await app.trash.add([cover]);
    expect(list().find((c) => c.category === 'Food')!.coverPhotoId).not.toBe(cover);
    app.trash.restore([cover]);
    expect(list().find((c) => c.category === 'Food')!.coverPhotoId).toBe(cover);
  });

  it('a correction wins over re-classification; only the classify stage re-runs on a new rules version', async () => {
    const api = createHandlers(app);
    const fish = idOf('HappyFish.jpg');
    const corrected = await api['photos.setCategories']({ id: fish, categories: ['Animals'] });
    expect(corrected.categories).toEqual([{ category: 'Animals', confidence: 1, primary: true, assignedBy: 'user' }]);
    await expect(Promise.resolve().then(() => api['photos.setCategories']({ id: fish, categories: ['Fishy'] }))).rejects.toThrow(/Unknown category "Fishy"/);

    // a new rules version: every photo's classification is redone, media untouched
    const rulesDir = tempDir('rules');
    const rules = JSON.parse(fs.readFileSync(path.join(REPO, 'resources/category-rules.json'), 'utf8'));
    rules.version += 1;
    fs.writeFileSync(path.join(rulesDir, 'rules.json'), JSON.stringify(rules));
    fs.copyFileSync(path.join(REPO, 'resources', rules.prototypes.file), path.join(rulesDir, rules.prototypes.file));
    const thumbBefore = fs.statSync(thumbnailPath(data, fish, 'small')).mtimeMs;
    const largeBefore = fs.statSync(thumbnailPath(data, fish, 'large')).mtimeMs;
    const objectStages = () => app.catalog.db.prepare(`SELECT photo_id, version, done_at FROM photo_stages WHERE stage = 'objects' ORDER BY photo_id`).all();
    const objectsBefore = objectStages();
    expect(objectsBefore).toHaveLength(10);
    await app.close();
    app = openEngine(data, { vision: VisionService.open(path.join(REPO, 'models'), path.join(rulesDir, 'rules.json')) });
    const { index } = await app.scanAndIndex();
    expect(index.understood).toBe(10); // pass 2 only...
    expect(index.indexed).toBe(0); // ...pass 1 (hash, EXIF, grid thumbnail) is not redone
    expect(app.catalog.db.prepare(`SELECT COUNT(*) AS n FROM photo_stages WHERE stage = 'classify' AND version LIKE ?`).get(`%rules${rules.version}+%`)).toEqual({ n: 10 });
    expect(fs.statSync(thumbnailPath(data, fish, 'small')).mtimeMs).toBe(thumbBefore);
    expect(fs.statSync(thumbnailPath(data, fish, 'large')).mtimeMs).toBe(largeBefore); // nor pass 2's detail stage
    expect(objectStages()).toEqual(objectsBefore); // detection is not redone for new rules
    expect(createHandlers(app)['photos.classification']({ id: fish })).toMatchObject({ categories: [{ category: 'Animals', assignedBy: 'user' }] });
  });
});

describe('a missing or damaged model', () => {
  it('still catalogues photos, says what is wrong, and classifies them once the model is back', async () => {
    const models = tempDir('models');
    fs.cpSync(path.join(REPO, 'models'), models, { recursive: true });
    const onnx = path.join(models, 'classify/mobilenet-v2-1.0-224-quant.onnx');
    const good = fs.readFileSync(onnx);
    fs.writeFileSync(onnx, good.subarray(0, 1000)); // truncated download
    const rules = path.join(REPO, 'resources/category-rules.json');
    const d = tempDir('nomodel');
    const broken = openEngine(d, { vision: VisionService.open(models, rules) });
    const { index } = await indexFolder(broken, path.join(FIXTURES, 'everyday'));
    expect(index.indexed).toBe(10);
    expect(broken.status().problems.join()).toMatch(/mobilenet-v2-1\.0-224-quant.*has 1000 bytes instead of 3564857/);
    expect(broken.catalog.categories.categoryCounts()).toEqual([]);
    await broken.close();

    fs.writeFileSync(onnx, good);
    const fixed = openEngine(d, { vision: VisionService.open(models, rules) });
    try {
      const again = await fixed.scanAndIndex();
      expect(again.index.understood).toBe(10); // pass 2 only: pass 1 is not redone
      expect(fixed.status().problems).toEqual([]);
      expect(fixed.catalog.categories.categoryCounts().reduce((a, c) => a + c.photos, 0)).toBeGreaterThanOrEqual(10);
    } finally {
      await fixed.close();
    }
  });

  it('a model file replaced by something else fails its checksum', async () => {
    const models = tempDir('models2');
    fs.cpSync(path.join(REPO, 'models'), models, { recursive: true });
    const onnx = path.join(models, 'classify/mobilenet-v2-1.0-224-quant.onnx');
    const bytes = fs.readFileSync(onnx);
    bytes[bytes.length - 10]! ^= 0xff;
    fs.writeFileSync(onnx, bytes);
    const v = VisionService.open(models, path.join(REPO, 'resources/category-rules.json'));
    const results = await v.registry!.verifyAll();
    expect(results.find((r) => r.id === 'mobilenet-v2-1.0-224-quant')).toEqual({
      id: 'mobilenet-v2-1.0-224-quant',
      ok: false,
      message: expect.stringMatching(/does not match its checksum.*Category albums are paused/),
    });
    expect(results.filter((r) => r.ok).map((r) => r.id)).toEqual(['squeezenet1.0', 'nanodet-m-416', 'nanodet-m-320', 'yunet-2023mar', 'mobilefacenet-paddle-128']);
    await v.close();
  });
});
