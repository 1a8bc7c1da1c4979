// The app in a real Chromium-family browser (test/helpers/browser.ts), in web mode, over a library made from the fixtures:
// first run, add a folder, progress, open a photo, favourite it, correct its category, make an
// album, rename a person, move a face, make a GIF, search by image, delete and restore.
// Screenshots of each main screen go to a temp folder; `npm run screenshots` (SMART_ALBUM_SCREENSHOTS=1)
// writes them to docs/screenshots/ instead, so `npm test` never rewrites tracked files.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../electron/server/web-server.js';
import { launchOptions } from '../helpers/browser.js';
import { FIXTURES, REPO, tempDir } from '../helpers/temp.js';

const SHOTS = process.env['SMART_ALBUM_SCREENSHOTS'] === '1' ? path.join(REPO, 'docs/screenshots') : tempDir('screenshots');
let server: WebServer;
let browser: Browser;
let page: Page;
let lib: string;
const core = () => server.app;
async function shot(name: string) {
  // every image on screen loaded (face crops are made on request)
  await page.waitForFunction(() => [...document.images].every((i) => i.complete), undefined, { timeout: 15_000 }).catch(() => undefined);
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

beforeAll(async () => {
  const launch = launchOptions(); // first: no browser fails at once, in one line that says what to do
  const rendererDir = tempDir('renderer-build');
  await build({ configFile: path.join(REPO, 'renderer/vite.config.ts'), logLevel: 'warn', build: { outDir: rendererDir, emptyOutDir: true } });
  lib = tempDir('e2e-lib');
  fs.cpSync(path.join(FIXTURES, 'everyday'), path.join(lib, 'everyday'), { recursive: true });
  fs.cpSync(path.join(FIXTURES, 'exif/gps'), path.join(lib, 'trip'), { recursive: true });
  fs.cpSync(path.join(FIXTURES, 'faces/people'), path.join(lib, 'people'), { recursive: true });
  // a photo cut short by an interrupted copy: not in the library, and the app says so
  fs.writeFileSync(path.join(lib, 'everyday', 'half-copied.jpg'), fs.readFileSync(path.join(FIXTURES, 'everyday/building.jpg')).subarray(0, 3000));
  server = await startWebServer({ dataDir: tempDir('e2e-data'), rendererDir });
  browser = await chromium.launch(launch);
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (err) => process.stderr.write(`page error: ${err.message}\n`));
  fs.mkdirSync(SHOTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const idOf = (file: string) => (core().catalog.db.prepare('SELECT id FROM photos WHERE file_name = ?').get(file) as { id: number }).id;

describe('web app in Chromium', () => {
  it('first run: adds a folder and shows indexing progress, then the library', async () => {
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Welcome to Smart Album' }).waitFor();
    await shot('01-first-run');
    await page.getByLabel('Photo folder').fill(lib);
    await page.getByRole('button', { name: 'Add folder' }).click();
    await page.getByRole('progressbar', { name: 'Indexing' }).waitFor({ timeout: 30_000 });
    await shot('02-indexing');
    await page.getByRole('progressbar', { name: 'Indexing' }).waitFor({ state: 'detached', timeout: 120_000 });
    await page.locator('[data-photo-id]').first().waitFor();
    await page.getByText('28 photos').waitFor();
    // the printed ?token= became an HttpOnly cookie: not in the address bar, the images or document.cookie
    expect(page.url()).not.toContain('token');
    expect(await page.evaluate(() => [...document.images].some((i) => i.src.includes('token')) || document.cookie.includes('token'))).toBe(false);
    await shot('03-library');
  }, 180_000);

  it('survives a reload (the token is kept for this tab), progress included', async () => {
    await page.goto(server.url.replace(/\?token=.*/, '#/library'));
    await page.locator('[data-photo-id]').first().waitFor();
    // a reload mid-indexing gets the last progress again from the server
    const bar = await page.evaluate(async () => {
      await new Promise((r) => setTimeout(r, 300));
      return document.querySelector('[role="progressbar"]') !== null;
    });
    expect(bar).toBe(false); // indexing has finished, and the replayed state says so (idle)
  });

  it('opens a photo, favourites it with F, corrects its category', async () => {
    const id = idOf('apple.jpg');
    await page.locator(`[data-photo-id="${id}"]`).click();
    const info = page.getByRole('complementary', { name: 'Photo information' });
    await info.waitFor();
    await expect.poll(() => info.textContent()).toContain('apple.jpg');
    await page.keyboard.press('f');
    await expect.poll(() => core().albums.isFavourite(id)).toBe(true);
    await page.getByLabel('Correct the category').selectOption('Food');
    await expect.poll(() => core().catalog.categories.forPhoto(id)[0]).toMatchObject({ category: 'Food', assigned_by: 'user' });
    await shot('04-viewer');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => info.getByRole('heading').first().textContent()).not.toBe('apple.jpg');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Photo viewer' }).waitFor({ state: 'detached' });
  });

  it('makes an album from a selection', async () => {
    const ids = ['baboon.jpg', 'butterfly.jpg'].map(idOf);
    for (const id of ids) await page.locator(`[data-photo-id="${id}"]`).click({ modifiers: ['Control'] });
    await page.getByRole('button', { name: 'Add to album' }).click();
    await page.getByLabel('New album name').fill('Animals I like');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await expect.poll(() => core().albums.list().map((a) => [a.name, a.count])).toEqual([['Animals I like', 2]]);
    await page.getByRole('link', { name: 'Albums' }).click();
    await page.getByRole('link', { name: 'Animals I like, 2 photos' }).waitFor();
    await shot('05-albums');
  });

  it('renames a person and moves a face', async () => {
    await page.getByRole('link', { name: 'People' }).click();
    await page.getByRole('list', { name: 'People' }).getByRole('listitem').first().waitFor();
    await shot('06-people');
    const first = core().catalog.people.list()[0]!;
    await page.getByLabel(/^Name of /).first().fill('Ann');
    await page.getByLabel(/^Name of /).first().press('Enter');
    await expect.poll(() => core().catalog.people.get(first.id)?.name).toBe('Ann');
    await page.goto(`${server.url.replace(/\?token=.*/, '')}#/person/${first.id}`);
    await page.getByRole('button', { name: 'Faces' }).click();
    await page.getByRole('list', { name: 'Faces of this person' }).getByRole('listitem').first().waitFor();
    const before = core().catalog.people.list().length;
    await page.getByLabel('Move this face').first().selectOption('new');
    await expect.poll(() => core().catalog.people.list().length).toBe(before + 1);
    await shot('07-person');
    // and back: merge the new person into Ann, then say one face is not her
    const moved = core().catalog.people.list().find((p) => p.id !== first.id && p.faces === 1 && p.created_by === 'user')!;
    await page.goto(`${server.url.replace(/\?token=.*/, '')}#/person/${moved.id}`);
    await page.getByRole('button', { name: 'Same person as…' }).click();
    await page.getByLabel('Other person').selectOption(String(first.id));
    await page.getByRole('radio', { name: 'Ann' }).check();
    await page.getByRole('button', { name: 'Merge' }).click();
    await expect.poll(() => core().catalog.people.get(moved.id)).toBeUndefined();
    await page.getByRole('heading', { name: 'Ann' }).waitFor();
    await page.getByRole('button', { name: 'Faces' }).click();
    await page.getByRole('button', { name: 'Not them' }).first().waitFor();
    const faceId = core().catalog.people.faces(first.id)[0]!.id;
    await page.getByRole('button', { name: 'Not them' }).first().click();
    await expect.poll(() => core().catalog.people.face(faceId)?.person_id ?? null).not.toBe(first.id);
  });

  it('makes a GIF with a live preview and adds it to the library', async () => {
    await page.getByRole('link', { name: 'Library' }).click();
    const ids = ['fruits.jpg', 'orange.jpg', 'apple.jpg'].map(idOf);
    for (const id of ids) await page.locator(`[data-photo-id="${id}"]`).click({ modifiers: ['Control'] });
    await page.getByRole('button', { name: 'Make GIF' }).click();
    const dialog = page.getByRole('dialog', { name: /Make a GIF/ });
    await dialog.waitFor();
    await shot('08-gif');
    const out = path.join(lib, 'fruit.gif');
    await page.getByLabel('Save as').fill(out);
    await dialog.getByRole('button', { name: 'Make GIF' }).click();
    await expect.poll(() => fs.existsSync(out), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => core().catalog.photos.byPath(out)?.status, { timeout: 60_000 }).toBe('indexed');
  }, 120_000);

  it('searches by a dropped image', async () => {
    const bytes = fs.readFileSync(path.join(FIXTURES, 'everyday/building.jpg')).toString('base64');
    await page.evaluate(async (b64) => {
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([data], 'building.jpg', { type: 'image/jpeg' }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, bytes);
    await page.getByRole('heading', { name: 'Search by image' }).waitFor({ timeout: 30_000 });
    await page.getByText(/1 near-duplicate/).waitFor();
    expect(await page.locator(`[data-photo-id="${idOf('building.jpg')}"]`).count()).toBe(1);
    await shot('09-search');
  });

  it('deletes to the recycle bin and restores', async () => {
    await page.getByRole('link', { name: 'Library' }).click();
    const id = idOf('aero1.jpg');
    await page.locator(`[data-photo-id="${id}"]`).click({ modifiers: ['Control'] });
    await page.getByRole('button', { name: 'Move to bin' }).click();
    await expect.poll(() => core().trash.inBin(id)).toBe(true);
    expect(fs.existsSync(path.join(lib, 'everyday/aero1.jpg'))).toBe(true);
    await page.getByRole('link', { name: 'Recycle bin' }).click();
    await page.locator(`[data-photo-id="${id}"]`).click({ modifiers: ['Control'] });
    await shot('10-recycle-bin');
    await page.getByRole('button', { name: 'Restore' }).click();
    await expect.poll(() => core().trash.inBin(id)).toBe(false);
  });

  it('shows places, categories, duplicates and settings', async () => {
    for (const [nav, name] of [['Places', '11-places'], ['Categories', '12-categories'], ['Duplicates', '13-duplicates'], ['Settings', '14-settings']] as const) {
      await page.getByRole('link', { name: nav }).click();
      await page.getByRole('heading', { name: nav, level: 1 }).waitFor();
      await shot(name);
    }
    // each category album shows one of its photos, loaded
    await page.getByRole('link', { name: 'Categories' }).click();
    const covers = page.getByRole('list', { name: 'Categories' }).getByRole('link').locator('img');
    await covers.first().waitFor();
    expect(await covers.count()).toBe(await page.getByRole('list', { name: 'Categories' }).getByRole('listitem').count());
    await expect.poll(() => covers.evaluateAll((imgs) => imgs.every((i) => (i as HTMLImageElement).naturalWidth > 0))).toBe(true);
    // the file that could not be read: a link above the library leads to it, with the reason
    await page.getByRole('link', { name: 'Library' }).click();
    await page.getByRole('link', { name: '1 file could not be read' }).click();
    const unread = page.getByRole('list', { name: 'Files that could not be read' }).getByRole('listitem');
    await unread.first().waitFor();
    expect(await unread.count()).toBe(1);
    expect(await unread.first().textContent()).toMatch(/half-copied\.jpg.*(damaged|incomplete|premature|truncated)/i);
    await page.getByRole('button', { name: 'Download better models' }).waitFor(); // offered, not clicked: tests make no outside connections
    await page.getByRole('link', { name: 'Places' }).click();
    // a card per town, with one of its photos; it opens the town's photos
    const town = page.getByRole('list', { name: 'Towns in Italy' }).getByRole('link', { name: 'Arezzo, Tuscany, 9 photos' });
    await expect.poll(() => town.locator('img').evaluate((i: HTMLImageElement) => i.naturalWidth)).toBeGreaterThan(0);
    await town.click();
    await page.getByRole('heading', { name: 'Arezzo, Tuscany, Italy' }).waitFor();
    await page.getByText('9 photos', { exact: true }).waitFor();
    // a place set by hand, with a town and no region: a card of its own that opens it
    core().places.set([idOf('apple.jpg')], { country: 'Norway', city: 'Bergen' });
    await page.getByRole('link', { name: 'Places' }).click();
    await page.getByRole('list', { name: 'Towns in Norway' }).getByRole('link', { name: 'Bergen, 1 photo' }).click();
    await page.getByRole('heading', { name: 'Bergen, Norway' }).waitFor();
    await page.getByText('1 photo', { exact: true }).waitFor();
    core().places.clear([idOf('apple.jpg')]);
  });
});
