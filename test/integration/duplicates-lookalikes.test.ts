// Duplicates are copies, not look-alikes: the pHash sees only where it is bright and dark, so a
// scanned text page and a smooth gradient picture can hash within the near-duplicate distance
// (seen in a real walk: the Duplicates screen offered to bin the gradient and keep the page).
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SmartAlbum } from '../../electron/core/smart-album.js';
import { NEAR_DISTANCE, starGroups } from '../../electron/core/search/similar.js';
import { FIXTURES, tempDir } from '../helpers/temp.js';
import { indexFolder, openEngine } from '../helpers/engine.js';

let app: SmartAlbum;
const idOf = (name: string) => (app.catalog.db.prepare('SELECT id FROM photos WHERE file_name = ?').get(name) as { id: number }).id;
const phashOf = (name: string) => (app.catalog.db.prepare('SELECT phash FROM photos WHERE file_name = ?').get(name) as { phash: string }).phash;
const bits = (a: string, b: string) => [...(BigInt(`0x${a}`) ^ BigInt(`0x${b}`)).toString(2)].filter((c) => c === '1').length;

/** the gradient with a disc that a generated test library holds (the walk's IMG_0178) */
function gradient(i: number): Buffer {
  const c1 = `rgb(${(i * 37) % 256},${(i * 91) % 256},${(i * 53) % 256})`;
  const c2 = `rgb(${(i * 13) % 256},${(i * 71) % 256},${(i * 29) % 256})`;
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480"><defs><linearGradient id="g"><stop offset="0" stop-color="${c1}"/>` +
      `<stop offset="1" stop-color="${c2}"/></linearGradient></defs><rect width="640" height="480" fill="url(#g)"/>` +
      `<circle cx="${(i * 53) % 640}" cy="${(i * 31) % 480}" r="${40 + (i % 80)}" fill="${c2}"/></svg>`,
  );
}

beforeAll(async () => {
  const lib = tempDir('lookalikes-lib');
  fs.copyFileSync(path.join(FIXTURES, 'categories-eval/images/metadata-extractor-images--jpg--Issue_80.jpg'), path.join(lib, 'page.jpg'));
  await sharp(gradient(178)).jpeg({ quality: 80 }).toFile(path.join(lib, 'gradient.jpg'));
  fs.copyFileSync(path.join(FIXTURES, 'everyday/building.jpg'), path.join(lib, 'building.jpg'));
  await sharp(path.join(FIXTURES, 'everyday/building.jpg')).resize(300).jpeg({ quality: 70 }).toFile(path.join(lib, 'building-small.jpg'));
  app = openEngine(tempDir('lookalikes-data'));
  await indexFolder(app, lib);
}, 120_000);
afterAll(() => app?.close());

describe('duplicates', () => {
  it('a text page and a gradient that hash alike are not duplicates; a resized copy still is', () => {
    // the hashes are within the near distance: only the classifier's eye tells them apart
    expect(bits(phashOf('page.jpg'), phashOf('gradient.jpg'))).toBeLessThanOrEqual(NEAR_DISTANCE);
    const groups = app.similar.duplicates().map((g) => g.photoIds.map((id) => app.catalog.photos.get(id)!.file_name).sort());
    expect(groups).toEqual([['building-small.jpg', 'building.jpg']]);
    expect(idOf('page.jpg')).toBeGreaterThan(0);
  });

  it('groups around a leader: a chain of look-alikes (a near b near c, a far from c) is not one group', () => {
    const near = new Map([
      [1, new Set([2])],
      [2, new Set([1, 3])],
      [3, new Set([2, 4])],
      [4, new Set([3])],
    ]);
    const groups = starGroups(near);
    for (const g of groups) for (const id of g.slice(1)) expect(near.get(g[0]!)!.has(id)).toBe(true);
    // the best-connected leads (2, with 1 and 3); 4's only look-alike is taken, so it stays out
    expect(groups).toEqual([[2, 1, 3]]);
  });
});
