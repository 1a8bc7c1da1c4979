// The indexer process is the catalog's one writer (finding 9), over one worker protocol; web mode
// scans and watches its folders at start-up (finding 3); "add" while another indexer runs leaves
// the folder to that indexer, which scans it (finding 8).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WorkerIndexingHost } from '../../electron/server/indexer-host.js';
import { startWebServer } from '../../electron/server/web-server.js';
import { makeJpeg } from '../helpers/images.js';
import { cliProcess, peek, runCli } from '../helpers/engine.js';
import { REPO, tempDir } from '../helpers/temp.js';

const cleanup: (() => Promise<unknown> | void)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

async function library(label: string, count: number, from = 0): Promise<string> {
  const lib = tempDir(label);
  for (let i = from; i < from + count; i++) await makeJpeg(path.join(lib, `p${i}.jpg`), { seed: i + 1 });
  return lib;
}

async function until(what: string, ok: () => boolean, ms = 150_000) { // generous: CI shares two cores between two test files
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) if (ok()) return;
  throw new Error(`timed out waiting for ${what}`);
}

const indexed = (dataDir: string) => peek<{ n: number }>(dataDir, "SELECT COUNT(*) AS n FROM photos WHERE status = 'indexed'")[0]?.n ?? 0;

describe('worker protocol', () => {
  it('calls made before the worker is ready wait for it; killing the worker rejects pending calls clearly', async () => {
    const dataDir = tempDir('rpc-data');
    const lib = await library('rpc-lib', 12);
    const host = new WorkerIndexingHost(dataDir, () => {});
    cleanup.push(() => host.stop());
    // sent at once, before the worker has opened its engine
    const root = await host.call('roots.add', { path: lib, usePolling: false });
    expect(root.path).toBe(fs.realpathSync(lib));
    const pending = host.call('library.scan', {});
    await new Promise((r) => setTimeout(r, 50));
    await host.thread.terminate();
    await expect(pending).rejects.toThrow(/The indexer stopped \(exit code 1\)\. Restart Smart Album/);
    await expect(host.call('roots.list', {})).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  }, 60_000);

  it('a second indexer on one library says why it cannot start, and calls fail with that', async () => {
    const dataDir = tempDir('rpc-busy');
    fs.writeFileSync(path.join(dataDir, 'indexer.lock'), String(process.ppid)); // alive, and not this process (whose threads share its pid)
    const host = new WorkerIndexingHost(dataDir, () => {});
    cleanup.push(() => host.stop());
    await expect(host.ready).rejects.toThrow(/The indexer could not start: Another Smart Album indexer/);
    await expect(host.call('favourites.set', { photoIds: [1], favourite: true })).rejects.toThrow(/could not start/);
  }, 60_000);
});

describe('web mode', () => {
  it('writes run in the indexer worker, not on the API connection, and the API reads them at once', async () => {
    const dataDir = tempDir('ow-data');
    const lib = await library('ow-lib', 3);
    const server = await startWebServer({ dataDir });
    cleanup.push(() => server.close());
    const own = server.app.catalog.db.prepare('SELECT total_changes() AS n').pluck();
    const before = own.get();
    const root = await server.dispatch('roots.add', { path: lib });
    expect(root.ok).toBe(true);
    await until('3 photos indexed', () => server.app.status().photos.indexed === 3);
    const [first] = server.app.catalog.photos.list({ limit: 1, offset: 0 }).rows;
    expect(await server.dispatch('favourites.set', { photoIds: [first!.id], favourite: true })).toEqual({ ok: true, result: { count: 1 } });
    expect(await server.dispatch('albums.create', { name: 'Trip', photoIds: [first!.id] })).toMatchObject({ ok: true, result: { name: 'Trip', count: 1 } });
    expect((await server.dispatch('albums.list', {})) as { result: unknown[] }).toMatchObject({ result: [{ name: 'Trip' }] });
    expect(own.get()).toBe(before); // this connection wrote nothing: the worker did
  }, 90_000);

  function startServer(dataDir: string, folders: string[]): Promise<ChildProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'electron/server/main.ts'), '--data-dir', dataDir, ...folders], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    return new Promise((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => d.toString().includes('is running at') && resolve(child));
      child.on('exit', (code) => reject(new Error(`web mode exited (${code}): ${err}`)));
    });
  }
  const stop = (child: ChildProcess) => new Promise((r) => (child.once('exit', r), child.kill('SIGTERM')));

  it('scans and watches the folders given on the command line, and catches up at the next start', async () => {
    const dataDir = tempDir('wm-data');
    const lib = await library('wm-lib', 8);
    let server = await startServer(dataDir, [lib]);
    await until('8 photos indexed', () => indexed(dataDir) === 8);
    await makeJpeg(path.join(lib, 'watched.jpg'), { seed: 90 }); // while running: the watcher
    await until('the new photo indexed', () => indexed(dataDir) === 9);
    await stop(server);

    for (let i = 0; i < 3; i++) await makeJpeg(path.join(lib, `offline-${i}.jpg`), { seed: 100 + i }); // while it is down
    server = await startServer(dataDir, []);
    cleanup.push(() => stop(server));
    await until('the photos added while it was down', () => indexed(dataDir) === 12);
  }, 400_000);

  it('"smart-album add" while web mode indexes leaves the folder to it, which scans it', async () => {
    const dataDir = tempDir('add-data');
    const server = await startWebServer({ dataDir });
    cleanup.push(() => server.close());
    const lib = await library('add-lib', 4);
    const r = await runCli(['--data-dir', dataDir, 'add', lib]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Another Smart Album indexer \(process \d+\) is running on this library: it scans the new folder/);
    await until('4 photos indexed by the web server', () => server.app.status().photos.indexed === 4);
  }, 90_000);

  it('"smart-album add" while "smart-album watch" runs: the watching CLI scans and watches the new folder', async () => {
    const dataDir = tempDir('cw-data');
    const first = await library('cw-first', 1);
    const watch = cliProcess(['--data-dir', dataDir, 'watch', first]);
    cleanup.push(() => new Promise((r) => (watch.once('exit', r), watch.kill('SIGINT'))));
    await new Promise<void>((resolve, reject) => {
      watch.stderr!.on('data', (d: Buffer) => d.toString().includes('Watching') && resolve());
      watch.once('exit', (code) => reject(new Error(`watch exited (${code})`)));
    });
    const lib = await library('cw-lib', 3, 10);
    const r = await runCli(['--data-dir', dataDir, 'add', lib]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Another Smart Album indexer/);
    await until('the 3 new photos indexed by the watching CLI', () => indexed(dataDir) === 4);
    await makeJpeg(path.join(lib, 'later.jpg'), { seed: 77 }); // and it watches the folder now
    await until('a photo dropped into the new folder', () => indexed(dataDir) === 5);
  }, 400_000);
});
