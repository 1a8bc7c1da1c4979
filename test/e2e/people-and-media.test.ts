// People, faces, GIFs, duplicates and the viewer in Chromium over real photos and the real models:
// names survive a threshold change, a person with many photos has a real grid, "Who is this?",
// merge keeping the name, face boxes, the GIF maker's default and result, duplicates with Undo.
// Ends with screenshots of every screen, light and dark, wide and 480 px.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebServer } from '../../electron/server/web-server.js';
import { FIXTURES, tempDir } from '../helpers/temp.js';
import { buildRenderer, launch, newPage, serve, shot } from './harness.js';

const VARIANTS = 34;
let server: WebServer;
let browser: Browser;
let page: Page;
let lib: string;
const core = () => server.app;
const idOf = (file: string) => core().catalog.photos.byPath(path.join(lib, file))!.id;
const personOf = (file: string) => core().catalog.faces.forPhoto(idOf(file))[0]?.person_id ?? null;
const bidenFiles = () => ['people/biden/biden.jpg', 'people/biden/biden2.jpg', ...Array.from({ length: VARIANTS }, (_, i) => `more/biden-${i}.jpg`)];

beforeAll(async () => {
  const rendererDir = await buildRenderer();
  lib = tempDir('people-lib');
  fs.cpSync(path.join(FIXTURES, 'faces/people'), path.join(lib, 'people'), { recursive: true });
  fs.cpSync(path.join(FIXTURES, 'everyday'), path.join(lib, 'everyday'), { recursive: true });
  fs.copyFileSync(path.join(FIXTURES, 'everyday/apple.jpg'), path.join(lib, 'everyday/apple copy.jpg'));
  // one person in many photos: the same portrait, re-lit, re-coloured and re-sized each time
  fs.mkdirSync(path.join(lib, 'more'));
  const src = path.join(FIXTURES, 'faces/people/biden/biden.jpg');
  const { width } = await sharp(src).metadata();
  for (let i = 0; i < VARIANTS; i++) {
    await sharp(src)
      .modulate({ brightness: 0.85 + i * 0.008, hue: i * 4 })
      .resize(width! - 6 * i)
      .jpeg({ quality: 80 + (i % 10) })
      .toFile(path.join(lib, 'more', `biden-${i}.jpg`));
  }
  server = await serve(tempDir('people-data'), rendererDir);
  const root = await core().roots.add(lib);
  await core().scanAndIndex(root.id);
  browser = await launch();
  page = await newPage(browser);
  await page.goto(`${server.url}#/people`);
  await page.getByRole('list', { name: 'People' }).getByRole('listitem').first().waitFor({ timeout: 30_000 });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function setThreshold(percent: number) {
  await page.getByRole('link', { name: 'Settings' }).click();
  const field = page.getByLabel('Face match threshold (%)');
  await expect.poll(() => field.inputValue()).not.toBe('');
  await field.fill(String(percent));
  await field.press('Tab');
  await page.getByText(`Faces now join a person at ${percent}% or more`).waitFor();
}

describe('people, faces, GIFs and duplicates in Chromium', () => {
  it('keeps a name through face threshold 72 -> 95 -> 72: no "0 photos", no unnamed copy', async () => {
    const joe = personOf('people/biden/biden.jpg')!;
    expect(bidenFiles().map(personOf).every((p) => p === joe)).toBe(true);
    await page.getByLabel(`Name of Person #${joe}`).fill('Joe');
    await page.getByLabel(`Name of Person #${joe}`).press('Enter');
    await expect.poll(() => core().catalog.people.get(joe)?.name).toBe('Joe');
    await setThreshold(95);
    await page.getByRole('link', { name: 'People' }).click();
    await page.getByRole('link', { name: /^Joe, [1-9]\d* photos?$/ }).waitFor();
    await setThreshold(72);
    await page.getByRole('link', { name: 'People' }).click();
    await page.getByRole('link', { name: `Joe, ${VARIANTS + 2} photos` }).waitFor();
    expect(bidenFiles().map(personOf).every((p) => p === joe)).toBe(true);
  });

  it('shows a person with more than 30 photos in the same virtualised grid as the Library', async () => {
    await page.getByRole('link', { name: `Joe, ${VARIANTS + 2} photos` }).click();
    await page.getByRole('heading', { name: 'Joe' }).waitFor();
    await page.getByText(`${VARIANTS + 2} photos`).waitFor();
    const grid = page.getByRole('region', { name: 'Joe' });
    await grid.getByRole('listitem').nth(11).locator('img').waitFor();
    expect((await grid.boundingBox())!.height).toBeGreaterThan(300);
    await expect.poll(() => grid.getByRole('listitem').count()).toBeGreaterThanOrEqual(12);
  });

  it('shows face boxes with names on the photo, and names a face right there', async () => {
    await page.getByRole('region', { name: 'Joe' }).getByRole('listitem').first().getByRole('button').first().click();
    const viewer = page.getByRole('dialog', { name: 'Photo viewer' });
    await viewer.getByRole('button', { name: 'Faces' }).click();
    await viewer.getByRole('button', { name: 'Joe', exact: true }).click();
    await viewer.getByLabel('Name this face').waitFor();
    // typing goes straight into the name field
    await expect.poll(() => viewer.getByLabel('Name this face').evaluate((el) => el === document.activeElement)).toBe(true);
    await shot(page, 'viewer-faces-wide-light');
    await page.keyboard.press('Escape'); // the name box first
    await viewer.getByLabel('Name this face').waitFor({ state: 'detached' });
    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });
  });

  it('"Who is this?" names a face seen once', async () => {
    const alex = core().catalog.faces.forPhoto(idOf('people/alex_lacamoire/img1.jpg'))[0]!;
    expect(alex.person_id).toBeNull();
    await page.getByRole('link', { name: 'People' }).click();
    await page.getByRole('link', { name: 'Who is this?' }).click();
    await page.getByLabel(`Who is this? (face ${alex.id})`).fill('Alex');
    await page.getByLabel(`Who is this? (face ${alex.id})`).press('Enter');
    await page.getByText('Named Alex (1 photo)').waitFor();
    const p = core().catalog.people.get(core().catalog.people.face(alex.id)!.person_id!)!;
    expect(p).toMatchObject({ name: 'Alex', photos: 1 });
  });

  it('"Same person as…" merges with an explicit direction and keeps the name', async () => {
    const rose = personOf('people/rose_leslie/img1.jpg')!;
    const kit = personOf('people/kit_harington/john1.jpeg')!;
    core().people.rename(rose, 'Rose');
    await page.goto(`${server.url}#/person/${kit}`);
    await page.getByRole('button', { name: 'Same person as…' }).click();
    await page.getByLabel('Other person').selectOption(String(rose));
    await page.getByRole('radio', { name: `Person #${kit} (this person)` }).check();
    await page.getByText('The merged person is called Rose.').waitFor();
    // both faces are shown before merging
    await expect.poll(() => page.getByRole('img', { name: /^Face of / }).evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length)).toBe(2);
    await page.getByRole('button', { name: 'Merge' }).click();
    await page.getByRole('heading', { name: 'Rose' }).waitFor();
    await page.getByText('4 photos', { exact: true }).waitFor(); // the page's own list, not a stale count
    expect(core().catalog.people.get(kit)).toMatchObject({ name: 'Rose', photos: 4 });
    expect(core().catalog.people.get(rose)).toBeUndefined();
    // a wrong merge is one click to undo: Rose has her faces and her name back, Kit is unnamed again
    const roseFaces = core().catalog.db.prepare(`SELECT f.id FROM faces f JOIN photos p ON p.id = f.photo_id WHERE p.path LIKE '%rose_leslie%' AND f.person_id = ?`).all(kit) as { id: number }[];
    await page.getByRole('status').getByRole('button', { name: 'Undo' }).click();
    await page.getByText(/^Separated again: Rose has/).waitFor();
    const back = core().catalog.people.face(roseFaces[0]!.id)!.person_id!;
    expect(back).not.toBe(kit);
    expect(core().catalog.people.get(back)).toMatchObject({ name: 'Rose', photos: roseFaces.length });
    expect(core().catalog.people.get(kit)).toMatchObject({ name: null, photos: 4 - roseFaces.length });
    await page.getByText(`${4 - roseFaces.length} photos`, { exact: true }).waitFor();
    // merged again for the tests below
    core().people.merge(kit, back);
    core().people.rename(kit, 'Rose');
  });

  it('GIF maker: the default path is in a folder that exists; the GIF animates, opens and downloads', async () => {
    await page.goto(`${server.url}#/library`);
    for (const i of [0, 1, 2]) await page.locator(`[data-index="${i}"]`).getByRole('checkbox').click();
    await page.getByRole('button', { name: 'Make GIF' }).click();
    const dialog = page.getByRole('dialog', { name: 'Make a GIF of 3 photos' });
    const out = await dialog.getByLabel('Save as').inputValue();
    expect(fs.existsSync(path.dirname(out))).toBe(true);
    expect(out.startsWith(lib)).toBe(true);
    await dialog.getByRole('button', { name: 'Make GIF' }).click();
    const ready = page.getByRole('dialog', { name: 'Your GIF is ready' });
    await ready.getByRole('img', { name: 'The animated GIF' }).waitFor();
    // shown, even though it is catalogued after the answer (its first request can come too early)
    await expect.poll(() => ready.getByRole('img', { name: 'The animated GIF' }).evaluate((i: HTMLImageElement) => i.naturalWidth), { timeout: 20_000 }).toBeGreaterThan(0);
    expect((await sharp(out, { pages: -1 }).metadata()).pages).toBe(3);
    const src = await ready.getByRole('img', { name: 'The animated GIF' }).getAttribute('src');
    const served = await page.evaluate(async (u) => {
      const r = await fetch(u!);
      return { type: r.headers.get('content-type'), bytes: (await r.arrayBuffer()).byteLength };
    }, src);
    expect(served).toEqual({ type: 'image/gif', bytes: fs.statSync(out).size });
    expect(await ready.getByRole('link', { name: 'Download' }).getAttribute('download')).toBe(path.basename(out));
    await shot(page, 'gif-ready-wide-light');
    await ready.getByRole('button', { name: 'Open' }).click();
    const viewer = page.getByRole('dialog', { name: 'Photo viewer' });
    await expect.poll(() => viewer.locator('.photo img').getAttribute('src')).toContain('/media/original/');
    await viewer.getByRole('button', { name: 'Close', exact: true }).click();
  });

  it('duplicates: file names shown, a copy opens, "keep the suggested copy" bins the others, Undo brings them back', async () => {
    await page.getByRole('link', { name: 'Duplicates' }).click();
    const group = page.getByRole('region', { name: 'Exact copies' });
    await group.getByText('apple copy.jpg').waitFor();
    await group.getByText('apple.jpg', { exact: true }).waitFor();
    expect(await group.getByText('Folder: everyday', { exact: true }).count()).toBe(2); // where each copy is
    await group.getByText(/^Kept: /).waitFor(); // and why the starred one is kept
    await group.getByRole('button', { name: 'Open apple.jpg' }).click();
    await page.getByRole('dialog', { name: 'Photo viewer' }).getByRole('img', { name: /^apple\.jpg, / }).waitFor();
    await page.keyboard.press('Escape');
    await shot(page, 'duplicates-wide-light');
    const ids = [idOf('everyday/apple.jpg'), idOf('everyday/apple copy.jpg')];
    await group.getByRole('button', { name: 'Keep ★, move 1 to the bin' }).click();
    await expect.poll(() => ids.filter((id) => core().trash.inBin(id)).length).toBe(1);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => ids.filter((id) => core().trash.inBin(id)).length).toBe(0);
  });

  it('acts on all duplicate groups at once, with Undo', async () => {
    await page.getByRole('button', { name: /^Keep the suggested copies, move \d+ others to the bin$/ }).click();
    await expect.poll(() => core().trash.list(1, 0).total).toBeGreaterThan(1);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => core().trash.list(1, 0).total).toBe(0);
  });

  it('suggests names as you type, hides a person and shows them again', async () => {
    const alex = core().catalog.people.list().find((p) => p.name === 'Alex')!;
    const obama = personOf('people/obama/obama.jpg')!;
    await page.getByRole('link', { name: 'People' }).click();
    await page.getByLabel(`Name of Person #${obama}`).fill('J');
    const list = await page.getByLabel(`Name of Person #${obama}`).getAttribute('list');
    await expect.poll(() => page.locator(`datalist#${list} option`).evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value))).toEqual(['Joe']);
    await page.getByLabel(`Name of Person #${obama}`).fill('');
    await page.getByRole('link', { name: 'Alex, 1 photo' }).click();
    await page.getByRole('button', { name: 'Hide' }).click();
    await page.getByRole('heading', { name: 'People' }).waitFor();
    await expect.poll(() => page.getByRole('link', { name: 'Alex, 1 photo' }).count()).toBe(0);
    expect(core().catalog.people.get(alex.id)!.hidden).toBe(1);
    await page.getByLabel('Show hidden people').check();
    await page.getByRole('link', { name: 'Alex, 1 photo' }).click();
    await page.getByRole('button', { name: 'Unhide' }).click();
    await expect.poll(() => core().catalog.people.get(alex.id)!.hidden).toBe(0);
    await page.getByRole('link', { name: 'People' }).click();
    await page.getByLabel('Show hidden people').uncheck();
  });

  it('in the viewer, a face box can be taken out of its person or said not to be a face, with Undo', async () => {
    const joe = personOf('more/biden-0.jpg')!;
    const face = core().catalog.faces.forPhoto(idOf('more/biden-0.jpg'))[0]!;
    const photos = core().catalog.people.get(joe)!.photos;
    await page.goto(`${server.url}#/person/${joe}`);
    await page.getByRole('region').getByRole('button', { name: /^biden-0\.jpg, / }).click();
    const viewer = page.getByRole('dialog', { name: 'Photo viewer' });
    if ((await viewer.getByRole('button', { name: 'Faces' }).getAttribute('aria-pressed')) !== 'true') await viewer.getByRole('button', { name: 'Faces' }).click();
    const name = core().catalog.people.get(joe)!.name!;
    await viewer.getByRole('button', { name, exact: true }).click();
    await viewer.getByRole('button', { name: `Not ${name}` }).waitFor();
    await viewer.getByRole('button', { name: 'Not a face' }).click();
    await page.getByText('Not a face: it is left out of people').waitFor();
    expect(core().catalog.people.face(face.id)).toMatchObject({ person_id: null, not_a_face: 1 });
    expect(core().catalog.people.get(joe)!.photos).toBe(photos - 1);
    await expect.poll(() => viewer.getByRole('button', { name, exact: true }).count()).toBe(0); // its box is gone
    // Undo: a face of that person again
    await page.getByRole('status').getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => core().catalog.people.face(face.id)).toMatchObject({ person_id: joe, not_a_face: 0 });
    await viewer.getByRole('button', { name, exact: true }).waitFor();
    expect(core().catalog.people.get(joe)!.photos).toBe(photos);
    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });
  });

  it('screenshots of every screen: light and dark, wide and 480 px', async () => {
    const joe = core().catalog.people.list().find((p) => p.name === 'Joe')!;
    const album = core().albums.create('Portraits', bidenFiles().slice(0, 6).map(idOf));
    const screens: [string, string][] = [
      ['library', '#/library'], ['favourites', '#/favourites'], ['albums', '#/albums'], ['album', `#/album/${album.id}`],
      ['categories', '#/categories'], ['category', '#/category/People'], ['people', '#/people'], ['person', `#/person/${joe.id}`],
      ['who-is-this', '#/who'], ['places', '#/places'], ['duplicates', '#/duplicates'], ['recycle-bin', '#/trash'], ['settings', '#/settings'],
    ];
    for (const scheme of ['light', 'dark'] as const) {
      for (const [size, w, h] of [['wide', 1280, 800], ['narrow', 480, 800]] as const) {
        const p = await newPage(browser, w, h, scheme);
        await p.goto(`${server.url}#/library`);
        await p.getByRole('heading', { name: 'Library' }).waitFor();
        for (const [name, hash] of screens) {
          await p.evaluate((x) => (location.hash = x), hash);
          await p.waitForTimeout(500);
          await shot(p, `${name}-${size}-${scheme}`);
        }
        await p.evaluate(() => (location.hash = '#/library'));
        await p.locator('[data-index="0"]').getByRole('button').first().click();
        await p.getByRole('dialog', { name: 'Photo viewer' }).waitFor();
        await p.waitForTimeout(400);
        await shot(p, `viewer-${size}-${scheme}`);
        await p.close();
      }
    }
  }, 180_000);
});
