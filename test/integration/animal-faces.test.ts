// Not a person (issue 13): a "face" the face detector finds at the centre of an animal's box from the
// object detector is graded not-a-person, so it never founds or joins a person nor counts for People;
// a person's face stays a person's face even inside an animal's box when a person box holds it too.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GRADE, markFacesInAnimals } from '../../electron/core/vision/face-quality.js';
import { indexFolder, openEngine } from '../helpers/engine.js';
import { FIXTURES, tempDir } from '../helpers/temp.js';

const face = (x: number, y: number) => ({ x, y, w: 0.1, h: 0.1, qualityOk: true });

describe('faces inside animals', () => {
  it('marks a face at the centre of a confident animal box, not one beside it or one a person box holds', () => {
    const dog = { label: 'dog', score: 0.8, x: 0.5, y: 0.5, w: 0.4, h: 0.4 };
    const [inDog, beside] = markFacesInAnimals([face(0.6, 0.6), face(0.1, 0.1)], [dog]);
    expect(inDog).toMatchObject({ grade: 'notAPerson', qualityOk: false });
    expect(beside).toEqual(face(0.1, 0.1));
    const child = { label: 'person', score: 0.9, x: 0.5, y: 0.4, w: 0.3, h: 0.6 };
    expect(markFacesInAnimals([face(0.6, 0.6)], [dog, child])[0]).toEqual(face(0.6, 0.6));
    expect(markFacesInAnimals([face(0.6, 0.6)], [{ ...dog, score: 0.2 }])[0]).toEqual(face(0.6, 0.6)); // an unsure box
    expect(markFacesInAnimals([face(0.6, 0.6)], [{ ...dog, label: 'car' }])[0]).toEqual(face(0.6, 0.6));
  });

  it('indexes the dogs photo without making a person of a dog', async () => {
    const lib = tempDir('animal-faces');
    fs.copyFileSync(path.join(FIXTURES, 'faces/dlib-voc/dogs.jpg'), path.join(lib, 'dogs.jpg'));
    const app = openEngine(tempDir('animal-faces-data'));
    await indexFolder(app, lib);
    const id = app.catalog.photos.byPath(fs.realpathSync(path.join(lib, 'dogs.jpg')))!.id;
    const dogs = app.catalog.objects.forPhoto(id).filter((o) => o.label === 'dog');
    expect(dogs.length).toBeGreaterThan(0);
    const faces = app.catalog.faces.forPhoto(id);
    const inDogs = faces.filter((f) => dogs.some((d) => f.x + f.w / 2 >= d.x && f.x + f.w / 2 <= d.x + d.w && f.y + f.h / 2 >= d.y && f.y + f.h / 2 <= d.y + d.h));
    expect(inDogs.length).toBeGreaterThan(0); // YuNet does see faces in the dogs
    for (const f of inDogs) expect(f.quality_ok).toBe(GRADE.notAPerson);
    for (const f of inDogs) expect(f.person_id).toBeNull();
    expect(app.catalog.categories.forPhoto(id).find((c) => c.is_primary === 1)?.category).toBe('Animals');
    await app.close();
  }, 120_000);
});
