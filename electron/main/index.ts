// Electron's entry (package.json "main"): the real electron module into the desktop shell.
import path from 'node:path';
import * as electron from 'electron';
import { startDesktop } from './desktop.js';

void startDesktop(electron, {
  rendererIndex: path.join(import.meta.dirname, '../../renderer/index.html'),
  preload: path.join(import.meta.dirname, '../preload/preload.cjs'),
  folders: process.argv.slice(2).filter((a) => !a.startsWith('-') && !a.endsWith('.js')),
}).catch((err: Error) => {
  electron.dialog.showErrorBox('Smart Album could not start', err.message);
  electron.app.exit(1);
});
