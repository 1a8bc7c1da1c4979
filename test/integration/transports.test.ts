// One contract suite over the three ways a UI reaches the core: the dispatcher in-process, the
// Electron IPC transport (real registerIpc/createBridge over fake ipcMain/ipcRenderer: the true
// Electron boundary), and web mode's HTTP + WebSocket server on an ephemeral port (indexing in
// its worker thread). Then what only the web server does: token, media route, path traversal.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ApiError, createClient, httpTransport, type Client, type Transport } from '../../electron/shared/client.js';
import { createDispatcher } from '../../electron/shared/rpc.js';
import { createHandlers } from '../../electron/core/api.js';
import { SmartAlbum } from '../../electron/core/smart-album.js';
import { registerIpc, eventSender, type IpcMainLike } from '../../electron/main/ipc.js';
import { createBridge, type IpcRendererLike } from '../../electron/preload/bridge.js';
import { startWebServer, type WebServer } from '../../electron/server/web-server.js';
import { FIXTURES, tempDir } from '../helpers/temp.js';

const EVERYDAY = fs.realpathSync(path.join(FIXTURES, 'everyday')); // roots are stored by real path
const APP_PAGE = 'file:///app/renderer/index.html';

/** ipcMain/ipcRenderer/webContents fakes wired back to back, as Electron would. */
function fakeIpc() {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  const ipcMain: IpcMainLike = { handle: (c, fn) => void handlers.set(c, fn), removeHandler: (c) => void handlers.delete(c) };
  const ipcRenderer: IpcRendererLike = {
    invoke: async (c, ...args) => JSON.parse(JSON.stringify(await handlers.get(c)!({ senderFrame: { url: APP_PAGE } }, ...args))), // structured clone
    on: (c, l) => void (listeners.get(c) ?? listeners.set(c, new Set()).get(c)!).add(l),
    removeListener: (c, l) => void listeners.get(c)?.delete(l),
  };
  const webContents = { send: (c: string, ...args: unknown[]) => listeners.get(c)?.forEach((l) => l({}, ...args)), isDestroyed: () => false };
  return { ipcMain, ipcRenderer, webContents };
}

interface Setup {
  client: Client;
  /** indexes what was added: in-process, or waits for the worker */
  settle(): Promise<void>;
  close(): Promise<void>;
}

const setups: Record<string, () => Promise<Setup>> = {
  async dispatcher() {
    const app = new SmartAlbum({ dataDir: tempDir('tr-d') });
    const dispatch = createDispatcher(createHandlers(app));
    const t: Transport = { call: dispatch, on: (e, cb) => (app.indexer.on('progress', cb), () => app.indexer.off('progress', cb)), mediaUrl: (k, id) => `${k}/${id}` };
    return { client: createClient(t), settle: async () => void (await app.scanAndIndex()), close: () => app.close() };
  },
  async ipc() {
    const app = new SmartAlbum({ dataDir: tempDir('tr-i') });
    const { ipcMain, ipcRenderer, webContents } = fakeIpc();
    registerIpc(ipcMain, createDispatcher(createHandlers(app)), APP_PAGE);
    const send = eventSender(() => [webContents]);
    app.indexer.on('progress', (p) => send('index.progress', p));
    return { client: createClient(createBridge(ipcRenderer)), settle: async () => void (await app.scanAndIndex()), close: () => app.close() };
  },
  async http() {
    const server = await startWebServer({ dataDir: tempDir('tr-h') });
    const base = server.url.slice(0, server.url.indexOf('/?'));
    // a client outside the browser sends the token in a header, on the WebSocket's upgrade too
    const WithToken = class extends WebSocket {
      constructor(url: string) {
        super(url, { headers: { 'x-smart-album-token': server.token } });
      }
    };
    const client = createClient(httpTransport(base, server.token, WithToken as unknown as typeof globalThis.WebSocket));
    return {
      client,
      async settle() {
        for (let i = 0; i < 600; i++) {
          const s = await client.call('library.status', {});
          if (s.photos.total > 0 && s.photos.pending === 0 && s.queue.queued === 0 && s.queue.running === 0) return;
          await new Promise((r) => setTimeout(r, 100));
        }
        throw new Error('the worker did not finish indexing');
      },
      close: () => server.close(),
    };
  },
};

for (const [name, setup] of Object.entries(setups)) {
  describe(`contract over ${name}`, () => {
    let s: Setup;
    const progress: string[] = [];
    beforeAll(async () => {
      s = await setup();
      s.client.on('index.progress', (p) => progress.push(p.stage));
    }, 60_000);
    afterAll(() => s?.close());

    it('adds a folder, indexes it and lists the photos', async () => {
      const root = await s.client.call('roots.add', { path: EVERYDAY });
      expect(root).toMatchObject({ path: EVERYDAY, photoCount: expect.any(Number) });
      await s.settle();
      const list = await s.client.call('photos.list', { limit: 100 });
      expect(list.total).toBe(10);
      expect(list.items.every((p) => p.status === 'indexed' && p.hasThumbnail)).toBe(true);
      expect(await s.client.call('photos.get', { id: list.items[0]!.id })).toEqual(list.items[0]);
      expect(progress).toContain('index');
    }, 120_000);

    it('validates input and reports errors with their code', async () => {
      await expect(s.client.call('photos.get', { id: 'x' as unknown as number })).rejects.toMatchObject({ name: 'ApiError', code: 'INVALID_INPUT' });
      await expect(s.client.call('photos.get', { id: 987654 })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/#987654 is not in the catalog/) });
      await expect(s.client.call('no.such' as 'photos.get', { id: 1 })).rejects.toBeInstanceOf(ApiError);
    });

    it('runs a write and a read of the new features the same way', async () => {
      const ids = (await s.client.call('photos.list', { limit: 3 })).items.map((p) => p.id);
      const album = await s.client.call('albums.create', { name: 'Trip', photoIds: ids });
      expect(album).toMatchObject({ name: 'Trip', count: 3 });
      expect((await s.client.call('albums.list', {})).map((a) => a.name)).toEqual(['Trip']);
      await s.client.call('favourites.set', { photoIds: [ids[0]!], favourite: true });
      expect((await s.client.call('favourites.list', {})).items.map((p) => p.id)).toEqual([ids[0]]);
      const tree = await s.client.call('places.tree', {});
      expect(tree.noGps).toBe(10);
    });
  });
}

describe('web server only', () => {
  let server: WebServer;
  let base: string;
  const renderer = tempDir('renderer');
  beforeAll(async () => {
    fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Smart Album</title>');
    const data = tempDir('tr-w');
    const app = new SmartAlbum({ dataDir: data });
    const root = await app.roots.add(EVERYDAY);
    await app.scanAndIndex(root.id);
    await app.close();
    server = await startWebServer({ dataDir: data, rendererDir: renderer });
    base = server.url.slice(0, server.url.indexOf('/?'));
  }, 120_000);
  afterAll(() => server?.close());

  const get = (p: string, token = true) => fetch(`${base}${p}`, { headers: token ? { 'x-smart-album-token': server.token } : {} });

  it('serves the page, and the API and media only with the token', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/);
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect((await fetch(`${base}/api/photos.list`, { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await get('/media/small/1', false)).status).toBe(401);
    const ws = new WebSocket(`${base.replace('http', 'ws')}/api/events?token=wrong`);
    await expect(new Promise((resolve, reject) => (ws.on('open', resolve), ws.on('error', reject)))).rejects.toThrow(/401/);
  });

  it('replays the last indexing progress to a new connection (a reloaded page keeps its bar)', async () => {
    const replayed = async () => {
      const ws = new WebSocket(`${base.replace('http', 'ws')}/api/events`, { headers: { 'x-smart-album-token': server.token } });
      const m = await new Promise<{ event: string; payload: { stage: string } }>((resolve, reject) => {
        ws.on('message', (m) => resolve(JSON.parse(String(m))));
        ws.on('error', reject);
        setTimeout(() => reject(new Error('nothing replayed')), 5000);
      });
      ws.close();
      return m;
    };
    // the worker's start-up scan (catching up with changes made while no indexer ran) ends first
    let first = await replayed();
    for (let i = 0; i < 100 && first.payload.stage !== 'idle'; i++) {
      expect(['scan', 'index']).toContain(first.payload.stage);
      await new Promise((r) => setTimeout(r, 100));
      first = await replayed();
    }
    expect(first.event).toBe('index.progress');
    expect(first.payload.stage).toBe('idle'); // the worker said indexing is over; a page opened mid-run gets 'index' with done/total
  });

  it('serves thumbnails, originals and face crops of catalogued photos only', async () => {
    const small = await get('/media/small/1');
    expect(small.status).toBe(200);
    expect(small.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await small.arrayBuffer()).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    const list = (await (await fetch(`${base}/api/photos.list`, { method: 'POST', headers: { 'x-smart-album-token': server.token }, body: '{"limit":100}' })).json()) as {
      result: { items: { id: number; path: string; size: number }[] };
    };
    const photo = list.result.items[0]!;
    const original = await get(`/media/original/${photo.id}`);
    expect(Buffer.from(await original.arrayBuffer()).equals(fs.readFileSync(photo.path))).toBe(true);
    expect((await get('/media/small/424242')).status).toBe(404);
    const face = server.app.catalog.db.prepare('SELECT id FROM faces LIMIT 1').get() as { id: number };
    const crop = await get(`/media/face/${face.id}`);
    expect(crop.status).toBe(200);
    expect(crop.headers.get('content-type')).toBe('image/jpeg');
  });

  it('refuses path traversal and anything that is not a catalogued photo', async () => {
    for (const p of ['/media/small/..%2F..%2F..%2Fetc%2Fpasswd', '/media/original/1%2F..%2F..%2Fetc%2Fpasswd', '/media/small/-1', '/media/file/%2Fetc%2Fpasswd', '/media/original/1.5']) {
      const r = await get(p);
      expect(r.status, p).toBe(400);
      expect(await r.text()).not.toContain('root:');
    }
    for (const p of ['/../../../etc/passwd', '/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2f..%2fetc%2fpasswd', '/index.html/../../catalog.sqlite']) {
      const r = await fetch(`${base}${p}`);
      expect(r.status, p).toBe(404);
      expect(await r.text()).not.toContain('root:');
    }
  });
});
