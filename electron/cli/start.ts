#!/usr/bin/env node
// npm start [-- folders...]: the desktop app when Electron's binary is there (or can be fetched, which
// Electron does on first use unless ELECTRON_SKIP_BINARY_DOWNLOAD is set); otherwise web mode, with
// the address to open.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const folders = process.argv.slice(2).map((f) => path.resolve(f));
const dist = path.resolve(import.meta.dirname, '..');

/** The installed Electron binary, found without require('electron') (which would try to download it). */
function electronBinary(): string | null {
  if (process.env.SMART_ALBUM_WEB === '1') return null;
  try {
    const dir = path.dirname(require.resolve('electron/package.json'));
    const rel = fs.readFileSync(path.join(dir, 'path.txt'), 'utf8').trim();
    const bin = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(dir, 'dist'), rel);
    if (fs.existsSync(bin)) return bin;
  } catch {
    /* not downloaded yet */
  }
  // Electron fetches its binary on first use; where that is not wanted (offline machines, CI), web mode
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return null;
  try {
    return require('electron') as string;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const child = binary
  ? spawn(binary, [path.join(dist, 'main/index.js'), ...folders], { stdio: 'inherit' })
  : spawn(process.execPath, [path.join(dist, 'server/main.js'), ...folders], { stdio: 'inherit' });
if (!binary) process.stderr.write('Electron is not installed here, so Smart Album starts in web mode.\n');
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
