// Web mode recovers by itself (QA walkthrough): writes answer while the worker indexes; a restarted
// server takes the indexer lock over (waiting, and saying so, while another indexer holds it); the
// page's access key survives a restart on the same data folder.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWebServer } from '../../electron/server/web-server.js';
import { httpTransport } from '../../electron/shared/client.js';
import { peek } from '../helpers/engine.js';
import { makeJpeg } from '../helpers/images.js';
import { REPO, tempDir } from '../helpers/temp.js';

const cleanup: (() => Promise<unknown> | void)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

async function library(label: string, count: number): Promise<string> {
  const lib = tempDir(label);
  for (let i = 0; i < count; i++) await makeJpeg(path.join(lib, `p${i}.jpg`), { seed: i + 1, width: 320, height: 240 });
  return lib;
}

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 150_000) {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) if (await ok()) return;
  throw new Error(`timed out waiting for ${what}`);
}

describe('writes while the worker indexes', () => {
  it('gif.make (added to the library) and favourites.set answer while photos are still waiting to be indexed', async () => {
    const dataDir = tempDir('busy-data');
    const lib = await library('busy-lib', 60);
    const server = await startWebServer({ dataDir });
    cleanup.push(() => server.close());
    expect(await server.dispatch('roots.add', { path: lib })).toMatchObject({ ok: true });
    await until('the scan catalogued the 60 photos', () => server.app.status().photos.total >= 60);
    const ids = server.app.catalog.photos.list({ limit: 3, offset: 0 }).rows.map((r) => r.id);
    const out = path.join(fs.realpathSync(lib), 'made.gif');
    const gif = await server.dispatch('gif.make', { photoIds: ids, out, delayMs: 200, loop: 0, size: 160, fit: 'cover', overwrite: false, addToLibrary: true });
    expect(gif).toMatchObject({ ok: true, result: { frames: 3 } });
    expect(server.app.status().photos.pending).toBeGreaterThan(0); // answered before indexing ended
    const fav = await server.dispatch('favourites.set', { photoIds: ids, favourite: true });
    expect(fav).toEqual({ ok: true, result: { count: 3 } });
    expect(server.app.status().photos.pending).toBeGreaterThan(0);
    await until('everything indexed, the GIF too', () => server.app.status().photos.indexed === 61);
  }, 300_000);
});

describe('the access key across restarts', () => {
  const api = (port: number, cookie: string) =>
    fetch(`http://127.0.0.1:${port}/api/roots.list`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{}' });

  it('a restarted server on the same data folder accepts the page cookie; --new-token signs it out', async () => {
    const dataDir = tempDir('token-data');
    let server = await startWebServer({ dataDir });
    const port = Number(new URL(server.url).port);
    const signIn = await fetch(server.url, { redirect: 'manual' });
    expect(signIn.status).toBe(303);
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    expect((await api(port, cookie)).status).toBe(200);
    expect(fs.statSync(path.join(dataDir, 'web-token')).mode & 0o777).toBe(0o600);
    const first = server.token;
    await server.close();

    server = await startWebServer({ dataDir, port });
    expect(server.token).toBe(first);
    expect((await api(port, cookie)).status).toBe(200); // the open page goes on with its cookie
    await server.close();

    server = await startWebServer({ dataDir, port, newToken: true });
    cleanup.push(() => server.close());
    expect(server.token).not.toBe(first);
    const refused = await api(port, cookie);
    expect(refused.status).toBe(401);
    expect(await refused.text()).toMatch(/wrong token/);
  }, 120_000);
});

describe('the indexer lock across restarts', () => {
  const indexedIn = (server: { app: { status(): { photos: { indexed: number } } } }) => server.app.status().photos.indexed;

  it('SIGTERM mid-indexing releases the lock before web mode exits', async () => {
    const dataDir = tempDir('term-data');
    const lib = await library('term-lib', 150);
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'electron/server/main.ts'), '--data-dir', dataDir, lib], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    await new Promise<void>((resolve) => child.stdout!.on('data', (d: Buffer) => d.toString().includes('is running at') && resolve()));
    const lock = path.join(dataDir, 'indexer.lock');
    await until('the worker took the lock', () => fs.existsSync(lock));
    await new Promise((r) => setTimeout(r, 1500)); // indexing is under way
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(fs.existsSync(lock)).toBe(false); // a restart right away becomes the indexer
    // and the exit did not wait for the library to be indexed (either pass): the rest stays queued for the next start
    expect(peek<{ n: number }>(dataDir, 'SELECT COUNT(*) AS n FROM jobs')[0]!.n).toBeGreaterThan(0);
  }, 300_000);

  it('a server whose library another live process holds says it is waiting, then takes over and indexes', async () => {
    const dataDir = tempDir('wait-data');
    const lib = await library('wait-lib', 4);
    let server = await startWebServer({ dataDir });
    expect(await server.dispatch('roots.add', { path: lib })).toMatchObject({ ok: true });
    await until('4 photos indexed', () => indexedIn(server) === 4);
    await server.close();
    await makeJpeg(path.join(lib, 'later.jpg'), { seed: 99, width: 320, height: 240 });

    const holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    cleanup.push(() => void holder.kill('SIGKILL'));
    fs.writeFileSync(path.join(dataDir, 'indexer.lock'), String(holder.pid));
    server = await startWebServer({ dataDir });
    cleanup.push(() => server.close());
    const status = async () => ((await server.dispatch('library.status', {})) as { result: { indexerWaiting?: string } }).result;
    expect((await status()).indexerWaiting).toBe(`Indexing is waiting: another Smart Album is working on this library (process ${holder.pid}).`);
    expect(indexedIn(server)).toBe(4);

    holder.kill('SIGKILL'); // its lock is left behind, naming a dead process
    await until('the new photo indexed by this server', () => indexedIn(server) === 5);
    expect((await status()).indexerWaiting).toBeUndefined();
    expect(fs.readFileSync(path.join(dataDir, 'indexer.lock'), 'utf8')).toBe(String(process.pid));
  }, 300_000);
});

describe('the page event socket when its key is refused', () => {
  it('backs off instead of retrying every second', async () => {
    const server = await startWebServer({ dataDir: tempDir('ws-data') });
    cleanup.push(() => server.close());
    let attempts = 0;
    class Counting extends WebSocket {
      constructor(url: string) {
        super(url); // no cookie, no header: refused with 401 like a page whose key is stale
        attempts++;
      }
    }
    const transport = httpTransport(new URL(server.url).origin, null, Counting as unknown as typeof globalThis.WebSocket);
    const off = transport.on('index.progress', () => {});
    await new Promise((r) => setTimeout(r, 7_000));
    off(); // no listener left: the pending retry does not reconnect
    expect(attempts).toBeGreaterThan(1); // it does keep trying (the server may come back with this key)...
    expect(attempts).toBeLessThanOrEqual(4); // ...but 1 s, 2 s, 4 s apart, not 7 times in 7 s
  }, 60_000);
});
