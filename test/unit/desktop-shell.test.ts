// The Electron shell against a fake electron module (the one true boundary: Electron's binary
// cannot run here). Everything behind it is real: the engine, SQLite, the media function.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSP, startDesktop, type ElectronModule } from '../../electron/main/desktop.js';
import { CALL_CHANNEL } from '../../electron/main/ipc.js';
import { SmartAlbum } from '../../electron/core/smart-album.js';
import { FIXTURES, tempDir } from '../helpers/temp.js';

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
    utilityProcess: { fork: () => Object.assign(new EventEmitter(), { postMessage: (m: unknown) => void calls.posted.push(m) }) },
    shell: {
      showItemInFolder: (f: string) => void calls.shown.push(f),
      openPath: async (f: string) => (calls.opened.push(f), ''),
    },
  };
  return { electron: electron as unknown as ElectronModule, calls, handlers, windows, protocol: () => protocolHandler!, headers: () => headerHook! };
}

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
    await shell.engine.close();
  });

  it('answers the contract over IPC, with the native folder picker', async () => {
    const fake = fakeElectron({ pick: '/home/me/Pictures' });
    const shell = (await start(fake, tempDir('desk')))!;
    const call = fake.handlers.get(CALL_CHANNEL)!;
    expect(await call({}, 'roots.list', {})).toEqual({ ok: true, result: [] });
    expect(await call({}, 'system.pickFolder', {})).toEqual({ ok: true, result: { path: '/home/me/Pictures', supported: true } });
    expect(await call({}, 'photos.get', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    // adding a folder hands the scan to the utilityProcess indexer
    await call({}, 'roots.add', { path: path.join(FIXTURES, 'everyday') });
    expect(fake.calls.posted).toContainEqual(expect.objectContaining({ type: 'scan', rootId: 1 }));
    await shell.engine.close();
  });

  it('shows a photo in its folder and opens it with the system app (the viewer\'s buttons)', async () => {
    const fake = fakeElectron();
    const shell = (await start(fake, tempDir('desk')))!;
    const call = fake.handlers.get(CALL_CHANNEL)!;
    const root = await shell.engine.roots.add(path.join(FIXTURES, 'everyday'));
    await shell.engine.scanner.scanAll(root.id);
    const apple = shell.engine.catalog.db.prepare(`SELECT id, path FROM photos WHERE file_name = 'apple.jpg'`).get() as { id: number; path: string };
    expect(await call({}, 'system.showInFolder', { photoId: apple.id })).toEqual({ ok: true, result: { path: apple.path } });
    expect(await call({}, 'system.openWith', { photoId: apple.id })).toEqual({ ok: true, result: { path: apple.path } });
    expect([fake.calls.shown, fake.calls.opened]).toEqual([[apple.path], [apple.path]]);
    expect(await call({}, 'system.showInFolder', { photoId: 99_999 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
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
    await shell.engine.close();
  });

  it('remembers the window size and place', async () => {
    const data = tempDir('desk');
    const fake = fakeElectron();
    const shell = (await start(fake, data))!;
    fake.windows[0]!.emit('close');
    await shell.engine.close();
    expect(JSON.parse(fs.readFileSync(path.join(data, 'window-state.json'), 'utf8'))).toEqual({ x: 10, y: 20, width: 1000, height: 700, maximized: false });
    const again = fakeElectron();
    const shell2 = (await start(again, data))!;
    expect(again.windows[0]!.options).toMatchObject({ x: 10, y: 20, width: 1000, height: 700 });
    await shell2.engine.close();
  });
});
