// A catalog that cannot be used is never silently replaced: a read-only catalog (file or folder), a
// damaged one (garbage bytes) and an empty (0-byte) one each give a message with the catalog's path
// and what to do; damaged and empty ones are moved aside, never deleted. In-process and through the CLI.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCatalog } from '../../electron/core/catalog.js';
import { catalogFile } from '../../electron/core/paths.js';
import { runCli } from '../helpers/engine.js';
import { REPO, tempDir } from '../helpers/temp.js';
import { asUnprivileged, isRoot, NOBODY } from '../helpers/unprivileged.js';

const sha = (f: string) => createHash('sha256').update(fs.readFileSync(f)).digest('hex');
const GARBAGE = Buffer.from('These are holiday notes, not a catalog. '.repeat(200));

/** A data folder holding a real catalog with one root, plus a thumbnail. */
function realCatalog(label: string): string {
  const data = path.join(tempDir(label), 'data');
  const c = openCatalog({ dataDir: data });
  c.roots.insert('/photos', Date.now(), false);
  c.close();
  fs.mkdirSync(path.join(data, 'thumbs/001'), { recursive: true });
  fs.writeFileSync(path.join(data, 'thumbs/001/1-s.jpg'), 'thumb');
  return data;
}

function openError(dataDir: string): Error {
  try {
    openCatalog({ dataDir }).close();
  } catch (err) {
    return err as Error;
  }
  throw new Error('the catalog opened');
}

const asideOf = (data: string) => fs.readdirSync(data).filter((n) => n.startsWith('catalog.damaged-'));

describe('opening a catalog that cannot be used', () => {
  it('an empty (0-byte) catalog is moved aside with its thumbnails and the user is told; the next start begins a new one', () => {
    const data = realCatalog('zero');
    const file = catalogFile(data);
    fs.writeFileSync(file, '');
    const err = openError(data);
    expect(err).toMatchObject({ name: 'AppError', code: 'UNAVAILABLE' });
    expect(err.message).toContain(`The catalog ${file} cannot be used: it is empty (0 bytes). Nothing was deleted: it was moved to ${data}`);
    expect(err.message).toMatch(/Start Smart Album again to begin a new catalog/);
    const [aside] = asideOf(data);
    expect(aside).toMatch(/^catalog\.damaged-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ$/);
    expect(err.message).toContain(path.join(data, aside!));
    expect(fs.statSync(path.join(data, aside!, 'catalog.sqlite')).size).toBe(0);
    expect(fs.readFileSync(path.join(data, aside!, 'thumbs/001/1-s.jpg'), 'utf8')).toBe('thumb'); // keyed by old ids: moved with it
    expect(fs.existsSync(file)).toBe(false);
    // told once; the next start makes a new catalog and leaves the old one where it was put
    const fresh = openCatalog({ dataDir: data });
    expect(fresh.roots.list()).toEqual([]);
    fresh.close();
    expect(asideOf(data)).toEqual([aside]);
  });

  it('a damaged catalog (garbage bytes) is moved aside byte for byte, with its WAL, and the user is told', () => {
    const data = realCatalog('garbage');
    const file = catalogFile(data);
    fs.writeFileSync(file, GARBAGE);
    fs.writeFileSync(`${file}-wal`, 'wal bytes');
    const before = sha(file);
    const err = openError(data);
    expect(err.message).toMatch(new RegExp(`^The catalog ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} cannot be used: file is not a database\\. Nothing was deleted`));
    const [aside] = asideOf(data);
    expect(sha(path.join(data, aside!, 'catalog.sqlite'))).toBe(before);
    expect(fs.readFileSync(path.join(data, aside!, 'catalog.sqlite-wal'), 'utf8')).toBe('wal bytes');
    expect(fs.existsSync(file)).toBe(false);
  });

  it('a catalog with a good header but damaged pages is moved aside too', () => {
    const data = realCatalog('pages');
    const file = catalogFile(data);
    const bytes = fs.readFileSync(file);
    GARBAGE.copy(bytes, 100, 0, bytes.length - 100); // keep the 100-byte header, trash every page
    fs.writeFileSync(file, bytes);
    const err = openError(data);
    expect(err.message).toMatch(/cannot be used: (database disk image is malformed|file is not a database)\. Nothing was deleted/);
    const [aside] = asideOf(data);
    expect(sha(path.join(data, aside!, 'catalog.sqlite'))).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('a second damaged catalog on the same second gets its own folder (nothing overwritten)', () => {
    const data = realCatalog('twice');
    for (let i = 0; i < 2; i++) {
      fs.writeFileSync(catalogFile(data), GARBAGE);
      openError(data);
    }
    expect(asideOf(data)).toHaveLength(2);
  });

  it('a read-only catalog file is refused with its path and how to fix it, and left untouched (as nobody when root)', async () => {
    const data = realCatalog('ro-file');
    const file = catalogFile(data);
    fs.chmodSync(file, 0o444);
    const before = sha(file);
    const err = await asUnprivileged([path.dirname(data), data], async () => openError(data));
    expect(err).toMatchObject({ name: 'AppError', code: 'UNAVAILABLE' });
    expect(err.message).toBe(
      `Cannot write the catalog ${file}: the file is read-only (permission denied). To fix it: make the file writable ` +
        `(chmod u+w "${file}"), or choose another data folder with --data-dir or SMART_ALBUM_DATA_DIR.`,
    );
    expect(sha(file)).toBe(before);
    expect(asideOf(data)).toEqual([]);
  });

  it('a read-only data folder is refused with its path and how to fix it (as nobody when root)', async () => {
    const data = realCatalog('ro-dir');
    const file = catalogFile(data);
    fs.chmodSync(file, 0o666); // the file itself is writable: only the folder is not
    fs.chmodSync(data, 0o555);
    try {
      const err = await asUnprivileged([path.dirname(data)], async () => openError(data));
      expect(err.message).toMatch(/^Cannot write the catalog .*: its folder .* is read-only \(permission denied\)\. To fix it: make the folder writable/);
      expect(err.message).toContain(`chmod u+w "${data}"`);
      expect(err.message).toContain(file);
    } finally {
      fs.chmodSync(data, 0o755);
    }
    expect(asideOf(data)).toEqual([]);
    expect(openCatalog({ dataDir: data }).roots.list()).toHaveLength(1); // still the user's catalog
  });

  it('a data folder that cannot be created says so', async () => {
    const parent = tempDir('ro-parent');
    fs.chmodSync(parent, 0o555);
    const data = path.join(parent, 'data');
    const err = await asUnprivileged([], async () => openError(data));
    fs.chmodSync(parent, 0o755);
    expect(err.message).toBe(
      `Cannot create the data folder ${data} (permission denied): create it yourself, or choose another data folder with --data-dir or SMART_ALBUM_DATA_DIR.`,
    );
  });
});

// Through the command line: the message reaches the user, exit code 1, nothing replaced.
const nobodyCanRun =
  !isRoot() ||
  spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(path.join(REPO, 'node_modules/tsx/package.json'))})`], { uid: NOBODY, gid: NOBODY })
    .status === 0;

describe('the CLI on a catalog that cannot be used', () => {
  it('damaged, then empty: says where the old catalog went; the next command starts a new one', async () => {
    const data = realCatalog('cli-damaged');
    const file = catalogFile(data);
    fs.writeFileSync(file, GARBAGE);
    const first = await runCli(['--data-dir', data, 'status']);
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(new RegExp(`^smart-album: The catalog .*catalog\\.sqlite cannot be used: file is not a database\\. Nothing was deleted: it was moved to .*catalog\\.damaged-`));
    expect(first.stderr).toContain(file);
    const json = await runCli(['--data-dir', data, '--json', 'status']);
    expect(json.code).toBe(0); // the next start begins a new catalog
    expect(JSON.parse(json.stdout)).toMatchObject({ photos: { total: 0 } });
    fs.writeFileSync(file, '');
    const zero = await runCli(['--data-dir', data, '--json', 'status']);
    expect(zero.code).toBe(1);
    expect(JSON.parse(zero.stdout)).toEqual({ error: { code: 'UNAVAILABLE', message: expect.stringContaining(`The catalog ${file} cannot be used: it is empty (0 bytes)`) } });
    expect(asideOf(data)).toHaveLength(2);
  });

  it.runIf(nobodyCanRun)('read-only: says which file and how to fix it, exit code 1 (as nobody when root)', async () => {
    const base = tempDir('cli-ro');
    fs.chmodSync(base, 0o755);
    const data = path.join(base, 'data');
    openCatalog({ dataDir: data }).close();
    fs.chmodSync(data, 0o755);
    fs.chmodSync(catalogFile(data), 0o444);
    const r = await runCli(['--data-dir', data, 'status'], isRoot() ? { uid: NOBODY, gid: NOBODY, env: { HOME: base } } : {});
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`smart-album: Cannot write the catalog ${catalogFile(data)}: the file is read-only (permission denied).`);
    expect(fs.statSync(catalogFile(data)).size).toBeGreaterThan(0);
  });
});
