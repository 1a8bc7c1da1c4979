// Issue 14, finding 2: /media/original/<id> (web mode) and photo://media/original/<id> (desktop) share
// core/media/media-source.ts. It must serve only decoded images whose real path, resolved when
// served, is inside a library root; never /etc/passwd or /proc/self/environ through a link.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SmartAlbum } from '../../electron/core/smart-album.js';
import { CHANGED_WHILE_SERVED, mediaFor, readMedia, type MediaFound, type MediaResult } from '../../electron/core/media/media-source.js';
import { thumbnailPath } from '../../electron/core/media/thumbnails.js';
import { makeImage, makeJpeg } from '../helpers/images.js';
import { indexFolder, openEngine } from '../helpers/engine.js';
import { tempDir } from '../helpers/temp.js';

let lib: string;
let outside: string;
let app: SmartAlbum;

const idOf = (p: string) => app.catalog.photos.byPath(p)!.id;
const original = (id: number) => mediaFor(app.catalog, `/original/${id}`);
/** What the host would send: the body, or the bytes of the file it names. */
const bytes = (m: MediaResult) => (m.status === 200 ? (m.body ?? fs.readFileSync(m.file!)) : Buffer.from(m.status === 304 ? '' : m.message));

beforeAll(async () => {
  const base = fs.realpathSync(tempDir('media-contain'));
  lib = path.join(base, 'lib');
  outside = path.join(base, 'outside');
  await makeJpeg(path.join(lib, 'good.jpg'), { seed: 1 });
  await makeImage(path.join(lib, 'pic.webp'), 'webp', 2);
  await makeJpeg(path.join(lib, 'swapped.jpg'), { seed: 3 });
  await makeJpeg(path.join(lib, 'swapped-out.jpg'), { seed: 4 });
  await makeJpeg(path.join(lib, 'gone.jpg'), { seed: 5 });
  for (const [i, name] of ['race-link', 'race-file', 'race-other', 'race-kept'].entries()) await makeJpeg(path.join(lib, `${name}.jpg`), { seed: 10 + i });
  fs.writeFileSync(path.join(lib, 'notes.jpg'), 'These are my holiday notes, not a photo.\n');
  await makeJpeg(path.join(outside, 'elsewhere.jpg'), { seed: 6 });
  app = openEngine(path.join(base, 'data'));
  await indexFolder(app, lib);
}, 120_000);
afterAll(() => app?.close());

describe('originals are served only while they are the decoded image inside a library root', () => {
  it('serves a decoded photo by its real path with its image type', async () => {
    const jpg = await original(idOf(path.join(lib, 'good.jpg')));
    expect(jpg).toMatchObject({ status: 200, contentType: 'image/jpeg', file: path.join(lib, 'good.jpg') });
    expect(bytes(jpg).equals(fs.readFileSync(path.join(lib, 'good.jpg')))).toBe(true);
    expect(await original(idOf(path.join(lib, 'pic.webp')))).toMatchObject({ status: 200, contentType: 'image/webp' });
  });

  it.each(['/etc/passwd', '/proc/self/environ'])('never serves %s through a catalogued link named .jpg', async (target) => {
    // as a catalog written before containment has it: the link catalogued, its decode failed
    const link = path.join(lib, `${path.basename(target)}.jpg`);
    fs.symlinkSync(target, link);
    const { photos, now } = app.catalog;
    const id = photos.insertPending(app.catalog.roots.all()[0]!.id, link, path.basename(link), 1, 1, now());
    photos.markProblem(id, 'failed', 'Not an image', 1, 1);
    for (const kind of ['original', 'large', 'small']) {
      const m = await mediaFor(app.catalog, `/${kind}/${id}`);
      expect(m.status, kind).toBe(404);
      expect(bytes(m).toString()).not.toMatch(/root:|PATH=/);
    }
    // even if the row claimed it was decoded, its real path is outside every root
    app.catalog.db.prepare(`UPDATE photos SET status = 'indexed', format = 'jpeg', preview_source = 'image' WHERE id = ?`).run(id);
    const forged = await original(id);
    expect(forged.status).toBe(403);
    expect(bytes(forged).toString()).not.toMatch(/root:|PATH=/);
  });

  it('refuses a file replaced by a link after it was indexed', async () => {
    const swapped = path.join(lib, 'swapped.jpg');
    const id = idOf(swapped);
    fs.rmSync(swapped);
    fs.symlinkSync('/etc/passwd', swapped);
    const m = await original(id);
    expect(m).toMatchObject({ status: 403, message: expect.stringMatching(/outside your library folders/) });
    expect(bytes(m).toString()).not.toContain('root:');

    // a link to a real photo outside the library is refused too (its bytes are not the library's)
    const out = path.join(lib, 'swapped-out.jpg');
    const outId = idOf(out);
    fs.rmSync(out);
    fs.symlinkSync(path.join(outside, 'elsewhere.jpg'), out);
    expect((await original(outId)).status).toBe(403);
  });

  it('refuses a file swapped between the check and the open (the host opens through readMedia/openMedia)', async () => {
    const found = async (name: string) => {
      const m = await original(idOf(path.join(lib, name)));
      expect(m).toMatchObject({ status: 200, file: path.join(lib, name) });
      return m as MediaFound;
    };
    // checked, then replaced by a link before the host opens it: before, the host read the link's target
    const link = await found('race-link.jpg');
    fs.rmSync(path.join(lib, 'race-link.jpg'));
    fs.symlinkSync('/etc/passwd', path.join(lib, 'race-link.jpg'));
    await expect(readMedia(link)).rejects.toThrow(CHANGED_WHILE_SERVED);
    // checked, then another file moved over it (a link in a parent folder ends the same way: another inode)
    const file = await found('race-file.jpg');
    fs.renameSync(path.join(lib, 'race-other.jpg'), path.join(lib, 'race-file.jpg'));
    await expect(readMedia(file)).rejects.toThrow(CHANGED_WHILE_SERVED);
    // untouched: the photo's own bytes
    const kept = await found('race-kept.jpg');
    expect((await readMedia(kept)).equals(fs.readFileSync(path.join(lib, 'race-kept.jpg')))).toBe(true);
  });

  it('refuses the file of a photo that failed to decode', async () => {
    const id = idOf(path.join(lib, 'notes.jpg'));
    expect(app.catalog.photos.get(id)!.status).toBe('failed');
    const m = await original(id);
    expect(m).toMatchObject({ status: 404, message: expect.stringMatching(/could not be read as an image/) });
    expect(bytes(m).toString()).not.toContain('holiday notes');
    expect((await mediaFor(app.catalog, `/small/${id}`)).status).toBe(404);
  });

  it('shows the thumbnail, never a stranger file, for a missing original', async () => {
    const gone = path.join(lib, 'gone.jpg');
    const id = idOf(gone);
    fs.rmSync(gone);
    expect(await original(id)).toMatchObject({ status: 200, contentType: 'image/jpeg', file: thumbnailPath(app.catalog.dataDir, id, 'large') });
    await app.scanAndIndex();
    expect(app.catalog.photos.get(id)!.status).toBe('missing');
    expect(await original(id)).toMatchObject({ status: 200, file: thumbnailPath(app.catalog.dataDir, id, 'large') });
    expect((await original(424242)).status).toBe(404);
  });

  it('shows the thumbnail while a file changed since it was decoded is not yet re-read', async () => {
    const good = path.join(lib, 'good.jpg');
    const id = idOf(good);
    fs.writeFileSync(good, 'overwritten with something that is not the decoded photo');
    expect(await original(id)).toMatchObject({ status: 200, file: thumbnailPath(app.catalog.dataDir, id, 'large') });
  });
});
