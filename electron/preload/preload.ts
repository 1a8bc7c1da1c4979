// Runs in the sandboxed renderer's isolated world before the page.
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge.js';

const bridge = createBridge(ipcRenderer);
contextBridge.exposeInMainWorld('smartAlbum', { call: bridge.call, on: bridge.on, mediaUrl: bridge.mediaUrl, upload: bridge.upload });
