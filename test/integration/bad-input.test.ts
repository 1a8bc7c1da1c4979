import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SmartAlbum } from '../../electron/core/smart-album.js';
import { makeHugePng, makeJpeg } from '../helpers/images.js';
import { indexFolder, openEngine, peek, runCli } from '../helpers/engine.js';
import { FIXTURES, REPO, tempDir } from '../helpers/temp.js';
import { asUnprivileged } from '../helpers/unprivileged.js';

let lib: string;
let app: SmartAlbum;
let result: Awaited<ReturnType<typeof indexFolder>>;

const row = (name: string) => app.catalog.db.prepare('SELECT * FROM photos WHERE file_name = ?').get(name) as { status: string; error: string | null; warning: string | null } | undefined;

beforeAll(async () => {
  lib = tempDir('bad');
  await makeJpeg(path.join(lib, 'good.jpg'), { seed: 1 });
  fs.writeFileSync(path.join(lib, 'empty.jpg'), '');
  const whole = fs.readFileSync(await makeJpeg(path.join(tempDir('t'), 'whole.jpg'), { width: 1000, height: 800, seed: 2 }));
  fs.writeFileSync(path.join(lib, 'truncated.jpg'), whole.subarray(0, Math.floor(whole.length / 3)));
  fs.writeFileSync(path.join(lib, 'notes.jpg'), 'These are my holiday notes, not a photo.\n');
  makeHugePng(path.join(lib, 'huge.png'), 30000, 30000);
  // a JPEG named .png (mis-named, but a real photo: indexed by its content)
  fs.copyFileSync(await makeJpeg(path.join(tempDir('t3'), 'x.jpg'), { seed: 6 }), path.join(lib, 'really-a-jpeg.png'));
  fs.mkdirSync(path.join(lib, 'exif'));
  for (const f of fs.readdirSync(path.join(FIXTURES, 'exif/invalid')).filter((x) => x.endsWith('.jpg'))) {
    fs.copyFileSync(path.join(FIXTURES, 'exif/invalid', f), path.join(lib, 'exif', f));
  }
  fs.copyFileSync(path.join(FIXTURES, 'exif/corrupted.jpg'), path.join(lib, 'exif/corrupted.jpg'));
  // names: unicode, NFD, spaces, leading dash, and bytes that are not UTF-8 at all
  await makeJpeg(path.join(lib, 'Ünïcødé 日本 😀.jpg'), { seed: 3 });
  await makeJpeg(path.join(lib, 'Cafe\u0301 NFD.jpg'), { seed: 4 });
  await makeJpeg(path.join(lib, '-leading dash.jpg'), { seed: 5 });
  const nonUtf8 = Buffer.concat([Buffer.from(lib + path.sep), Buffer.from([0x66, 0xff, 0xfe, 0x2e, 0x6a, 0x70, 0x67])]);
  fs.writeFileSync(nonUtf8, fs.readFileSync(path.join(lib, 'good.jpg')));
  // a symlink loop and a self-referencing link
  fs.mkdirSync(path.join(lib, 'sub'));
  fs.symlinkSync(lib, path.join(lib, 'sub', 'loop'));
  fs.symlinkSync(path.join(lib, 'self.jpg'), path.join(lib, 'self.jpg'));
  app = openEngine(tempDir('bad-data'));
  result = await indexFolder(app, lib);
}, 180_000);

afterAll(() => app?.close());

describe('bad input is recorded with a reason and skipped; the run goes on', () => {
  it('indexes the good photos around the bad ones', () => {
    for (const n of ['good.jpg', 'Ünïcødé 日本 😀.jpg', 'Cafe\u0301 NFD.jpg', '-leading dash.jpg', 'really-a-jpeg.png']) expect(row(n)?.status).toBe('indexed');
  });

  it.each([
    ['empty.jpg', /Empty file/],
    ['truncated.jpg', /Damaged or incomplete/],
    ['notes.jpg', /Not an image Smart Album can read/],
    ['huge.png', /too large.*268 megapixel/],
    ['corrupted.jpg', /Damaged or incomplete/],
  ])('%s fails with a clear reason', (name, reason) => {
    const r = row(name);
    expect(r?.status, JSON.stringify(app.catalog.db.prepare(`SELECT file_name, status, error FROM photos WHERE status != 'indexed' OR file_name = ?`).all(name))).toBe('failed');
    expect(r?.error).toMatch(reason);
  });

  it('indexes the broken-EXIF fixtures (the pictures are fine)', () => {
    for (const f of fs.readdirSync(path.join(lib, 'exif')).filter((x) => x !== 'corrupted.jpg')) expect(row(f)?.status, f).toBe('indexed');
  });

  it('reports a non-UTF-8 file name and the link loop as scan problems instead of crashing', () => {
    const problems = result.scan.problems.map((p) => p.reason).join('\n');
    expect(problems).toMatch(/not valid UTF-8/);
    expect(problems).toMatch(/link loop/);
  });

  it('does not follow the folder loop (every photo once)', () => {
    const paths = app.catalog.db.prepare('SELECT path FROM photos').all() as { path: string }[];
    expect(paths.filter((p) => p.path.includes(`${path.sep}loop${path.sep}`))).toEqual([]);
  });

  it('keeps the catalog consistent', () => {
    expect(app.catalog.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(app.catalog.db.pragma('foreign_key_check')).toEqual([]);
    expect(app.status().queue).toEqual({ queued: 0, running: 0 });
    expect(result.index.failed).toBe(5);
  });

  it('a rescan leaves failed files alone until they change, then retries them', async () => {
    const again = await app.scanAndIndex();
    expect(again.scan.queued).toBe(0);
    await makeJpeg(path.join(lib, 'truncated.jpg'), { seed: 9 }); // the copy finished
    const third = await app.scanAndIndex();
    expect(third.scan.changed).toBe(1);
    expect(row('truncated.jpg')).toMatchObject({ status: 'indexed', error: null });
  });

  it('a folder removed mid-scan: its files become missing or are forgotten, the run completes', async () => {
    const sub = path.join(lib, 'vanishing');
    for (let i = 0; i < 5; i++) await makeJpeg(path.join(sub, `v${i}.jpg`), { seed: 20 + i });
    const scan = await app.scanner.scanAll(); // queued, not yet read
    expect(scan.added).toBe(5);
    fs.rmSync(sub, { recursive: true });
    const index = await app.indexer.run();
    expect(index.processed).toBe(5);
    expect(index.missing).toBe(5);
    expect(app.catalog.db.prepare(`SELECT COUNT(*) AS n FROM photos WHERE path LIKE ?`).get(`${sub}%`)).toEqual({ n: 0 });
    expect(app.status().queue.queued).toBe(0);
  });

  it('a folder that cannot be listed keeps its photos; a file that cannot be read is recorded (as nobody when run as root)', async () => {
    const sub = path.join(lib, 'perm/locked');
    await makeJpeg(path.join(sub, 'l.jpg'), { seed: 30 });
    const secret = await makeJpeg(path.join(lib, 'perm/secret.jpg'), { seed: 31 });
    await app.scanAndIndex();
    expect(row('l.jpg')?.status).toBe('indexed');
    fs.chmodSync(sub, 0);
    fs.chmodSync(secret, 0);
    fs.utimesSync(secret, new Date(), new Date(Date.now() + 5000)); // changed: must be re-read
    try {
      const { scan, index } = await asUnprivileged([lib], async () => ({ scan: await app.scanner.scanAll(), index: await app.indexer.run() }));
      expect(scan.missing).toBe(0);
      expect(scan.problems.map((p) => p.reason).join()).toMatch(/permission denied/);
      expect(index.failures).toEqual([{ path: secret, reason: expect.stringMatching(/permission denied/) }]);
    } finally {
      fs.chmodSync(sub, 0o755);
      fs.chmodSync(secret, 0o644);
    }
    expect(row('l.jpg')?.status).toBe('indexed');
    expect(row('secret.jpg')).toMatchObject({ status: 'failed', error: expect.stringMatching(/permission denied/) });
  });
});

// As root every file is readable, so the CLI runs as 'nobody' there. That needs the checkout to be
// readable by other users; where it is not, this cannot run here (said in the output, not hidden).
const asRoot = process.getuid?.() === 0;
const nobodyCanRun =
  !asRoot ||
  spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(path.join(REPO, 'node_modules/tsx/package.json'))}); require('fs').accessSync(${JSON.stringify(path.join(REPO, 'electron/cli/main.ts'))})`], { uid: 65534, gid: 65534 }).status === 0;
if (!nobodyCanRun) console.warn('permission test skipped: the checkout is not readable by the unprivileged user');

describe.runIf(nobodyCanRun)('unreadable files and folders (a real permission check, as an unprivileged user)', () => {
  it('records an unreadable file and keeps an unlistable folder\'s photos', async () => {
    const base = tempDir('perm');
    fs.chmodSync(base, 0o755);
    const plib = path.join(base, 'lib');
    const data = path.join(base, 'data');
    fs.mkdirSync(data, { mode: 0o777 });
    fs.chmodSync(data, 0o777);
    await makeJpeg(path.join(plib, 'ok.jpg'), { seed: 1 });
    await makeJpeg(path.join(plib, 'secret.jpg'), { seed: 2 });
    await makeJpeg(path.join(plib, 'closed/inside.jpg'), { seed: 3 });
    for (const d of [plib, path.join(plib, 'closed')]) fs.chmodSync(d, 0o755);
    for (const f of ['ok.jpg', 'closed/inside.jpg']) fs.chmodSync(path.join(plib, f), 0o644);
    const user = asRoot ? { uid: 65534, gid: 65534, env: { HOME: data } } : {};
    const first = await runCli(['--data-dir', data, '--json', 'add', plib], user);
    expect(first.code, first.stderr).toBe(0);
    fs.chmodSync(path.join(plib, 'secret.jpg'), 0);
    fs.chmodSync(path.join(plib, 'closed'), 0);
    await makeJpeg(path.join(plib, 'new.jpg'), { seed: 4 });
    fs.chmodSync(path.join(plib, 'new.jpg'), 0o644);
    fs.utimesSync(path.join(plib, 'secret.jpg'), new Date(), new Date(Date.now() + 5000)); // changed: must be re-read
    const second = await runCli(['--data-dir', data, '--json', 'scan'], user);
    fs.chmodSync(path.join(plib, 'closed'), 0o755);
    expect(second.code, second.stderr).toBe(0);
    const out = JSON.parse(second.stdout) as { scan: { missing: number; problems: { reason: string }[] }; index: { failures: { path: string; reason: string }[] } };
    expect(out.scan.missing).toBe(0);
    expect(out.scan.problems.map((p) => p.reason).join()).toMatch(/permission denied/);
    expect(out.index.failures).toEqual([{ path: path.join(plib, 'secret.jpg'), reason: expect.stringMatching(/permission denied/) }]);
    const rows = peek<{ file_name: string; status: string }>(data, 'SELECT file_name, status FROM photos ORDER BY file_name');
    expect(rows).toEqual([
      { file_name: 'inside.jpg', status: 'indexed' },
      { file_name: 'new.jpg', status: 'indexed' },
      { file_name: 'ok.jpg', status: 'indexed' },
      { file_name: 'secret.jpg', status: 'failed' },
    ]);
  });
});
