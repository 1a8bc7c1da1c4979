// Names are human decisions: re-clustering at another threshold never strips them (issue 10), a
// merge keeps the name, a single face can be named, and the screens' batch methods answer in one call.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/core/api.js';
import type { SmartAlbum } from '../../electron/core/smart-album.js';
import { indexFolder, openEngine } from '../helpers/engine.js';
import { FIXTURES, tempDir } from '../helpers/temp.js';

let app: SmartAlbum;
let api: ReturnType<typeof createHandlers>;
let lib: string;
const personOf = (file: string) => app.catalog.faces.forPhoto(app.catalog.photos.byPath(path.join(lib, file))!.id)[0]!.person_id;

beforeAll(async () => {
  lib = tempDir('names');
  fs.cpSync(path.join(FIXTURES, 'faces/people'), lib, { recursive: true });
  app = openEngine(tempDir('names-data'));
  api = createHandlers(app);
  await indexFolder(app, lib);
}, 180_000);
afterAll(() => app?.close());

describe('people names', () => {
  it('keeps a named person and its photos through threshold 72 -> 95 -> 72, with no unnamed copy', async () => {
    const biden = personOf('biden/biden.jpg')!;
    expect(personOf('biden/biden2.jpg')).toBe(biden);
    await api['people.rename']({ id: biden, name: 'Joe' });
    const peopleBefore = app.catalog.people.list().length;

    await api['people.threshold.set']({ threshold: 0.95 });
    expect(app.catalog.people.get(biden)).toMatchObject({ name: 'Joe' });
    expect(app.catalog.people.get(biden)!.photos).toBeGreaterThan(0);

    await api['people.threshold.set']({ threshold: 0.72 });
    expect(app.catalog.people.get(biden)).toMatchObject({ name: 'Joe', photos: 2 });
    expect(personOf('biden/biden.jpg')).toBe(biden);
    expect(personOf('biden/biden2.jpg')).toBe(biden);
    expect(app.catalog.people.list().length).toBe(peopleBefore);
  });

  it('merging keeps the name whichever way round', async () => {
    const obama = personOf('obama/obama.jpg')!;
    const kit = personOf('kit_harington/john1.jpeg')!;
    await api['people.rename']({ id: kit, name: 'Kit' });
    // into an unnamed person: the name comes along (a wrong merge, undone below by moving faces)
    const merged = await api['people.merge']({ into: obama, from: kit });
    expect(merged.name).toBe('Kit');
  });

  it('names a face seen once ("Who is this?"), then puts a second face with that name', async () => {
    const alex = app.catalog.faces.forPhoto(app.catalog.photos.byPath(path.join(lib, 'alex_lacamoire/img1.jpg'))!.id)[0]!;
    expect(alex.person_id).toBeNull();
    const unnamed = await api['faces.unnamed']({ limit: 100, offset: 0 });
    expect(unnamed.items.map((f) => f.id)).toContain(alex.id);
    const p = await api['faces.name']({ faceId: alex.id, name: 'Alex' });
    expect(p).toMatchObject({ name: 'Alex', photos: 1 });
    expect((await api['faces.unnamed']({ limit: 100, offset: 0 })).items.map((f) => f.id)).not.toContain(alex.id);
    // same name, other face: joins Alex rather than making a second "Alex"
    const rose = app.catalog.faces.forPhoto(app.catalog.photos.byPath(path.join(lib, 'rose_leslie/img1.jpg'))!.id)[0]!;
    const again = await api['faces.name']({ faceId: rose.id, name: 'alex' });
    expect(again.id).toBe(p.id);
  });

  it('"Who is this?" shows an unnamed person once, with how many faces it stands for; a known name takes all of them', async () => {
    // a person of several faces without a name (the names given above taken off one)
    const unnamedOne = app.catalog.people.list().find((p) => p.name && app.catalog.people.faces(p.id).length > 1)!;
    await api['people.rename']({ id: unnamedOne.id, name: '' });
    const cards = (await api['faces.unnamed']({ limit: 1000, offset: 0 })).items;
    const people = cards.filter((c) => c.personId !== null);
    expect(new Set(people.map((c) => c.personId)).size).toBe(people.length);
    for (const c of people) {
      const waiting = app.catalog.people.faces(c.personId!).filter((f) => f.quality_ok && !f.not_a_face);
      expect(c.faces).toBe(waiting.length);
    }
    for (const c of cards.filter((x) => x.personId === null)) expect(c.faces).toBe(1);
    // a person of several faces, given the name of someone already named: all its faces join them
    const card = people.find((c) => c.faces > 1)!;
    expect(card).toBeDefined();
    const faces = app.catalog.people.faces(card.personId!).map((f) => f.id);
    const other = app.catalog.people.list().find((p) => p.name && p.id !== card.personId)!;
    const joined = await api['faces.name']({ faceId: card.id, name: other.name!.toUpperCase() });
    expect(joined.id).toBe(other.id);
    for (const f of faces) expect(app.catalog.people.face(f)!.person_id).toBe(other.id);
  });

  it('answers the People screen in one call, covers included, and pages a person', async () => {
    const overview = await api['people.overview']({ includeHidden: false });
    expect(overview.length).toBeGreaterThan(0);
    for (const p of overview) expect(app.catalog.people.face(p.coverFaceId!)!.person_id).toBe(p.id);
    const joe = overview.find((p) => p.name === 'Joe')!;
    const page = await api['people.photos']({ id: joe.id, limit: 1, offset: 1 });
    expect(page.total).toBe(2);
    expect(page.items).toHaveLength(1);
    expect((await api['photos.ids']({ query: { kind: 'person', id: joe.id } })).ids).toHaveLength(2);
  });

  it('says which photos a change changed, so Undo reverts exactly those', async () => {
    const [a, b] = app.catalog.photos.list({ limit: 2, offset: 0, status: 'indexed' }).rows.map((r) => r.id);
    expect((await api['favourites.change']({ photoIds: [a!], favourite: true })).changed).toEqual([a]);
    expect((await api['favourites.change']({ photoIds: [a!, b!], favourite: true })).changed).toEqual([b]);
    const album = await api['albums.create']({ name: 'Trip', photoIds: [a!] });
    expect((await api['albums.addPhotos']({ id: album.id, photoIds: [a!, b!] })).added).toEqual([b]);
  });
});
