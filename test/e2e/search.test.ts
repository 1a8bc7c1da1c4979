// The search box in Chromium (issue 11) over real photos indexed through the server: found by its
// accessible name, suggestions as you type, Enter runs the query into #/search/<query> with the
// total and the photos in the Library's grid, a reload keeps them, an unknown word shows the hint,
// Ctrl-A selects the results; and the box is there at 480 px.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebServer } from '../../electron/server/web-server.js';
import { FIXTURES, tempDir } from '../helpers/temp.js';
import { at, buildRenderer, launch, newPage, serve, shot } from './harness.js';

const HOLIDAY = ['DSCN0010.jpg', 'DSCN0012.jpg', 'DSCN0021.jpg', 'DSCN0025.jpg', 'DSCN0027.jpg', 'DSCN0029.jpg', 'DSCN0038.jpg', 'DSCN0040.jpg', 'DSCN0042.jpg'];
let server: WebServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  const rendererDir = await buildRenderer();
  const lib = tempDir('search-ui-lib');
  fs.cpSync(path.join(FIXTURES, 'everyday'), path.join(lib, 'everyday'), { recursive: true });
  fs.cpSync(path.join(FIXTURES, 'exif/gps'), path.join(lib, 'holiday'), { recursive: true });
  server = await serve(tempDir('search-ui-data'), rendererDir);
  const root = await server.app.roots.add(lib);
  await server.app.scanAndIndex(root.id);
  browser = await launch();
  page = await newPage(browser);
  await page.goto(server.url);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const box = () => page.getByRole('searchbox', { name: 'Search your photos' });
const shown = () => page.locator('.cell button.open').evaluateAll((els) => els.map((e) => e.getAttribute('title')!.split(',')[0]!).sort());

describe('the search box in Chromium', () => {
  it('suggests as you type, runs the picked suggestion and shows the total and the photos', async () => {
    await box().click();
    await box().pressSequentially('Arez', { delay: 40 });
    const options = page.getByRole('listbox', { name: 'Suggestions' }).getByRole('option');
    await options.first().waitFor();
    expect(await options.first().textContent()).toMatch(/Arezzo/);
    await box().press('ArrowDown');
    expect(await options.first().getAttribute('aria-selected')).toBe('true');
    await box().press('Enter');
    await page.waitForURL(/#\/search\/Arezzo$/);
    expect(await box().inputValue()).toBe('Arezzo');
    await page.getByText('9 photos for “Arezzo”').waitFor();
    await expect.poll(shown).toEqual(HOLIDAY);
    await expect.poll(() => page.getByRole('listbox').count()).toBe(0);
    await shot(page, 'search-arezzo');
  });

  it('keeps the results through a reload and Back', async () => {
    await page.goto(at(server, '#/search/Arezzo'));
    await page.reload();
    await page.getByText('9 photos for “Arezzo”').waitFor();
    await expect.poll(shown).toEqual(HOLIDAY);
    expect(await box().inputValue()).toBe('Arezzo');
    await page.getByRole('link', { name: 'Favourites' }).click();
    await page.waitForURL(/#\/favourites$/);
    // another screen: the box is empty, not still saying the last query
    await expect.poll(() => box().inputValue()).toBe('');
    await page.goBack();
    await page.getByText('9 photos for “Arezzo”').waitFor();
    expect(await box().inputValue()).toBe('Arezzo');
  });

  it('Ctrl-A selects the results, not the library', async () => {
    await page.locator('.cell button.open').first().waitFor();
    await page.locator('header.top h1').click();
    await page.keyboard.press('Control+a');
    await page.getByText(/^9 selected/).waitFor();
    await page.keyboard.press('Escape');
  });

  it('Esc closes the suggestions; an unknown word shows the hint, not an error', async () => {
    await box().fill('');
    await box().pressSequentially('Are', { delay: 40 });
    await page.getByRole('listbox', { name: 'Suggestions' }).waitFor();
    await box().press('Escape');
    await expect.poll(() => page.getByRole('listbox').count()).toBe(0);
    await box().fill('zzyzx');
    await box().press('Enter');
    await page.waitForURL(/#\/search\/zzyzx$/);
    await page.getByText('0 photos for “zzyzx”').waitFor();
    await page.getByText(/No photo matches "zzyzx"/).waitFor();
    expect(await page.locator('.toast.error').count()).toBe(0);
  });

  it('is there at 480 px, on every screen', async () => {
    const small = await newPage(browser, 480, 800);
    await small.goto(server.url);
    for (const hash of ['#/library', '#/albums', '#/settings', '#/search/Arezzo']) {
      await small.evaluate((h) => (location.hash = h), hash);
      await small.locator('header.top h1').waitFor();
      await small.getByRole('searchbox', { name: 'Search your photos' }).waitFor();
      const b = await small.getByRole('searchbox', { name: 'Search your photos' }).boundingBox();
      expect(b!.x + b!.width).toBeLessThanOrEqual(480);
      expect(b!.width).toBeGreaterThan(200);
    }
    await shot(small, 'search-arezzo-480');
    await small.close();
  });
});
