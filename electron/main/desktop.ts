// The Electron main process: one window (context isolation, sandbox, no Node, strict CSP), the
// IPC transport, the photo:// protocol over the same media function as web mode, the indexer in a
// utilityProcess, a native folder picker, menus and shortcuts, a single instance, and the window's
// size and place remembered. Takes the electron module as a parameter so tests can pass a fake.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Electron from 'electron';
import { createDispatcher } from '../shared/rpc.js';
import { guardHandlers, serviceHandlers, type IndexingHost } from '../core/api.js';
import { saveUpload } from '../core/media/image-type.js';
import { forwardWrites } from '../core/api/forward-writes.js';
import { mediaFor, readMedia } from '../core/media/media-source.js';
import { uploadsDir } from '../core/paths.js';
import { AccessPolicy } from '../core/path-policy.js';
import { AppError } from '../shared/errors.js';
import { SmartAlbum } from '../core/smart-album.js';
import { forkIndexer } from './indexer-process.js';
import { eventSender, registerIpc } from './ipc.js';

export type ElectronModule = Pick<typeof Electron, 'app' | 'BrowserWindow' | 'ipcMain' | 'protocol' | 'dialog' | 'Menu' | 'utilityProcess' | 'shell'>;

export const CSP = "default-src 'self'; img-src 'self' photo: data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized?: boolean;
}

export function loadWindowState(file: string): WindowState {
  try {
    const s = JSON.parse(fs.readFileSync(file, 'utf8')) as WindowState;
    if (s.width >= 400 && s.height >= 300) return s;
  } catch {
    /* first run or damaged: defaults */
  }
  return { width: 1280, height: 820 };
}

export async function startDesktop(electron: ElectronModule, options: { rendererIndex: string; preload: string; dataDir?: string; folders?: string[] }) {
  const { app, BrowserWindow, ipcMain, protocol, dialog, Menu } = electron;
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  protocol.registerSchemesAsPrivileged([{ scheme: 'photo', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }]);
  await app.whenReady();

  const dataDir = options.dataDir ?? app.getPath('userData');
  const engine = new SmartAlbum({ dataDir });
  let win: Electron.BrowserWindow | null = null;
  const send = eventSender(() => (win && !win.isDestroyed() ? [win.webContents] : []));
  const host = forkIndexer(electron.utilityProcess, dataDir, send);
  engine.events.on('models.progress', (p) => send('models.progress', p));
  const access = new AccessPolicy(engine.catalog); // the window is a UI, not the trusted local user
  // the utilityProcess is the catalog's one writer: writes go there (after the path policy), reads stay here
  const handlers = guardHandlers(engine, forwardWrites(serviceHandlers(engine), host, engine), { access });
  handlers['system.pickFolder'] = async () => {
    const r = await dialog.showOpenDialog({ title: 'Add a photo folder', properties: ['openDirectory'] });
    const picked = r.canceled ? null : (r.filePaths[0] ?? null);
    if (picked) access.allowPickedFolder(picked); // chosen by the user: GIFs may be saved there
    return { path: picked, supported: true };
  };
  handlers['system.showInFolder'] = ({ photoId }) => {
    const file = engine.views.photoFile(photoId);
    electron.shell.showItemInFolder(file);
    return { path: file };
  };
  handlers['system.openWith'] = async ({ photoId }) => {
    const file = engine.views.photoFile(photoId);
    const problem = await electron.shell.openPath(file);
    if (problem) throw new AppError('UNAVAILABLE', `${file} could not be opened: ${problem}`);
    return { path: file };
  };
  fs.rmSync(uploadsDir(dataDir), { recursive: true, force: true }); // uploads do not outlive the app
  registerIpc(ipcMain, createDispatcher(handlers), pathToFileURL(options.rendererIndex).href, (bytes) => saveUpload(dataDir, bytes));

  // photo://media/<kind>/<id>: catalogued photos and faces only (see core/media/media-source.ts)
  protocol.handle('photo', async (request) => {
    const url = new URL(request.url);
    const m = url.hostname === 'media' ? await mediaFor(engine.catalog, url.pathname) : ({ status: 400, message: 'Unknown photo:// address.' } as const);
    if (m.status !== 200) return new Response(m.status === 304 ? null : m.message, { status: m.status });
    const body = await readMedia(m).catch((err: Error) => err);
    if (body instanceof Error) return new Response(body.message, { status: 409 });
    // a face crop changes under its address (the photo turned, the face detected again): never kept
    const caching = m.etag ? 'no-store' : 'private, max-age=300';
    return new Response(new Uint8Array(body), { headers: { 'content-type': m.contentType, 'cache-control': caching } });
  });

  const stateFile = path.join(dataDir, 'window-state.json');
  const state = loadWindowState(stateFile);
  win = new BrowserWindow({
    ...state,
    minWidth: 480,
    minHeight: 480,
    title: 'Smart Album',
    show: false,
    webPreferences: { preload: options.preload, contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, spellcheck: false },
  });
  if (state.maximized) win.maximize();
  win.webContents.session.webRequest.onHeadersReceived((details, cb) => cb({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } }));
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  win.once('ready-to-show', () => win?.show());
  win.on('close', () => {
    if (!win) return;
    const b = win.getNormalBounds();
    fs.writeFileSync(stateFile, JSON.stringify({ ...b, maximized: win.isMaximized() }));
  });
  app.on('second-instance', () => {
    if (win?.isMinimized()) win.restore();
    win?.focus();
  });

  const addFolder = async () => {
    const r = await dialog.showOpenDialog({ title: 'Add a photo folder', properties: ['openDirectory'] });
    const folder = r.filePaths[0];
    if (!r.canceled && folder) await Promise.resolve().then(() => handlers['roots.add']({ path: folder, usePolling: false })).catch((err: Error) => dialog.showErrorBox('Cannot add this folder', err.message));
  };
  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
      { label: 'File', submenu: [{ label: 'Add Folder…', accelerator: 'CmdOrCtrl+O', click: () => void addFolder() }, { type: 'separator' }, { role: process.platform === 'darwin' ? 'close' : 'quit' }] },
      { role: 'editMenu' },
      { label: 'Go', submenu: [['Library', '1'], ['Favourites', '2'], ['Albums', '3'], ['People', '4'], ['Places', '5'], ['Recycle bin', '6']].map(([label, key]) => ({ label, accelerator: `CmdOrCtrl+${key}`, click: () => void win?.webContents.executeJavaScript(`location.hash = '#/${label === 'Recycle bin' ? 'trash' : label!.toLowerCase()}'`) })) },
      { role: 'viewMenu' },
      { role: 'windowMenu' },
    ]),
  );

  await win.loadFile(options.rendererIndex);
  for (const folder of options.folders ?? []) await Promise.resolve().then(() => handlers['roots.add']({ path: folder, usePolling: false })).catch(() => undefined); // already there, or said in the UI
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => void host.stop().finally(() => engine.close()));
  return { win, engine, handlers, indexer: host };
}
