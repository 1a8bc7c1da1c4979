// The viewer's object boxes in a real Chromium (web mode): the Objects toggle (or O) draws the
// detector's boxes over the photo where the objects are; the info panel lists them.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../electron/server/web-server.js';
import { FIXTURES, REPO, tempDir } from '../helpers/temp.js';

let server: WebServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  const rendererDir = tempDir('renderer-build-objects');
  await build({ configFile: path.join(REPO, 'renderer/vite.config.ts'), logLevel: 'warn', build: { outDir: rendererDir, emptyOutDir: true } });
  const lib = tempDir('objects-lib');
  fs.copyFileSync(path.join(FIXTURES, 'everyday/messi5.jpg'), path.join(lib, 'messi5.jpg'));
  server = await startWebServer({ dataDir: tempDir('objects-data'), rendererDir });
  const root = await server.app.roots.add(lib);
  await server.app.scanAndIndex(root.id);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('object boxes in the viewer', () => {
  it('draws the boxes over the photo on O / the Objects button, and lists the objects', async () => {
    await page.goto(server.url);
    await page.locator('[data-photo-id]').first().click();
    await page.getByTestId('viewer').waitFor();
    await expect.poll(() => page.getByTestId('objects').textContent()).toMatch(/person.*sports ball|sports ball.*person/s);
    expect(await page.getByTestId('object-box').count()).toBe(0);
    await page.keyboard.press('o');
    const boxes = page.getByTestId('object-box');
    await expect.poll(() => boxes.count()).toBeGreaterThanOrEqual(3);
    // the ball's box lies inside the shown photo, in its lower right part
    const img = (await page.locator('.frame img').boundingBox())!;
    const ball = (await boxes.filter({ hasText: 'sports ball' }).first().boundingBox())!;
    expect(ball.x).toBeGreaterThan(img.x + img.width / 2);
    expect(ball.y + ball.height).toBeLessThanOrEqual(img.y + img.height + 2);
    expect(ball.y).toBeGreaterThan(img.y + img.height / 2);
    await page.waitForFunction(() => [...document.images].every((i) => i.complete));
    await page.screenshot({ path: path.join(REPO, 'docs/screenshots/15-viewer-objects.png') });
    await page.getByTestId('objects-toggle').click();
    await expect.poll(() => boxes.count()).toBe(0);
  });
});
