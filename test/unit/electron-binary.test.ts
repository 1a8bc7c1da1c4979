// npm start's Electron lookup (electron/cli/electron-binary.ts) against a fake electron package folder:
// its installer is a real script run the way Electron's own is, offline failure included.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { electronBinary } from '../../electron/cli/electron-binary.js';
import { tempDir } from '../helpers/temp.js';

const FAIL = `console.log('Downloading Electron binary...');
console.error('TypeError: fetch failed');
console.error('    at node:internal/deps/undici/undici:14976:13');
process.exit(1);`;
const SUCCEED = `const fs = require('fs'); fs.mkdirSync('dist', { recursive: true }); fs.writeFileSync('dist/electron', ''); fs.writeFileSync('ran', '');`;

function fakePackage(installer: string): string {
  const dir = tempDir('fake-electron');
  fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"electron"}');
  fs.writeFileSync(path.join(dir, 'path.txt'), 'electron');
  fs.writeFileSync(path.join(dir, 'install.js'), installer);
  return dir;
}

describe('electronBinary', () => {
  const said: string[] = [];
  const say = (l: string) => said.push(l);
  afterEach(() => void said.splice(0));

  it('returns the installed binary without running the installer', () => {
    const dir = fakePackage(SUCCEED);
    fs.mkdirSync(path.join(dir, 'dist'));
    fs.writeFileSync(path.join(dir, 'dist/electron'), '');
    expect(electronBinary({ packageDir: dir, env: {}, say })).toBe(path.join(dir, 'dist/electron'));
    expect(fs.existsSync(path.join(dir, 'ran'))).toBe(false);
    expect(said).toEqual([]);
  });

  it('fetches the binary once when it is missing and the machine allows it', () => {
    const dir = fakePackage(SUCCEED);
    expect(electronBinary({ packageDir: dir, env: {}, say })).toBe(path.join(dir, 'dist/electron'));
    expect(said).toEqual(["Fetching Electron's desktop binary (first start only)..."]);
  });

  it('says in one line why the fetch failed (offline) and leaves web mode to the caller', () => {
    const dir = fakePackage(FAIL);
    expect(electronBinary({ packageDir: dir, env: {}, say })).toBeNull();
    expect(said).toEqual(["Fetching Electron's desktop binary (first start only)...", 'Could not fetch it (TypeError: fetch failed).']);
  });

  it('never runs the installer with ELECTRON_SKIP_BINARY_DOWNLOAD or SMART_ALBUM_WEB=1, nor without the package', () => {
    const dir = fakePackage(SUCCEED);
    expect(electronBinary({ packageDir: dir, env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }, say })).toBeNull();
    expect(electronBinary({ packageDir: dir, env: { SMART_ALBUM_WEB: '1' }, say })).toBeNull();
    expect(electronBinary({ packageDir: null, env: {}, say })).toBeNull();
    expect(fs.existsSync(path.join(dir, 'ran'))).toBe(false);
    expect(said).toEqual([]);
  });
});
