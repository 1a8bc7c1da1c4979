// Faces that are small, blurred and dark (issue 13): stored with their grade, they join the person
// they clearly match but never found one; search by face finds them; re-clustering keeps every
// name and confirmed face; people who look alike are proposed for merging, never merged silently.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/core/api.js';
import type { SmartAlbum } from '../../electron/core/smart-album.js';
import { indexFolder, openEngine } from '../helpers/engine.js';
import { FIXTURES, tempDir } from '../helpers/temp.js';

let app: SmartAlbum;
let api: ReturnType<typeof createHandlers>;
let lib: string;
const SOURCES = [
  ['biden', 'biden.jpg'],
  ['obama', 'obama2.jpg'],
  ['rose_leslie', 'img2.jpg'],
  ['kit_harington', 'john2.jpeg'],
  ['alex_lacamoire', 'img1.jpg'],
] as const;

const faceOf = (file: string) => app.catalog.faces.forPhoto(app.catalog.photos.byPath(file)!.id)[0];
const worse = (who: string, w: number) => path.join(lib, 'worse', `${who}-${w}.jpg`);

/** A family-album copy: small in a bigger frame, blurred (σ 1.5), dark, JPEG quality 35. */
async function degrade(src: string, width: number, out: string): Promise<void> {
  const small = await sharp(src).resize(width).blur(1.5).modulate({ brightness: 0.45 }).jpeg({ quality: 35 }).toBuffer();
  await sharp({ create: { width: 400, height: 300, channels: 3, background: '#556' } })
    .composite([{ input: small, left: 150, top: 80 }])
    .jpeg({ quality: 35 })
    .toFile(out);
}

beforeAll(async () => {
  lib = tempDir('people-quality');
  fs.cpSync(path.join(FIXTURES, 'faces/people'), path.join(lib, 'people'), { recursive: true });
  fs.mkdirSync(path.join(lib, 'worse'));
  for (const [who, file] of SOURCES) for (const w of [90, 130]) await degrade(path.join(FIXTURES, 'faces/people', who, file), w, worse(who, w));
  app = openEngine(tempDir('people-quality-data'));
  api = createHandlers(app, undefined, { trustedLocalUser: true });
  await indexFolder(app, lib);
  const rows = app.catalog.db
    .prepare('SELECT p.path, f.size_px, f.score, f.sharpness, f.quality_ok, f.person_id, f.match_confidence FROM faces f JOIN photos p ON p.id = f.photo_id ORDER BY p.path')
    .all() as { path: string; size_px: number; score: number; sharpness: number; quality_ok: number; person_id: number | null; match_confidence: number | null }[];
  if (process.env.PEOPLE_DEBUG) for (const r of rows) console.log(path.relative(lib, r.path), r.size_px, r.score, r.sharpness, r.quality_ok, r.person_id, r.match_confidence);
}, 240_000);
afterAll(() => app?.close());

describe('people from low-quality faces', () => {
  it('stores the degraded faces with the low grade instead of leaving them out', () => {
    for (const [who] of SOURCES) expect(faceOf(worse(who, 90))?.quality_ok, who).toBe(0);
  });

  it('a low-grade face joins the person it clearly matches, at the stricter confidence, never a wrong one', () => {
    const personOf = (who: string) => faceOf(path.join(lib, 'people', who, fs.readdirSync(path.join(lib, 'people', who))[0]!))!.person_id;
    for (const file of [worse('obama', 90), worse('obama', 130), worse('rose_leslie', 130)]) {
      const f = faceOf(file)!;
      expect(f.person_id, file).not.toBeNull();
      expect(f.match_confidence!, file).toBeGreaterThanOrEqual(0.86);
    }
    for (const [who] of SOURCES) {
      for (const w of [90, 130]) {
        const f = faceOf(worse(who, w))!;
        if (f.person_id !== null) expect(f.person_id, `${who}-${w}`).toBe(personOf(who));
      }
    }
  });

  it('low-grade faces never found a person, nor represent one', () => {
    // alex is seen once sharp and twice degraded: the two low faces match him but cannot make him a person
    expect(faceOf(path.join(lib, 'people/alex_lacamoire/img1.jpg'))!.person_id).toBeNull();
    expect(faceOf(worse('alex_lacamoire', 90))!.person_id).toBeNull();
    expect(faceOf(worse('alex_lacamoire', 130))!.person_id).toBeNull();
  });

  it('search by face considers every face, the low-grade ones included, best first', async () => {
    const query = faceOf(path.join(lib, 'people/obama/obama.jpg'))!;
    const found = await api['faces.search']({ faceId: query.id, limit: 20 });
    const paths = found.map((m) => m.photo.path);
    expect(paths).toContain(worse('obama', 90));
    expect(found.map((m) => m.confidence)).toEqual([...found.map((m) => m.confidence)].sort((a, b) => b - a));
  });

  it('proposes a merge of people whose representatives match, and does not apply it', async () => {
    const biden2 = faceOf(path.join(lib, 'people/biden/biden2.jpg'))!;
    const original = biden2.person_id!;
    const split = await api['faces.move']({ faceId: biden2.id, personId: null }); // a user splits Biden in two
    const { merges } = await api['people.suggestions']({});
    const pair = merges.find((m) => [m.personId, m.otherId].sort().join() === [original, split.id].sort().join());
    expect(pair?.confidence).toBeGreaterThanOrEqual(0.72);
    expect(faceOf(path.join(lib, 'people/biden/biden2.jpg'))!.person_id).toBe(split.id); // still apart
    expect(faceOf(path.join(lib, 'people/biden/biden.jpg'))!.person_id).toBe(original);
  });

  it('re-clustering up and down keeps every name and confirmed face; only machine assignments move', async () => {
    const obama = faceOf(path.join(lib, 'people/obama/obama.jpg'))!.person_id!;
    await api['people.rename']({ id: obama, name: 'Barack' });
    const rose = faceOf(path.join(lib, 'people/rose_leslie/img1.jpg'))!.person_id!;
    await api['people.rename']({ id: rose, name: 'Rose' });
    const confirmed = faceOf(worse('obama', 90))!;
    await api['faces.move']({ faceId: confirmed.id, personId: obama }); // the user confirms the small one
    for (const threshold of [0.95, 0.6, 0.9, 0.72]) {
      await api['people.threshold.set']({ threshold });
      const byName = new Map((await api['people.list']({ includeHidden: true })).map((p) => [p.name, p.id]));
      expect(byName.get('Barack'), `${threshold}`).toBe(obama);
      expect(byName.get('Rose'), `${threshold}`).toBe(rose);
      const f = faceOf(worse('obama', 90))!;
      expect([f.person_id, f.assigned_by], `${threshold}`).toEqual([obama, 'user']);
    }
    // back at 72% the portraits are with their named people again
    expect(faceOf(path.join(lib, 'people/obama/obama2.jpg'))!.person_id).toBe(obama);
    expect(faceOf(path.join(lib, 'people/rose_leslie/img2.jpg'))!.person_id).toBe(rose);
  });
});

describe('waiting faces are offered again', () => {
  it('a low-grade face indexed before its person existed joins that person after the run that founds it', async () => {
    const dir = tempDir('people-waiting');
    fs.mkdirSync(path.join(dir, 'first'));
    await degrade(path.join(FIXTURES, 'faces/people/obama/obama2.jpg'), 130, path.join(dir, 'first/obama-small.jpg'));
    const engine = openEngine(tempDir('people-waiting-data'));
    try {
      await indexFolder(engine, path.join(dir, 'first'));
      const small = () => engine.catalog.faces.forPhoto(engine.catalog.photos.byPath(path.join(dir, 'first/obama-small.jpg'))!.id)[0]!;
      expect([small().quality_ok, small().person_id]).toEqual([0, null]); // nobody to join yet, and it founds nobody
      fs.cpSync(path.join(FIXTURES, 'faces/people/obama'), path.join(dir, 'later'), { recursive: true });
      await indexFolder(engine, path.join(dir, 'later'));
      const obama = engine.catalog.faces.forPhoto(engine.catalog.photos.byPath(path.join(dir, 'later/obama.jpg'))!.id)[0]!.person_id;
      expect(obama).not.toBeNull();
      expect(small().person_id).toBe(obama);
    } finally {
      engine.close();
    }
  });
});
