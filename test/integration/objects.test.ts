// The objects stage on real photos with the bundled NanoDet-m: stored per photo with boxes, class
// and score, in the API (photos.objects, photos.details) and the CLI; its own versioned stage.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/core/api.js';
import type { SmartAlbum } from '../../electron/core/smart-album.js';
import type { DetectedObject } from '../../electron/shared/contract.js';
import { indexFolder, openEngine, runCli } from '../helpers/engine.js';
import { FIXTURES, REPO, tempDir } from '../helpers/temp.js';
import { VisionService } from '../../electron/core/vision/vision.service.js';

let app: SmartAlbum;
let data: string;
const idOf = (name: string) => (app.catalog.db.prepare('SELECT id FROM photos WHERE file_name = ?').get(name) as { id: number }).id;
const objects = (name: string) => createHandlers(app)['photos.objects']({ id: idOf(name) }) as DetectedObject[];
const labels = (name: string) => objects(name).map((o) => o.label);

beforeAll(async () => {
  data = tempDir('objects');
  const photos = tempDir('objects-photos');
  fs.copyFileSync(path.join(FIXTURES, 'everyday/messi5.jpg'), path.join(photos, 'messi5.jpg'));
  fs.copyFileSync(path.join(FIXTURES, 'everyday/fruits.jpg'), path.join(photos, 'fruits.jpg'));
  fs.copyFileSync(path.join(FIXTURES, 'faces/dlib-voc/dogs.jpg'), path.join(photos, 'dogs.jpg'));
  app = openEngine(data);
  await indexFolder(app, photos);
}, 120_000);
afterAll(() => app?.close());

describe('objects found by the detector', () => {
  it('finds the players and the ball, the fruit and the dogs', () => {
    expect(labels('messi5.jpg')).toEqual(expect.arrayContaining(['person', 'sports ball']));
    expect(labels('messi5.jpg').filter((l) => l === 'person').length).toBeGreaterThanOrEqual(3);
    expect(labels('fruits.jpg').some((l) => ['apple', 'orange', 'banana'].includes(l))).toBe(true);
    expect(labels('dogs.jpg').filter((l) => l === 'dog').length).toBeGreaterThanOrEqual(3);
    expect(labels('dogs.jpg')).not.toContain('person');
  });

  it('gives boxes in original image coordinates, best first', () => {
    const messi = objects('messi5.jpg');
    const photo = app.catalog.photos.get(idOf('messi5.jpg'))!;
    for (let i = 1; i < messi.length; i++) expect(messi[i - 1]!.score).toBeGreaterThanOrEqual(messi[i]!.score);
    for (const o of messi) {
      expect(o.model).toBe('nanodet-m-320');
      expect(o.box.x).toBeGreaterThanOrEqual(0);
      expect(o.box.x + o.box.w).toBeLessThanOrEqual(1.0001);
      expect(o.box.y + o.box.h).toBeLessThanOrEqual(1.0001);
      expect(o.boxPx!.w).toBe(Math.round(o.box.w * photo.width!));
    }
    // the ball lies in the lower right part of the frame, the main player covers much of it
    const ball = messi.find((o) => o.label === 'sports ball')!;
    expect(ball.box.x + ball.box.w / 2).toBeGreaterThan(0.5);
    expect(ball.box.y + ball.box.h / 2).toBeGreaterThan(0.6);
    const player = messi.find((o) => o.label === 'person')!;
    expect(player.box.w * player.box.h).toBeGreaterThan(0.3);
  });

  it('runs as its own versioned stage, shown in photos.details', async () => {
    const stages = app.catalog.db.prepare(`SELECT version FROM photo_stages WHERE stage = 'objects'`).all() as { version: string }[];
    expect(stages).toHaveLength(3);
    for (const s of stages) expect(s.version).toBe('nanodet-m-320@1+o1');
    const details = createHandlers(app)['photos.details']({ id: idOf('dogs.jpg') }) as { objects: { label: string }[] };
    expect(details.objects.map((o) => o.label)).toContain('dog');
    // nothing changed: nothing is redone
    const { index } = await app.scanAndIndex();
    expect(index.indexed).toBe(0);
  });

  it('are evidence for categories: players -> People, dogs -> Animals (their "faces" are not people), fruit -> Food', () => {
    const cats = (name: string) => app.catalog.categories.forPhoto(idOf(name)).map((c) => c.category);
    expect(cats('messi5.jpg')[0]).toBe('People');
    expect(cats('dogs.jpg')[0]).toBe('Animals');
    expect(cats('dogs.jpg')).not.toContain('People');
    expect(cats('fruits.jpg')[0]).toBe('Food');
  });

  it('smart-album objects <photo-id> lists them', async () => {
    const id = idOf('messi5.jpg');
    await app.close();
    const r = await runCli(['--data-dir', data, 'objects', String(id)]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^sports ball +\d+% {2}at \d+,\d+ size \d+x\d+ px$/m);
    expect(r.stdout).toMatch(/^person /m);
    app = openEngine(data);
  });
});

describe('a missing or damaged detector', () => {
  it('indexes and classifies without objects, says what is wrong, and detects them once the file is back', async () => {
    const models = tempDir('models-nodet');
    fs.cpSync(path.join(REPO, 'models'), models, { recursive: true });
    const onnx = path.join(models, 'detect/nanodet-m-320.onnx');
    const good = fs.readFileSync(onnx);
    fs.writeFileSync(onnx, good.subarray(0, 5000));
    const rules = path.join(REPO, 'resources/category-rules.json');
    const photos = tempDir('nodet-photos');
    fs.copyFileSync(path.join(FIXTURES, 'everyday/messi5.jpg'), path.join(photos, 'messi5.jpg'));
    const d = tempDir('nodet-data');
    const broken = openEngine(d, { vision: VisionService.open(models, rules) });
    const { index } = await indexFolder(broken, photos);
    expect(index.indexed).toBe(1);
    expect(broken.status().problems.join()).toMatch(/nanodet-m-320 .* has 5000 bytes instead of 3795445.*Object detection is paused/);
    expect(broken.catalog.categories.categoryCounts().length).toBeGreaterThan(0); // classified from the labels and faces alone
    const classifiedWith = (db: typeof broken) => (db.catalog.db.prepare(`SELECT version FROM photo_stages WHERE stage = 'classify'`).get() as { version: string }).version;
    expect(classifiedWith(broken)).toMatch(/\+objects:none$/);
    await broken.close();

    fs.writeFileSync(onnx, good);
    const fixed = openEngine(d, { vision: VisionService.open(models, rules) });
    try {
      expect((await fixed.scanAndIndex()).index.understood).toBe(1);
      const id = (fixed.catalog.db.prepare('SELECT id FROM photos').get() as { id: number }).id;
      expect(fixed.catalog.objects.forPhoto(id).map((o) => o.label)).toContain('sports ball');
      expect(fixed.catalog.categories.forPhoto(id)[0]!.category).toBe('People');
      expect(fixed.status().problems).toEqual([]);
      expect(classifiedWith(fixed)).toMatch(/\+objects:nanodet-m-320@1\+o1$/); // re-classified with the objects
    } finally {
      await fixed.close();
    }
  });
});
