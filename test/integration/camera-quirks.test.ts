// Real camera files with harmless quirks are photos like any other: a Canon EOS D60 JPEG whose EXIF declares a
// thumbnail of 0 bytes (it failed every scan with "Input Buffer is empty", blamed on something passing), and a
// JPEG with 14 extraneous bytes before a marker, which the decoder only warns about (it was refused as damaged).
// Both from drewnoakes/metadata-extractor-images. A JPEG cut short is still refused as damaged.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePhoto } from '../../electron/core/media/decode.js';
import type { SmartAlbum } from '../../electron/core/smart-album.js';
import { makeJpeg } from '../helpers/images.js';
import { indexFolder, openEngine } from '../helpers/engine.js';
import { FIXTURES, tempDir } from '../helpers/temp.js';

const QUIRKS = path.join(FIXTURES, 'exif/camera-quirks');
let lib: string;
let app: SmartAlbum;
const row = (name: string) =>
  app.catalog.db.prepare('SELECT * FROM photos WHERE file_name = ?').get(name) as { id: number; status: string; error: string | null; width: number | null; height: number | null; phash: string | null };

beforeAll(async () => {
  lib = tempDir('quirks');
  for (const f of fs.readdirSync(QUIRKS)) fs.copyFileSync(path.join(QUIRKS, f), path.join(lib, f));
  const whole = fs.readFileSync(await makeJpeg(path.join(tempDir('quirks-t'), 'whole.jpg'), { width: 800, height: 600, seed: 7 }));
  fs.writeFileSync(path.join(lib, 'cut-short.jpg'), whole.subarray(0, Math.floor(whole.length / 2)));
  app = openEngine(tempDir('quirks-data'));
  await indexFolder(app, lib);
}, 120_000);
afterAll(() => app?.close());

describe('camera files with harmless quirks', () => {
  it('a JPEG whose EXIF thumbnail is 0 bytes is indexed, from its own pixels', () => {
    const r = row('Canon EOS D60.jpg');
    expect(r.status, r.error ?? '').toBe('indexed');
    expect([r.width, r.height]).toEqual([1772, 1181]);
    expect(r.phash).not.toBeNull(); // pass 2 decoded it too
  });

  it('a JPEG the decoder only warns about is indexed', () => {
    const r = row('issue-121.jpg');
    expect(r.status, r.error ?? '').toBe('indexed');
    expect(r.phash).not.toBeNull();
  });

  it('a JPEG cut short is still refused as damaged', () => {
    const r = row('cut-short.jpg');
    expect(r.status).toBe('failed');
    expect(r.error).toMatch(/Damaged or incomplete/);
  });

  it('a JPEG the decoder only warns about decodes while damaged files decode beside it', async () => {
    // libvips keeps one error log per process: a damaged file decoded at the same moment used to lend this one its
    // "premature end of data segment", and it was refused as cut short (22 of 200 such rounds; a CI run lost it so)
    const quirk = fs.readFileSync(path.join(QUIRKS, 'issue-121.jpg'));
    const damaged = fs.readFileSync(path.join(FIXTURES, 'exif/corrupted.jpg'));
    const cut = fs.readFileSync(path.join(lib, 'cut-short.jpg'));
    for (let round = 0; round < 60; round++) {
      const [mine, ...others] = await Promise.allSettled([
        decodePhoto(quirk, 'issue-121.jpg', false),
        ...Array.from({ length: 6 }, (_, i) => decodePhoto(i % 2 ? cut : damaged, 'damaged.jpg', false)),
      ]);
      expect(mine!.status, `round ${round}: ${mine!.status === 'rejected' ? String(mine!.reason) : ''}`).toBe('fulfilled');
      expect(others.every((o) => o.status === 'rejected')).toBe(true);
    }
  }, 120_000);
});
