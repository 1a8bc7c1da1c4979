// A photo stored sideways (a scan, a camera that wrote no orientation) is turned upright by the user
// in the viewer. The models then look at it again the way up it is shown: lying on its side, a face
// is either missed or found with an embedding that matches nobody (cosine ~0 to the same face
// upright), so it never reached its person. Boxes stay in the frame of the file, faces in People are
// shown upright, and a named person keeps its name and confirmed face through further turns. The
// file is never written.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceHandlers } from '../../electron/core/api.js';
import { mediaFor } from '../../electron/core/media/media-source.js';
import type { SmartAlbum } from '../../electron/core/smart-album.js';
import { cosine } from '../../electron/core/vision/face-embedder.js';
import { embeddingOf } from '../../electron/core/db/repos/face.repo.js';
import { iou } from '../../electron/core/vision/box.js';
import { turnBox } from '../../electron/shared/turn.js';
import { indexFolder, openEngine } from '../helpers/engine.js';
import { FIXTURES, tempDir } from '../helpers/temp.js';

const PORTRAIT = path.join(FIXTURES, 'faces/people/obama/obama.jpg');
const SECOND = path.join(FIXTURES, 'faces/people/obama/obama2.jpg');
let app: SmartAlbum;
let api: ReturnType<typeof serviceHandlers>;
let lib: string;
const idOf = (file: string) => app.catalog.photos.byPath(path.join(lib, file))!.id;
const facesOf = (file: string) => app.catalog.faces.forPhoto(idOf(file));
const primary = (file: string) => app.photos.classification(idOf(file))?.categories[0]?.category;
const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(path.join(lib, file))).digest('hex');

/** The face as People shows it, small and grey; turned further by `turn` degrees. */
async function faceCrop(faceId: number, turn = 0): Promise<Buffer> {
  const r = await mediaFor(app.catalog, `face/${faceId}`);
  if (!('body' in r) || !r.body) throw new Error(`no face crop: ${JSON.stringify(r)}`);
  return sharp(r.body).rotate(turn).greyscale().resize(32, 32).raw().toBuffer();
}
const etagOf = async (faceId: number) => {
  const r = await mediaFor(app.catalog, `face/${faceId}`);
  return r.status === 200 ? r.etag : undefined;
};
let uprightEtag: string | undefined;
const meanDiff = (a: Buffer, b: Buffer) => a.reduce((s, v, i) => s + Math.abs(v - b[i]!), 0) / a.length;

beforeAll(async () => {
  lib = tempDir('turned');
  await sharp(PORTRAIT).jpeg({ quality: 90 }).toFile(path.join(lib, 'upright.jpg'));
  fs.copyFileSync(SECOND, path.join(lib, 'second.jpg')); // with upright.jpg, a person
  // the same portrait lying on its side, as a scanner or an orientation-less camera stores it
  await sharp(PORTRAIT).rotate(270).jpeg({ quality: 90 }).toFile(path.join(lib, 'sideways.jpg'));
  app = openEngine(tempDir('turned-data'));
  await indexFolder(app, lib);
  api = serviceHandlers(app);
}, 120_000);
afterAll(() => app?.close());

describe('the models follow the display rotation', () => {
  it('a sideways portrait: its face, if found at all, does not reach its person', () => {
    const [ref] = facesOf('upright.jpg');
    expect(ref?.person_id).not.toBeNull();
    expect(facesOf('second.jpg')[0]?.person_id).toBe(ref!.person_id);
    for (const f of facesOf('sideways.jpg')) {
      expect(cosine(embeddingOf(f), embeddingOf(ref!))).toBeLessThan(0.3);
      expect(f.person_id).not.toBe(ref!.person_id);
    }
  });

  it('turned upright by the user: its face is found, in the frame of the file, and it joins the person', async () => {
    const before = sha('sideways.jpg');
    await api['photos.rotate']({ ids: [idOf('sideways.jpg')], direction: 'right' });
    await app.indexer.run(); // the rotation queued pass 2 again and started it; wait for it
    const [face] = facesOf('sideways.jpg');
    const [ref] = facesOf('upright.jpg');
    expect(face).toBeDefined();
    // the file holds the upright photo turned 270 degrees clockwise: so does the stored box
    expect(iou(face!, turnBox(ref!, 270))).toBeGreaterThan(0.7);
    expect(cosine(embeddingOf(face!), embeddingOf(ref!))).toBeGreaterThan(0.8);
    expect(face!.person_id).not.toBeNull();
    expect(face!.person_id).toBe(ref!.person_id);
    expect(primary('sideways.jpg')).toBe('People');
    expect(sha('sideways.jpg')).toBe(before);
  });

  it("People shows the turned photo's face upright", async () => {
    const upright = await faceCrop(facesOf('upright.jpg')[0]!.id);
    const turned = await faceCrop(facesOf('sideways.jpg')[0]!.id);
    const lying = await faceCrop(facesOf('sideways.jpg')[0]!.id, 270); // as the file holds it
    expect(meanDiff(turned, upright)).toBeLessThan(12);
    expect(meanDiff(lying, upright)).toBeGreaterThan(2 * meanDiff(turned, upright));
    // the crop changes under the same address when the photo turns: hosts revalidate it by its etag
    const id = facesOf('sideways.jpg')[0]!.id;
    uprightEtag = await etagOf(id);
    expect(uprightEtag).toMatch(/^".+"$/);
    expect(await mediaFor(app.catalog, `face/${id}`, uprightEtag)).toEqual({ status: 304, etag: uprightEtag });
  });

  it('a named person keeps its name and confirmed face when the photo is turned away and back', async () => {
    const face = facesOf('sideways.jpg')[0]!;
    const named = await api['faces.name']({ faceId: face.id, name: 'Barack' });
    await api['faces.move']({ faceId: face.id, personId: named.id }); // confirmed: "yes, this is Barack"
    const rev = () => app.photos.faces(idOf('sideways.jpg')).find((f) => f.id === face.id)?.cropRev;
    const revBefore = rev()!;
    // upside down: whatever the detector makes of it, the confirmed face stays
    await api['photos.rotate']({ ids: [idOf('sideways.jpg')], direction: 'right' });
    expect(rev()).toBeGreaterThan(revBefore); // its picture has a new address in People
    await app.indexer.run();
    expect(app.photos.get(idOf('sideways.jpg')).rotation).toBe(180);
    const kept = facesOf('sideways.jpg').find((f) => f.id === face.id);
    expect(kept?.person_id).toBe(named.id);
    expect(await etagOf(face.id)).not.toBe(uprightEtag); // a browser holding the upright crop fetches it again
    expect((await mediaFor(app.catalog, `face/${face.id}`, uprightEtag)).status).toBe(200);
    // and back again (Undo): found again, the same face, still Barack's
    await api['photos.rotate']({ ids: [idOf('sideways.jpg')], direction: 'left' });
    await app.indexer.run();
    const again = facesOf('sideways.jpg');
    expect(again.map((f) => f.id)).toContain(face.id);
    expect(again.find((f) => f.id === face.id)!.person_id).toBe(named.id);
    expect(app.people.get(named.id).name).toBe('Barack');
  });

  it('a rescan does not redo photos whose models already saw them turned', async () => {
    const r = await app.scanAndIndex();
    expect(r.index.indexed).toBe(0);
    expect(app.enqueueOutdatedStages()).toBe(0);
  });
});
