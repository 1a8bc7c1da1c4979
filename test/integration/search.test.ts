// Search everything (issue 11) on the fixtures, indexed by the real engine (real models, real
// SQLite): labels with their WordNet terms, people, places, dates, camera, folders, albums,
// combinations, exclusion, unknown words; and the index following every correction in step.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SmartAlbum } from '../../electron/core/smart-album.js';
import { indexFolder, openEngine } from '../helpers/engine.js';
import { FIXTURES, tempDir } from '../helpers/temp.js';

let app: SmartAlbum;
let lib: string;
const names = (q: string) => app.search.query(q, 200).items.map((p) => p.fileName).sort();
const idOf = (file: string) => app.catalog.db.prepare('SELECT id FROM photos WHERE file_name = ?').pluck().get(file) as number;
const HOLIDAY = ['DSCN0010.jpg', 'DSCN0012.jpg', 'DSCN0021.jpg', 'DSCN0025.jpg', 'DSCN0027.jpg', 'DSCN0029.jpg', 'DSCN0038.jpg', 'DSCN0040.jpg', 'DSCN0042.jpg'];

beforeAll(async () => {
  lib = tempDir('search-lib');
  fs.cpSync(path.join(FIXTURES, 'everyday'), lib, { recursive: true });
  fs.cpSync(path.join(FIXTURES, 'exif/gps'), path.join(lib, 'holiday'), { recursive: true });
  fs.cpSync(path.join(FIXTURES, 'faces/people'), path.join(lib, 'people'), { recursive: true });
  app = openEngine(tempDir('search-data'));
  await indexFolder(app, lib);
}, 120_000);

describe('search: what a query finds', () => {
  it('labels, and their broader WordNet terms', () => {
    // MobileNetV2 sees monasteries, palaces and churches in these; "building" is their hypernym, not a label
    expect(names('monastery')).toContain('home.jpg');
    expect(names('building')).toEqual(expect.arrayContaining(['home.jpg', 'DSCN0025.jpg', 'DSCN0027.jpg', 'DSCN0040.jpg']));
    expect(names('church')).toEqual(expect.arrayContaining(['DSCN0027.jpg', 'DSCN0040.jpg']));
    // Granny Smith -> apple -> edible fruit; lemon -> citrus -> edible fruit
    expect(names('fruit')).toEqual(expect.arrayContaining(['apple.jpg', 'fruits.jpg', 'orange.jpg']));
    expect(names('fruits')).toEqual(names('fruit')); // plural folds to the indexed singular
    expect(names('animal')).toContain('baboon.jpg'); // spoonbill -> bird -> animal
    expect(names('buildings')).toEqual(expect.arrayContaining(['home.jpg'])); // the category's name
  });

  it('a scene word finds the scene, not a thing whose name begins with it ("beach" is not a "beach wagon")', () => {
    // a car the classifier calls an estate car (ImageNet: "beach wagon, station wagon, ..."), labelled by hand here
    const car = idOf('home.jpg');
    const labels = app.catalog.categories.labels(car);
    const cats = app.catalog.categories.forPhoto(car).map((c) => ({ category: c.category, confidence: c.confidence, primary: c.is_primary === 1 }));
    let album: number | null = null;
    app.catalog.categories.writeMachine(car, 'test', [{ index: 436, label: 'beach wagon, station wagon, wagon, estate car, beach waggon, station waggon, waggon', confidence: 0.9 }], []);
    try {
      expect(names('wagon')).toContain('home.jpg');
      expect(names('beach')).not.toContain('home.jpg');
      expect(names('"beach wagon"')).toContain('home.jpg'); // asked for as such, it is found
      // a folder or an album called Beach is still found by the word
      album = app.albums.create('Beach', [car]).id;
      expect(names('beach')).toContain('home.jpg');
    } finally {
      if (album !== null) app.albums.delete(album);
      app.catalog.categories.writeMachine(car, labels[0]!.model, labels.map((l) => ({ index: l.label, label: l.name, confidence: l.confidence })), cats);
    }
  });

  it('places at every level, camera, lens, folders and file names', () => {
    expect(names('Arezzo')).toEqual(HOLIDAY);
    expect(names('tuscany')).toEqual(HOLIDAY);
    expect(names('Italy')).toEqual(HOLIDAY);
    expect(names('holiday')).toEqual(HOLIDAY);
    expect(names('nikon')).toEqual(HOLIDAY);
    expect(names('canon')).toEqual(['biden.jpg', 'obama.jpg', 'obama2.jpg']);
    expect(names('EF85mm')).toEqual(['obama.jpg']);
    expect(names('DSCN0021.jpg')).toEqual(['DSCN0021.jpg']);
    expect(names('obama')).toEqual(['obama.jpg', 'obama2.jpg']); // their folder
  });

  it('dates: years, months, days, ranges', () => {
    expect(names('2008')).toEqual(HOLIDAY);
    expect(names('October 2008')).toEqual(HOLIDAY);
    expect(names('2008-10-22')).toEqual(HOLIDAY);
    expect(names('2008-10')).toEqual(HOLIDAY);
    expect(names('2008-11-22')).toEqual([]);
    expect(names('may 2010')).toEqual(['biden.jpg']);
    expect(names('2009..2010')).toEqual(['biden.jpg', 'obama2.jpg']);
    expect(names('2010-2009')).toEqual(['biden.jpg', 'obama2.jpg']);
  });

  it('combinations narrow, phrases keep order, a minus excludes', () => {
    const churches = names('church').filter((f) => HOLIDAY.includes(f));
    expect(names('Arezzo church 2008')).toEqual(churches);
    // said as a sentence: the words that say nothing about a photo are left out
    expect(names('photos of the church in Arezzo in 2008')).toEqual(churches);
    expect(names('fruits with apples')).toEqual(names('fruit apple'));
    expect(app.search.query('photos').total).toBe(0); // alone, a filler word is still searched for (and found nowhere)
    expect(names('Arezzo -church')).toEqual(HOLIDAY.filter((f) => !churches.includes(f)));
    // a two-word label of some photo, in order and reversed (labels come from the classifier in use)
    const [file, label] = ['apple.jpg', 'fruits.jpg', 'orange.jpg', 'messi5.jpg', 'baboon.jpg', 'home.jpg']
      .flatMap((f) => app.catalog.categories.labels(idOf(f)).map((l) => [f, l.name.toLowerCase()] as const))
      .find(([, l]) => /^[a-z]+ [a-z]+$/.test(l))!;
    const [w1, w2] = label.split(' ');
    expect(names(`"${w1} ${w2}"`)).toContain(file);
    expect(names(`"${w2} ${w1}"`)).toEqual([]);
    expect(names('canon -"2010 05"')).toEqual(['obama.jpg', 'obama2.jpg']);
  });

  it('unknown words give an empty result with a hint, never an error', () => {
    const r = app.search.query('Arezzo zzyzx');
    expect(r.total).toBe(0);
    expect(r.unknown).toEqual(['zzyzx']);
    expect(r.hint).toMatch(/"zzyzx"/);
    expect(app.search.query('-church').hint).toMatch(/minus only excludes/);
    expect(app.search.query('   ').hint).toMatch(/Type a word/);
    for (const q of ['"', 'AND', 'NOT church', '(', 'a:b', '*', '-', '""', 'NEAR(a b)', "'; DROP TABLE photos"]) {
      expect(() => app.search.query(q), q).not.toThrow();
    }
    expect(names('not')).toEqual([]);
  });

  it('ranks a place name above the same word in a label', () => {
    // "bell" is a place nowhere, a label (bell cote) somewhere: rank by label weight; a name wins over labels
    app.albums.create('Monastery visit', [idOf('fruits.jpg')]);
    expect(app.search.query('monastery').items[0]!.fileName).toBe('fruits.jpg');
  });

  it('pages', () => {
    const all = app.search.query('holiday', 100).items.map((p) => p.id);
    const page2 = app.search.query('holiday', 4, 4);
    expect(page2.total).toBe(9);
    expect(page2.items.map((p) => p.id)).toEqual(all.slice(4, 8));
  });

  it('suggests people, places, albums and words as you type', () => {
    const s = app.search.suggest('church Ar');
    expect(s[0]).toMatchObject({ label: 'Arezzo', kind: 'place', photos: 9, query: 'church Arezzo' });
    expect(app.search.suggest('monast').map((x) => x.label)).toEqual(expect.arrayContaining(['Monastery visit', 'monastery']));
    expect(app.search.suggest('church ')).toEqual([]);
  });
});

describe('search: the index follows every change', () => {
  const personOf = (file: string) => app.photos.namedFaces(idOf(file)).find((f) => f.personId !== null)!.personId!;

  it('a renamed person', () => {
    const obama = personOf('obama.jpg');
    expect(names(`person ${obama}`)).toEqual(['obama.jpg', 'obama2.jpg']); // unnamed: by number
    app.people.rename(obama, 'Barack');
    expect(names('barack')).toEqual(['obama.jpg', 'obama2.jpg']);
    expect(names('barack 2009')).toEqual(['obama2.jpg']);
    app.people.rename(obama, 'Barry');
    expect(names('barack')).toEqual([]);
    expect(names('barry')).toEqual(['obama.jpg', 'obama2.jpg']);
    expect(app.search.suggest('bar')[0]).toMatchObject({ label: 'Barry', kind: 'person' });
  });

  it('a corrected category', () => {
    const before = names('documents');
    expect(before).not.toContain('messi5.jpg');
    app.photos.setCategories(idOf('messi5.jpg'), ['Documents & screenshots']);
    expect(names('documents')).toEqual([...before, 'messi5.jpg'].sort());
  });

  it('a place set by hand', () => {
    app.places.set([idOf('baboon.jpg')], { country: 'Kenya', region: 'Nairobi Area', city: 'Nairobi' });
    expect(names('nairobi')).toEqual(['baboon.jpg']);
    expect(names('kenya animal')).toEqual(['baboon.jpg']);
  });

  it('favourites and albums', () => {
    app.albums.setFavourite([idOf('orange.jpg')], true);
    expect(names('favourite')).toEqual(['orange.jpg']);
    expect(names('favorites')).toEqual(['orange.jpg']);
    const album = app.albums.create('Zoo', [idOf('baboon.jpg')]);
    app.albums.rename(album.id, 'Safari');
    expect(names('zoo')).toEqual([]);
    expect(names('safari')).toEqual(['baboon.jpg']);
  });

  it('a renamed file', async () => {
    fs.renameSync(path.join(lib, 'butterfly.jpg'), path.join(lib, 'monarch-on-leaf.jpg'));
    await app.scanAndIndex();
    expect(names('monarch')).toEqual(['monarch-on-leaf.jpg']);
    expect(names('butterfly.jpg')).toEqual([]);
  });

  it('a photo in the recycle bin is not found; restored, it is again', async () => {
    const id = idOf('DSCN0010.jpg');
    await app.trash.add([id]);
    expect(names('Arezzo')).not.toContain('DSCN0010.jpg');
    app.trash.restore([id]);
    expect(names('Arezzo')).toContain('DSCN0010.jpg');
  });
});
