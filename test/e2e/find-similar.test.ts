// "Find similar" from the viewer (issue 11): search by a photo of the library is face-aware, so the
// photos of the person in it come first ("Photos with this face"), then near-duplicates and similar.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebServer } from '../../electron/server/web-server.js';
import { FIXTURES, tempDir } from '../helpers/temp.js';
import { buildRenderer, launch, newPage, serve } from './harness.js';

let server: WebServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launch();
  const rendererDir = await buildRenderer();
  const lib = tempDir('similar-lib');
  fs.cpSync(path.join(FIXTURES, 'faces/people'), path.join(lib, 'people'), { recursive: true });
  server = await serve(tempDir('similar-data'), rendererDir);
  await server.app.roots.add(lib); // the worker scans it: both passes
  const done = () => server.app.status();
  for (let i = 0; i < 1200; i++) {
    const s = done();
    if (s.photos.indexed >= 9 && s.queue.queued + s.queue.running === 0 && (s.understandQueue?.queued ?? 0) + (s.understandQueue?.running ?? 0) === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  page = await newPage(browser);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('find similar from the viewer', () => {
  it('puts the photos of the person in the photo first', async () => {
    await page.goto(server.url);
    await page.getByRole('button', { name: /^obama\.jpg/ }).first().click();
    const viewer = page.getByRole('dialog', { name: 'Photo viewer' });
    await viewer.getByRole('button', { name: 'Find similar' }).click();
    await viewer.waitFor({ state: 'detached' });
    await page.getByText(/Photos (of .+|with this face): \d+ photos? first/).waitFor({ timeout: 30_000 });
    const grid = page.getByRole('region', { name: 'Search by image' });
    const first = grid.getByRole('listitem').first().getByRole('button').first();
    await expect.poll(() => first.getAttribute('aria-label')).toMatch(/^obama2?\.jpg/);
    await expect.poll(() => grid.getByRole('button', { name: /^obama2\.jpg/ }).count()).toBeGreaterThan(0);
  });
});
