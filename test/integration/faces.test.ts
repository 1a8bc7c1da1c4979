import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddingOf } from '../../electron/core/db/repos/face.repo.js';
import type { SmartAlbum } from '../../electron/core/smart-album.js';
import { cosine } from '../../electron/core/vision/face-embedder.js';
import { iou } from '../../electron/core/vision/box.js';
import { vocFaceBoxes } from '../helpers/voc-truth.js';
import { indexFolder, openEngine } from '../helpers/engine.js';
import { FIXTURES, tempDir } from '../helpers/temp.js';

const VOC = path.join(FIXTURES, 'faces/dlib-voc');
let app: SmartAlbum;



/** by the end of its path ('who/img1.jpg'): several people folders have an img1.jpg */
const photo = (tail: string) =>
  app.catalog.db.prepare('SELECT * FROM photos WHERE path LIKE ?').get(`%${path.sep}${tail}`) as { id: number; width: number; height: number };

beforeAll(async () => {
  const lib = tempDir('faces');
  fs.cpSync(VOC, path.join(lib, 'voc'), { recursive: true });
  fs.cpSync(path.join(FIXTURES, 'faces/people'), path.join(lib, 'people'), { recursive: true });
  app = openEngine(tempDir('faces-data'));
  await indexFolder(app, lib);
}, 120_000);
afterAll(() => app?.close());

describe('faces', () => {
  it('finds the labelled faces of the dlib/VOC photos (recall and false positives)', () => {
    let truth = 0, found = 0, falsePositives = 0;
    for (const [file, boxes] of vocFaceBoxes()) {
      const p = photo(file);
      const faces = app.catalog.faces.forPhoto(p.id).map((f) => ({ x: f.x * p.width, y: f.y * p.height, w: f.w * p.width, h: f.h * p.height }));
      truth += boxes.length;
      found += boxes.filter((b) => faces.some((f) => iou(f, b) > 0.3)).length;
      falsePositives += faces.filter((f) => !boxes.some((b) => iou(f, b) > 0.3)).length;
    }
    expect(truth).toBe(43);
    expect(found).toBeGreaterThanOrEqual(42);
    expect(falsePositives).toBeLessThanOrEqual(2);
  });

  it('finds the 24 faces of bald_guys.jpg, good enough to cluster', () => {
    const faces = app.catalog.faces.forPhoto(photo('bald_guys.jpg').id);
    expect(faces.filter((f) => f.quality_ok === 1).length).toBeGreaterThanOrEqual(24);
  });

  it('embeds faces so the same person is closer than any two different people', () => {
    const people = path.join(FIXTURES, 'faces/people');
    const embs: { who: string; e: Float32Array }[] = [];
    for (const who of fs.readdirSync(people)) {
      for (const f of fs.readdirSync(path.join(people, who))) {
        const faces = app.catalog.faces.forPhoto(photo(`${who}/${f}`).id);
        expect(faces, `${who}/${f}`).toHaveLength(1);
        expect(faces[0]!.quality_ok).toBe(1);
        embs.push({ who, e: embeddingOf(faces[0]!) });
      }
    }
    let minSame = 1, maxDiff = -1;
    for (let i = 0; i < embs.length; i++) {
      for (let j = i + 1; j < embs.length; j++) {
        const c = cosine(embs[i]!.e, embs[j]!.e);
        if (embs[i]!.who === embs[j]!.who) minSame = Math.min(minSame, c);
        else maxDiff = Math.max(maxDiff, c);
      }
    }
    expect(minSame).toBeGreaterThan(maxDiff + 0.2);
  });

  it('portraits land in People through their faces', () => {
    const people = new Set(app.catalog.categories.photos('People', 1000, 0).map((r) => r.photo_id));
    for (const f of ['obama/obama.jpg', 'biden/biden.jpg', 'rose_leslie/img1.jpg', 'kit_harington/john1.jpeg']) expect(people.has(photo(f).id), f).toBe(true);
  });

  it('re-detection keeps face ids; faces a person decided about stay even if not found again', () => {
    const p = photo('2008_001009.jpg');
    const before = app.catalog.faces.forPhoto(p.id);
    expect(before).toHaveLength(2);
    const again = before.map((f) => ({
      x: f.x + 0.005, y: f.y, w: f.w, h: f.h, landmarks: JSON.parse(f.landmarks), score: f.score, sharpness: f.sharpness,
      sizePx: f.size_px, qualityOk: true, embedding: embeddingOf(f), model: f.model,
    }));
    expect(app.catalog.faces.replaceDetections(p.id, again)).toEqual(before.map((f) => f.id));
    app.catalog.db.prepare(`UPDATE faces SET not_a_face = 1 WHERE id = ?`).run(before[0]!.id);
    app.catalog.faces.replaceDetections(p.id, []); // nothing found this time
    expect(app.catalog.faces.forPhoto(p.id).map((f) => f.id)).toEqual([before[0]!.id]);
  });
});
