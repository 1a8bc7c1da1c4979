// The viewer's object boxes in a real Chromium (web mode): the Objects toggle (or O) draws the
// detector's boxes over the photo where the objects are; the info panel lists them.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebServer } from '../../electron/server/web-server.js';
import { FIXTURES, tempDir } from '../helpers/temp.js';
import { buildRenderer, launch, newPage, serve, shot } from './harness.js';

let server: WebServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launch(); // first: no browser fails at once, in one line that says what to do
  const rendererDir = await buildRenderer();
  const lib = tempDir('objects-lib');
  fs.copyFileSync(path.join(FIXTURES, 'everyday/messi5.jpg'), path.join(lib, 'messi5.jpg'));
  server = await serve(tempDir('objects-data'), rendererDir);
  await server.app.roots.add(lib); // the worker scans and indexes it
  for (let i = 0; i < 600 && server.app.status().photos.indexed < 1; i++) await new Promise((r) => setTimeout(r, 100));
  page = await newPage(browser);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('object boxes in the viewer', () => {
  it('draws the boxes over the photo on O / the Objects button, and lists the objects', async () => {
    await page.goto(server.url);
    await page.getByRole('button', { name: /messi5\.jpg/ }).first().click();
    const viewer = page.getByRole('dialog', { name: 'Photo viewer' });
    await expect.poll(() => viewer.getByRole('list', { name: 'Objects found' }).textContent()).toMatch(/person.*sports ball|sports ball.*person/s);
    const boxes = viewer.locator('.box[aria-label]');
    expect(await boxes.count()).toBe(0);
    await page.keyboard.press('o');
    await expect.poll(() => boxes.count()).toBeGreaterThanOrEqual(3);
    // the ball's box lies inside the shown photo, in its lower right part
    const photo = (await viewer.getByRole('img', { name: /^messi5\.jpg/ }).locator('img').boundingBox())!;
    const ball = (await viewer.getByText(/^sports ball \d+%$/).first().locator('..').boundingBox())!;
    expect(ball.x).toBeGreaterThan(photo.x + photo.width / 2);
    expect(ball.y + ball.height).toBeLessThanOrEqual(photo.y + photo.height + 2);
    expect(ball.y).toBeGreaterThan(photo.y + photo.height / 2);
    await shot(page, '15-viewer-objects');
    await viewer.getByRole('button', { name: 'Objects' }).click();
    await expect.poll(() => boxes.count()).toBe(0);
  });
});
