#!/usr/bin/env node
// npm start [-- folders...]: the desktop app when Electron's binary is there (or can be fetched, once,
// unless ELECTRON_SKIP_BINARY_DOWNLOAD is set: electron-binary.ts); otherwise web mode, with the address to open.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { electronBinary } from './electron-binary.js';

const require = createRequire(import.meta.url);
const folders = process.argv.slice(2).map((f) => path.resolve(f));
const dist = path.resolve(import.meta.dirname, '..');

function electronPackage(): string | null {
  try {
    return path.dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
}

const binary = electronBinary({ packageDir: electronPackage(), env: process.env, say: (line) => process.stderr.write(`${line}\n`) });
const child = binary
  ? spawn(binary, [path.join(dist, 'main/index.js'), ...folders], { stdio: 'inherit' })
  : spawn(process.execPath, [path.join(dist, 'server/main.js'), ...folders], { stdio: 'inherit' });
if (!binary) process.stderr.write('Electron is not installed here, so Smart Album starts in web mode.\n');
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
