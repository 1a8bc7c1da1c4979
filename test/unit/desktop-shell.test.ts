// The Electron shell against a fake electron module (the one true boundary: Electron's binary
// cannot run here). Everything behind it is real: the engine, SQLite, the media function.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { CSP, startDesktop, type ElectronModule } from '../../electron/main/desktop.js';
import { CALL_CHANNEL, UPLOAD_CHANNEL } from '../../electron/main/ipc.js';
import { SmartAlbum } from '../../electron/core/smart-album.js';
import { makeJpeg } from '../helpers/images.js';
import { FIXTURES, tempDir } from '../helpers/temp.js';

/**
 * Electron's utilityProcess, played by a worker thread running the real indexer worker (from
 * source): same messages in and out, 'exit' when it ends, kill() to end it.
 */
function utilityProcessOf(file: string, dataDir: string, posted: unknown[]) {
  const source = pathToFileURL(file.replace(/\.js$/, '.ts')).href;
  const worker = new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`, { eval: true, workerData: { dataDir } });
  const child = Object.assign(new EventEmitter(), {
    postMessage: (m: unknown) => {
      posted.push(m);
      worker.postMessage(m);
    },
    kill: () => void worker.terminate(),
  });
  worker.on('message', (m) => child.emit('message', m));
  worker.on('exit', (code) => child.emit('exit', code));
  return child;
}

function fakeElectron(opts: { lock?: boolean; pick?: string } = {}) {
  const calls = { quit: 0, focus: 0, menu: null as unknown, schemes: [] as unknown[], posted: [] as unknown[], shown: [] as string[], opened: [] as string[] };
  const handlers = new Map<string, (e: unknown, ...a: unknown[]) => unknown>();
  let protocolHandler: ((r: Request) => Promise<Response>) | null = null;
  let headerHook: ((d: { responseHeaders: Record<string, string[]> }, cb: (r: unknown) => void) => void) | null = null;
  const windows: FakeWindow[] = [];
  const app = Object.assign(new EventEmitter(), {
    requestSingleInstanceLock: () => opts.lock ?? true,
    quit: () => void calls.quit++,
    exit: () => {},
    whenReady: async () => {},
    getPath: () => '/nonexistent',
  });
  class FakeWindow extends EventEmitter {
    options: Record<string, unknown>;
    loaded: string | null = null;
    openHandler: (() => unknown) | null = null;
    maximized = false;
    webContents = Object.assign(new EventEmitter(), {
      session: { webRequest: { onHeadersReceived: (fn: typeof headerHook) => void (headerHook = fn) } },
      setWindowOpenHandler: (fn: () => unknown) => void (this.openHandler = fn),
      send: () => {},
      isDestroyed: () => false,
      executeJavaScript: async () => {},
    });
    constructor(o: Record<string, unknown>) {
      super();
      this.options = o;
      windows.push(this);
    }
    loadFile = async (f: string) => void (this.loaded = f);
    isDestroyed = () => false;
    isMinimized = () => false;
    restore = () => {};
    focus = () => void calls.focus++;
    maximize = () => void (this.maximized = true);
    isMaximized = () => this.maximized;
    show = () => {};
    getNormalBounds = () => ({ x: 10, y: 20, width: 1000, height: 700 });
  }
  const electron = {
    app,
    BrowserWindow: FakeWindow,
    ipcMain: { handle: (c: string, fn: (e: unknown, ...a: unknown[]) => unknown) => void handlers.set(c, fn), removeHandler: (c: string) => void handlers.delete(c) },
    protocol: {
      registerSchemesAsPrivileged: (s: unknown[]) => void calls.schemes.push(...s),
      handle: (_scheme: string, fn: (r: Request) => Promise<Response>) => void (protocolHandler = fn),
    },
    dialog: { showOpenDialog: async () => ({ canceled: !opts.pick, filePaths: opts.pick ? [opts.pick] : [] }), showErrorBox: () => {} },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: (m: unknown) => void (calls.menu = m) },
    utilityProcess: { fork: (file: string, _args: string[], o: { env: Record<string, string> }) => utilityProcessOf(file, o.env.SMART_ALBUM_DATA_DIR!, calls.posted) },
    shell: {
      showItemInFolder: (f: string) => void calls.shown.push(f),
      openPath: async (f: string) => (calls.opened.push(f), ''),
    },
  };
  return { electron: electron as unknown as ElectronModule, calls, handlers, windows, protocol: () => protocolHandler!, headers: () => headerHook! };
}

/** what Electron passes to an invoke handler called by the app's own page */
const APP_FRAME = { senderFrame: { url: 'file:///app/renderer/index.html#/library' } };

const start = (fake: ReturnType<typeof fakeElectron>, dataDir: string) => startDesktop(fake.electron, { rendererIndex: '/app/renderer/index.html', preload: '/app/preload.cjs', dataDir });

describe('desktop shell', () => {
  it('opens one locked-down window with the preload, a strict CSP and no pop-ups', async () => {
    const fake = fakeElectron();
    const shell = (await start(fake, tempDir('desk')))!;
    const win = fake.windows[0]!;
    expect(win.options.webPreferences).toMatchObject({ preload: '/app/preload.cjs', contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(win.loaded).toBe('/app/renderer/index.html');
    expect(win.openHandler!()).toEqual({ action: 'deny' });
    let headers: Record<string, string[]> = {};
    fake.headers()({ responseHeaders: {} }, (r) => (headers = (r as { responseHeaders: Record<string, string[]> }).responseHeaders));
    expect(headers['Content-Security-Policy']).toEqual([CSP]);
    expect(CSP).toContain("default-src 'self'");
    expect(fake.calls.schemes).toEqual([expect.objectContaining({ scheme: 'photo' })]);
    expect((fake.calls.menu as { label?: string }[]).map((m) => m.label).filter(Boolean)).toEqual(['File', 'Go']);
    await shell.indexer.stop();
    await shell.engine.close();
  });

  it('quits when another instance runs, and focuses the first one instead', async () => {
    const second = fakeElectron({ lock: false });
    expect(await start(second, tempDir('desk'))).toBeNull();
    expect(second.calls.quit).toBe(1);
    const first = fakeElectron();
    const shell = (await start(first, tempDir('desk')))!;
    first.electron.app.emit('second-instance');
    expect(first.calls.focus).toBe(1);
    await shell.indexer.stop();
    await shell.engine.close();
  });

  it('answers the contract over IPC, with the native folder picker', async () => {
    const fake = fakeElectron({ pick: '/home/me/Pictures' });
    const shell = (await start(fake, tempDir('desk')))!;
    const call = fake.handlers.get(CALL_CHANNEL)!;
    expect(await call(APP_FRAME, 'roots.list', {})).toEqual({ ok: true, result: [] });
    expect(await call(APP_FRAME, 'system.pickFolder', {})).toEqual({ ok: true, result: { path: '/home/me/Pictures', supported: true } });
    expect(await call(APP_FRAME, 'photos.get', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    // adding a folder is a write: the utilityProcess indexer runs it, then scans and indexes the folder
    expect(await call(APP_FRAME, 'roots.add', { path: path.join(FIXTURES, 'everyday') })).toMatchObject({ ok: true, result: { id: 1 } });
    expect(fake.calls.posted).toContainEqual(expect.objectContaining({ t: 'call', method: 'roots.add' }));
    for (let i = 0; i < 600 && shell.engine.status().photos.indexed < 10; i++) await new Promise((r) => setTimeout(r, 100));
    expect(shell.engine.status().photos.indexed).toBe(10);
    await shell.indexer.stop();
    await shell.engine.close();
  });

  it('answers only the app\'s own page: other frames, navigated windows and closed frames are refused', async () => {
    const fake = fakeElectron();
    const shell = (await start(fake, tempDir('desk')))!;
    const call = fake.handlers.get(CALL_CHANNEL)!;
    for (const frame of [{ url: 'https://attacker.invalid/' }, { url: 'file:///tmp/evil.html' }, { url: 'file:///app/renderer/other.html' }, { url: 'photo://media/small/1' }, null]) {
      const r = await call({ senderFrame: frame }, 'roots.add', { path: tempDir('desk-lib') });
      expect(r, JSON.stringify(frame)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/answers only its own window/) } });
    }
    expect(await call({}, 'roots.list', {})).toMatchObject({ ok: false });
    expect(shell.engine.roots.list()).toEqual([]);
    expect(await call({ senderFrame: { url: 'file:///app/renderer/index.html?x=1#/people' } }, 'roots.list', {})).toEqual({ ok: true, result: [] });
    await shell.engine.close();
  });

  it('saves a GIF only in a library folder or a picked folder, and searches by a dropped image\'s bytes', async () => {
    const data = tempDir('desk');
    const lib = tempDir('desk-lib');
    for (const seed of [1, 2]) await makeJpeg(path.join(lib, `p${seed}.jpg`), { seed, width: 160, height: 120 });
    const engine = new SmartAlbum({ dataDir: data });
    await engine.scanAndIndex((await engine.roots.add(lib)).id);
    await engine.close();
    const picked = tempDir('desk-picked');
    const fake = fakeElectron({ pick: picked });
    const shell = (await start(fake, data))!;
    const call = fake.handlers.get(CALL_CHANNEL)!;
    const gif = (out: string) => call(APP_FRAME, 'gif.make', { photoIds: [1, 2], out, size: 32 });
    expect(await gif(path.join(picked, 'a.gif'))).toMatchObject({ ok: false, error: { message: expect.stringMatching(/only be saved inside one of your library folders/) } });
    expect(await gif(path.join(lib, 'in-library.gif'))).toMatchObject({ ok: true });
    expect(await call(APP_FRAME, 'system.pickFolder', {})).toMatchObject({ ok: true, result: { path: picked } });
    expect(await gif(path.join(picked, 'a.gif'))).toMatchObject({ ok: true, result: { frames: 2 } });
    expect(fs.existsSync(path.join(picked, 'a.gif'))).toBe(true);
    // search by a dropped image: its bytes over IPC (the page has no paths), read once by the search
    const upload = fake.handlers.get(UPLOAD_CHANNEL)!;
    const bytes = new Uint8Array(await sharp(path.join(lib, 'p1.jpg')).png().toBuffer());
    const saved = (await upload(APP_FRAME, bytes)) as { ok: true; result: { path: string } };
    expect(saved).toMatchObject({ ok: true, result: { path: expect.stringMatching(/uploads[\\/][0-9a-f-]{36}\.png$/) } });
    expect(await upload(APP_FRAME, new TextEncoder().encode('#!/bin/sh\necho not a photo\n'))).toMatchObject({ ok: false, error: { message: expect.stringMatching(/not an image/) } });
    expect(await upload({ senderFrame: { url: 'https://attacker.invalid/' } }, bytes)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/only its own window/) } });
    expect(await call(APP_FRAME, 'search.similar', { imagePath: saved.result.path, limit: 2 })).toMatchObject({ ok: true });
    expect(fs.existsSync(saved.result.path)).toBe(false);
    expect(await call(APP_FRAME, 'search.similar', { imagePath: path.join(picked, 'a.gif') })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/reads only a file dropped/) } });
    await shell.engine.close();
  }, 60_000);

  it('shows a photo in its folder and opens it with the system app (the viewer\'s buttons)', async () => {
    const fake = fakeElectron();
    const shell = (await start(fake, tempDir('desk')))!;
    const call = fake.handlers.get(CALL_CHANNEL)!;
    const root = await shell.engine.roots.add(path.join(FIXTURES, 'everyday'));
    await shell.engine.scanner.scanAll(root.id);
    const apple = shell.engine.catalog.db.prepare(`SELECT id, path FROM photos WHERE file_name = 'apple.jpg'`).get() as { id: number; path: string };
    expect(await call(APP_FRAME, 'system.showInFolder', { photoId: apple.id })).toEqual({ ok: true, result: { path: apple.path } });
    expect(await call(APP_FRAME, 'system.openWith', { photoId: apple.id })).toEqual({ ok: true, result: { path: apple.path } });
    expect([fake.calls.shown, fake.calls.opened]).toEqual([[apple.path], [apple.path]]);
    expect(await call(APP_FRAME, 'system.showInFolder', { photoId: 99_999 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await shell.engine.close();
  });

  it('serves photo:// for catalogued photos only', async () => {
    const data = tempDir('desk');
    const engine = new SmartAlbum({ dataDir: data });
    const root = await engine.roots.add(path.join(FIXTURES, 'everyday'));
    await engine.scanAndIndex(root.id);
    await engine.close();
    const fake = fakeElectron();
    const shell = (await start(fake, data))!;
    const handle = fake.protocol();
    const ok = await handle(new Request('photo://media/small/1'));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('image/jpeg');
    expect((await handle(new Request('photo://media/small/99999'))).status).toBe(404);
    for (const bad of ['photo://media/small/..%2F..%2Fetc%2Fpasswd', 'photo://media/../../etc/passwd', 'photo://elsewhere/small/1', 'photo://media/original/1%2F..']) {
      const r = await handle(new Request(bad));
      expect([400, 404], bad).toContain(r.status);
      expect(await r.text()).not.toContain('root:');
    }
    await shell.indexer.stop();
    await shell.engine.close();
  });

  it('remembers the window size and place', async () => {
    const data = tempDir('desk');
    const fake = fakeElectron();
    const shell = (await start(fake, data))!;
    fake.windows[0]!.emit('close');
    await shell.indexer.stop();
    await shell.engine.close();
    expect(JSON.parse(fs.readFileSync(path.join(data, 'window-state.json'), 'utf8'))).toEqual({ x: 10, y: 20, width: 1000, height: 700, maximized: false });
    const again = fakeElectron();
    const shell2 = (await start(again, data))!;
    expect(again.windows[0]!.options).toMatchObject({ x: 10, y: 20, width: 1000, height: 700 });
    await shell2.indexer.stop();
    await shell2.engine.close();
  });
});
