// Issue 10 in a real Chromium (web mode): rotate for display (the grid and the viewer turn, the
// object boxes stay on the objects, the file's bytes do not change), set date from the viewer and
// on a selection (with "Reset to the photo's own date", and Undo), photos named by file name and date, and
// set category on a selection in one call.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebServer } from '../../electron/server/web-server.js';
import { makeJpeg } from '../helpers/images.js';
import { FIXTURES, tempDir } from '../helpers/temp.js';
import { buildRenderer, launch, newPage, serve, shot } from './harness.js';

let server: WebServer;
let browser: Browser;
let page: Page;
let lib: string;
const sha = (f: string) => crypto.createHash('sha256').update(fs.readFileSync(path.join(lib, f))).digest('hex');
/** Both passes done: nothing reloads the grid under the next test. */
const idle = () =>
  expect
    .poll(() => {
      const { queue, understandQueue } = server.app.status();
      return queue.queued + queue.running + (understandQueue?.queued ?? 0) + (understandQueue?.running ?? 0);
    }, { timeout: 60_000 })
    .toBe(0);
const idOf = (name: string) => server.app.photos.list({ limit: 10, offset: 0 }).items.find((p) => p.fileName === name)!.id;

beforeAll(async () => {
  browser = await launch();
  const rendererDir = await buildRenderer();
  lib = tempDir('edits-e2e-lib');
  fs.copyFileSync(path.join(FIXTURES, 'everyday/messi5.jpg'), path.join(lib, 'messi5.jpg'));
  await makeJpeg(path.join(lib, 'apple.jpg'), { seed: 1, taken: '2019:06:14 09:30:00' });
  await makeJpeg(path.join(lib, 'pear.jpg'), { seed: 2, taken: '2018:01:02 08:00:00' });
  server = await serve(tempDir('edits-e2e-data'), rendererDir);
  await server.app.roots.add(lib);
  for (let i = 0; i < 900 && server.app.status().photos.indexed < 3; i++) await new Promise((r) => setTimeout(r, 100));
  page = await newPage(browser);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('photo edits in the app', () => {
  it('names each photo by its file name and date', async () => {
    await page.goto(server.url);
    await page.getByRole('button', { name: 'apple.jpg, 14 June 2019', exact: true }).waitFor();
    await page.getByRole('checkbox', { name: 'Select pear.jpg, 2 January 2018', exact: true }).waitFor();
  });

  it('rotates in the viewer for display: the photo turns, the models look at it again as shown, the file does not change', async () => {
    const before = sha('messi5.jpg');
    await page.getByRole('button', { name: /^messi5\.jpg, / }).click();
    const viewer = page.getByRole('dialog', { name: 'Photo viewer' });
    const image = viewer.getByRole('img', { name: /^messi5\.jpg, / });
    const found = viewer.getByRole('list', { name: 'Objects found' });
    await expect.poll(() => found.textContent(), { timeout: 30_000 }).toMatch(/sports ball/);
    await page.keyboard.press('o');
    const ball = viewer.getByText(/^sports ball \d+%$/).first().locator('..');
    await ball.waitFor();
    const wide = (await image.locator('img').boundingBox())!;
    expect(wide.width).toBeGreaterThan(wide.height); // messi5.jpg is landscape
    const ballAt = async () => {
      const p = (await image.locator('img').boundingBox())!;
      const b = (await ball.boundingBox())!;
      return { right: b.x + b.width / 2 > p.x + p.width / 2, low: b.y + b.height / 2 > p.y + p.height / 2 };
    };
    expect(await ballAt()).toEqual({ right: true, low: true });

    await viewer.getByRole('button', { name: 'Rotate right' }).click();
    await expect.poll(async () => server.app.photos.get(idOf('messi5.jpg')).rotation).toBe(90);
    await expect.poll(async () => {
      const b = (await image.locator('img').boundingBox())!;
      return b.height > b.width; // the turned photo is portrait on screen
    }).toBe(true);
    // the detector looks at the photo lying on its side, as it is now shown: it no longer sees the ball
    await expect.poll(() => found.textContent(), { timeout: 30_000 }).not.toMatch(/sports ball/);
    await shot(page, '16-viewer-rotated');
    expect(sha('messi5.jpg')).toBe(before);

    // the grid's thumbnail turns the same way
    await viewer.getByRole('button', { name: 'Close', exact: true }).click();
    const thumb = page.getByRole('button', { name: /^messi5\.jpg, / }).locator('img');
    await expect.poll(() => thumb.evaluate((el) => getComputedStyle(el).rotate)).toBe('90deg');
    // and back: left turns it to the file's own orientation, where the ball is found again, lower right
    await page.getByRole('button', { name: /^messi5\.jpg, / }).click();
    await viewer.getByRole('button', { name: 'Rotate left' }).click();
    await expect.poll(async () => server.app.photos.get(idOf('messi5.jpg')).rotation).toBe(0);
    await expect.poll(() => found.textContent(), { timeout: 30_000 }).toMatch(/sports ball/);
    await ball.waitFor();
    expect(await ballAt()).toEqual({ right: true, low: true });
    expect(sha('messi5.jpg')).toBe(before);
    await idle();
    await viewer.getByRole('button', { name: 'Close', exact: true }).click();
  });

  it('sets the date from the viewer; the name and month headings follow; reset brings the photo\'s own date back', async () => {
    await idle();
    await page.getByRole('button', { name: 'apple.jpg, 14 June 2019' }).click();
    const viewer = page.getByRole('dialog', { name: 'Photo viewer' });
    await viewer.getByRole('toolbar', { name: 'Photo' }).getByRole('button', { name: 'Set date' }).click();
    const dialog = page.getByRole('dialog', { name: 'Set the date of 1 photo' });
    await dialog.getByLabel('Date', { exact: true }).fill('2021-03-05');
    await shot(page, '17-set-date-dialog');
    await dialog.getByRole('button', { name: 'Set date' }).click();
    await viewer.getByRole('img', { name: 'apple.jpg, 5 March 2021' }).waitFor();
    expect(server.app.photos.get(idOf('apple.jpg'))).toMatchObject({ takenAt: '2021-03-05T09:30:00', dateSource: 'user' });
    await viewer.getByRole('button', { name: 'Close', exact: true }).click();
    await page.getByRole('heading', { name: 'March 2021' }).waitFor();
    await page.getByRole('button', { name: 'apple.jpg, 5 March 2021' }).waitFor();

    await page.getByRole('button', { name: 'apple.jpg, 5 March 2021' }).click();
    await viewer.getByRole('toolbar', { name: 'Photo' }).getByRole('button', { name: 'Set date' }).click();
    await page.getByRole('dialog', { name: 'Set the date of 1 photo' }).getByRole('button', { name: "Reset to the photo's own date" }).click();
    await viewer.getByRole('img', { name: 'apple.jpg, 14 June 2019' }).waitFor();
    expect(server.app.photos.get(idOf('apple.jpg'))).toMatchObject({ takenAt: '2019-06-14T09:30:00', dateSource: 'exif' });
    await viewer.getByRole('button', { name: 'Close', exact: true }).click();
  });

  it('sets the date and the category of a selection, each in one call', async () => {
    const own = sha('apple.jpg');
    const calls: string[] = [];
    page.on('request', (r) => {
      const m = /\/api\/([\w.]+)/.exec(r.url());
      if (m && r.method() === 'POST') calls.push(m[1]!);
    });
    await page.getByRole('checkbox', { name: /^Select apple\.jpg, / }).click();
    await page.getByRole('checkbox', { name: /^Select pear\.jpg, / }).click();
    const bar = page.getByRole('toolbar', { name: 'Selection' });
    await bar.getByRole('button', { name: 'Set category' }).click();
    const cat = page.getByRole('dialog', { name: 'Set the category of 2 photos' });
    const options = await cat.getByLabel('Category').locator('option').allTextContents();
    const category = options.find((o) => o !== 'Choose…')!;
    await cat.getByLabel('Category').selectOption(category);
    await cat.getByRole('button', { name: 'Set category' }).click();
    await page.getByText(`Category of 2 photos set to ${category}`).waitFor();
    for (const f of ['apple.jpg', 'pear.jpg']) {
      expect(server.app.photos.classification(idOf(f)).categories[0]).toMatchObject({ category, assignedBy: 'user' });
    }
    expect(calls.filter((c) => c.startsWith('photos.setCategories'))).toEqual(['photos.setCategoriesMany']);

    await page.getByRole('checkbox', { name: /^Select apple\.jpg, / }).click();
    await page.getByRole('checkbox', { name: /^Select pear\.jpg, / }).click();
    await bar.getByRole('button', { name: 'Set date' }).click();
    const dialog = page.getByRole('dialog', { name: 'Set the date of 2 photos' });
    await dialog.getByLabel('Date', { exact: true }).fill('2010-08-01');
    await dialog.getByRole('button', { name: 'Set date' }).click();
    await page.getByRole('button', { name: 'pear.jpg, 1 August 2010' }).waitFor();
    await page.getByRole('button', { name: 'apple.jpg, 1 August 2010' }).waitFor();
    await page.getByRole('heading', { name: 'August 2010' }).waitFor();
    expect(calls.filter((c) => c === 'photos.setDate')).toHaveLength(1);
    expect(sha('apple.jpg')).toBe(own);

    // Undo gives each photo the date it had: here their own, from EXIF
    await page.getByRole('status').getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('button', { name: 'apple.jpg, 14 June 2019' }).waitFor();
    await page.getByRole('button', { name: 'pear.jpg, 2 January 2018' }).waitFor();
    expect(server.app.photos.get(idOf('apple.jpg'))).toMatchObject({ takenAt: '2019-06-14T09:30:00', dateSource: 'exif' });
    expect(server.app.photos.get(idOf('pear.jpg'))).toMatchObject({ takenAt: '2018-01-02T08:00:00', dateSource: 'exif' });
  });

  it('a category corrected in the viewer leaves the category screen at once (its count too), and the dialogs start in their field', async () => {
    // apple.jpg is in the category the last test gave it and pear.jpg
    const category = server.app.photos.classification(idOf('apple.jpg')).categories[0]!.category;
    await page.goto(`${server.url.replace(/\?token=.*/, '')}#/category/${encodeURIComponent(category)}`);
    const n = server.app.catalog.categories.categoryCounts().find((c) => c.category === category)!.photos;
    const photos = (k: number) => page.getByText(`${k} photo${k === 1 ? '' : 's'}`, { exact: true });
    await photos(n).waitFor();
    await page.getByRole('button', { name: /^apple\.jpg, / }).click();
    const viewer = page.getByRole('dialog', { name: 'Photo viewer' });
    const choices = viewer.getByLabel('Correct the category').locator('option');
    await expect.poll(() => choices.count()).toBeGreaterThan(2);
    const other = (await choices.allTextContents()).find((o) => o !== 'Choose…' && o !== category)!;
    await viewer.getByLabel('Correct the category').selectOption(other);
    await photos(n - 1).waitFor();
    // the viewer stays, on a photo still in this category
    await expect.poll(() => viewer.locator('.canvas').getAttribute('aria-label')).toMatch(/^(pear\.jpg|messi5\.jpg), /);
    expect(server.app.photos.classification(idOf('apple.jpg')).categories[0]).toMatchObject({ category: other, assignedBy: 'user' });
    // Set date: the date field has the focus, not the Close button
    await viewer.getByRole('button', { name: 'Set date' }).click();
    const dialog = page.getByRole('dialog', { name: 'Set the date of 1 photo' });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Date', { exact: true }).evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await viewer.getByRole('button', { name: 'Close', exact: true }).click();
  });
});
