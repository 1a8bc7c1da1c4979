// Search by a low-grade face: tiny, blurred, dark faces look alike whoever they are (on the harder
// face set, pairs of different people matched at 99%), so a low-grade query is not matched with other
// low-grade faces, and with good faces only at the stricter confidence.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/core/api.js';
import { embeddingOf } from '../../electron/core/db/repos/face.repo.js';
import { matchProbability } from '../../electron/core/people/calibration.js';
import { lowThreshold } from '../../electron/core/people/people.service.js';
import type { SmartAlbum } from '../../electron/core/smart-album.js';
import { cosine } from '../../electron/core/vision/face-embedder.js';
import { indexFolder, openEngine } from '../helpers/engine.js';
import { FIXTURES, tempDir } from '../helpers/temp.js';

let app: SmartAlbum;
let lib: string;
const DEEPFACE = path.join(FIXTURES, 'faces/deepface');
const WHO = ['df01', 'df02', 'df03', 'df05', 'df06', 'df10', 'df11', 'df12'];

/** The fixture's face (centred, ~128 px wide) at 40 px, blurred (sigma 2), dark, turned 15 degrees, in a 640x480 JPEG at quality 35. */
async function degrade(src: string, out: string): Promise<void> {
  const { width } = await sharp(src).metadata();
  const face = await sharp(src)
    .resize(Math.round((width! * 40) / 128))
    .blur(2)
    .modulate({ brightness: 0.35 })
    .gamma(1.4)
    .rotate(15, { background: '#6b6b70' })
    .png()
    .toBuffer();
  await sharp({ create: { width: 640, height: 480, channels: 3, background: '#6b6b70' } })
    .composite([{ input: face, gravity: 'centre' }])
    .jpeg({ quality: 35 })
    .toFile(out);
}

type Row = { id: number; who: string; quality_ok: number; emb: Float32Array };
let faces: Row[];

beforeAll(async () => {
  lib = tempDir('search-low');
  for (const who of WHO) {
    for (const file of fs.readdirSync(path.join(DEEPFACE, who)).slice(0, 2)) await degrade(path.join(DEEPFACE, who, file), path.join(lib, `${who}-${file}`));
  }
  app = openEngine(tempDir('search-low-data'));
  await indexFolder(app, lib);
  faces = app.catalog.people.clusterable().map((f) => ({ id: f.id, who: path.basename(app.catalog.photos.get(f.photo_id)!.path).split('-')[0]!, quality_ok: f.quality_ok, emb: embeddingOf(f) }));
}, 240_000);
afterAll(() => app?.close());

describe('search by a low-grade face', () => {
  it('the degraded faces are found and graded low, and some of different people match each other closely', () => {
    expect(faces.length).toBeGreaterThanOrEqual(WHO.length * 2 - 2);
    for (const f of faces) expect(f.quality_ok).toBe(0);
    const strict = lowThreshold(app.people.threshold());
    const risky = faces.flatMap((a) => faces.filter((b) => b.id > a.id && b.who !== a.who && matchProbability(app.people.calibration!, cosine(a.emb, b.emb)) >= strict));
    expect(risky.length).toBeGreaterThan(0);
  });

  it('returns no other low-grade face of someone else', async () => {
    const api = createHandlers(app, undefined, { trustedLocalUser: true });
    for (const q of faces) {
      const found = await api['faces.search']({ faceId: q.id, limit: 100 });
      const strangers = found.filter((m) => m.faceId !== q.id && faces.find((f) => f.id === m.faceId)?.who !== q.who);
      expect(strangers.map((m) => `${q.who} -> face #${m.faceId} (${m.confidence.toFixed(3)})`)).toEqual([]);
    }
  });

  it('search by image holds a low-grade query face to the same rules: by dropped file or by library photo, no stranger\'s low-grade face is offered', async () => {
    const api = createHandlers(app, undefined, { trustedLocalUser: true });
    const whoOfPhoto = (photoId: number) => path.basename(app.catalog.photos.get(photoId)!.path).split('-')[0]!;
    const files = fs.readdirSync(lib).filter((f) => f.endsWith('.jpg'));
    const strangers: string[] = [];
    for (const file of files) {
      const who = file.split('-')[0]!;
      const byFile = await api['search.similar']({ imagePath: path.join(lib, file), limit: 50 });
      const photoId = app.catalog.photos.byPath(path.join(lib, file))?.id;
      const byPhoto = photoId === undefined ? null : await api['search.similar']({ photoId, limit: 50 });
      for (const r of [byFile, byPhoto]) {
        for (const item of r?.faces?.items ?? []) if (whoOfPhoto(item.photo.id) !== who) strangers.push(`${file} -> ${whoOfPhoto(item.photo.id)} (${item.confidence.toFixed(3)})`);
      }
    }
    expect(strangers).toEqual([]);
  });

  it('a dropped image with a low-grade face says so; a clear one does not', async () => {
    const { queryFromImage } = await import('../../electron/core/people/face-search.js');
    const degraded = path.join(lib, fs.readdirSync(lib).find((f) => f.endsWith('.jpg'))!);
    expect((await queryFromImage(app.vision, degraded)).low).toBe(true);
    const clear = path.join(DEEPFACE, WHO[0]!, fs.readdirSync(path.join(DEEPFACE, WHO[0]!))[0]!);
    expect((await queryFromImage(app.vision, clear)).low).toBe(false);
  });
});

describe('search by image with a low-grade face in a library that also has clear photos', () => {
  const PEOPLE = ['df01', 'df02', 'df03', 'df05'];
  let app2: SmartAlbum;
  let lib2: string;
  /** milder than degrade(): 60 px, blur 1, dark, JPEG q50 - low-grade, yet still like its person */
  async function dim(src: string, out: string): Promise<void> {
    const { width } = await sharp(src).metadata();
    const face = await sharp(src).resize(Math.round((width! * 60) / 128)).blur(1).modulate({ brightness: 0.35 }).gamma(1.4).png().toBuffer();
    await sharp({ create: { width: 640, height: 480, channels: 3, background: '#6b6b70' } }).composite([{ input: face, gravity: 'centre' }]).jpeg({ quality: 50 }).toFile(out);
  }
  beforeAll(async () => {
    lib2 = tempDir('search-low-mixed');
    for (const who of PEOPLE) {
      const files = fs.readdirSync(path.join(DEEPFACE, who)).filter((f) => f.endsWith('.jpg'));
      for (const file of files.slice(1, 3)) fs.copyFileSync(path.join(DEEPFACE, who, file), path.join(lib2, `${who}-clear-${file}`));
      await dim(path.join(DEEPFACE, who, files[0]!), path.join(lib2, `${who}-dim-${files[0]}`));
    }
    app2 = openEngine(tempDir('search-low-mixed-data'));
    await indexFolder(app2, lib2);
  }, 240_000);
  afterAll(() => app2?.close());

  it('a dim query finds its own person\'s clear photos and no one else\'s', async () => {
    const api = createHandlers(app2, undefined, { trustedLocalUser: true });
    const whoOf = (photoId: number) => path.basename(app2.catalog.photos.get(photoId)!.path).split('-')[0]!;
    const dims = fs.readdirSync(lib2).filter((f) => f.includes('-dim-'));
    const { queryFromImage } = await import('../../electron/core/people/face-search.js');
    let foundOwn = 0;
    const strangers: string[] = [];
    for (const file of dims) {
      expect((await queryFromImage(app2.vision, path.join(lib2, file))).low).toBe(true);
      const r = await api['search.similar']({ imagePath: path.join(lib2, file), limit: 50 });
      const items = r.faces?.items ?? [];
      if (items.some((i) => whoOf(i.photo.id) === file.split('-')[0] && i.photo.fileName.includes('-clear-'))) foundOwn++;
      for (const i of items) if (whoOf(i.photo.id) !== file.split('-')[0]) strangers.push(`${file} -> ${i.photo.fileName} (${i.confidence.toFixed(3)})`);
    }
    expect(strangers).toEqual([]);
    expect(foundOwn).toBeGreaterThanOrEqual(dims.length - 1);
  });
});

