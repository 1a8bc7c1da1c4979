// Issue 14, findings 6 and 8 (part), through the whole pipeline: a photo with hostile EXIF is indexed
// without EXIF and with a warning; ordinary WebP and GIF photos are indexed with no warning at all.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SmartAlbum } from '../../electron/core/smart-album.js';
import { hostileExifJpeg } from '../helpers/exif-bytes.js';
import { makeImage } from '../helpers/images.js';
import { indexFolder, openEngine } from '../helpers/engine.js';
import { tempDir } from '../helpers/temp.js';

let app: SmartAlbum;
const row = (name: string) => app.catalog.db.prepare('SELECT status, warning, date_source FROM photos WHERE file_name = ?').get(name);

beforeAll(async () => {
  const lib = tempDir('exif-index');
  fs.writeFileSync(path.join(lib, 'hostile.jpg'), await hostileExifJpeg());
  await makeImage(path.join(lib, 'plain.webp'), 'webp', 2);
  await makeImage(path.join(lib, 'plain.gif'), 'gif', 3);
  app = openEngine(tempDir('exif-index-data'));
  await indexFolder(app, lib);
}, 120_000);
afterAll(() => app?.close());

describe('EXIF through the pipeline', () => {
  it('indexes the hostile-EXIF photo from its pixels, with a warning and the file date', () => {
    expect(row('hostile.jpg')).toEqual({ status: 'indexed', warning: expect.stringMatching(/EXIF data is damaged and was ignored/), date_source: 'file' });
  });

  it.each(['plain.webp', 'plain.gif'])('%s is indexed with no warning', (name) => {
    expect(row(name)).toEqual({ status: 'indexed', warning: null, date_source: 'file' });
  });
});
