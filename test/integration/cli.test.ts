import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IndexSummarySchema, PhotoSchema, RootSchema, ScanSummarySchema, StatusSchema } from '../../electron/shared/contract.js';
import { z } from 'zod';
import { makeJpeg } from '../helpers/images.js';
import { peek, runCli } from '../helpers/engine.js';
import { tempDir } from '../helpers/temp.js';

describe('smart-album CLI', () => {
  it('add, folders, scan, status, photos, remove — text and --json in the API shapes', async () => {
    const lib = tempDir('cli');
    const data = tempDir('cli-data');
    for (let i = 0; i < 3; i++) await makeJpeg(path.join(lib, `p${i}.jpg`), { seed: i + 1, taken: `2019:0${i + 1}:01 12:00:00` });
    fs.writeFileSync(path.join(lib, 'bad.jpg'), 'nope');
    const cli = (...args: string[]) => runCli(args, { env: { SMART_ALBUM_DATA_DIR: data } });

    const add = await cli('--json', 'add', lib);
    expect(add.code, add.stderr).toBe(0);
    const added = z.object({ root: RootSchema, scan: ScanSummarySchema, index: IndexSummarySchema }).parse(JSON.parse(add.stdout));
    expect(added.index).toMatchObject({ indexed: 3, failed: 1 });
    expect(added.index.failures[0]!.reason).toMatch(/Not an image/);
    expect(fs.existsSync(path.join(data, 'catalog.sqlite'))).toBe(true); // the env var chose the data folder

    const status = await cli('--json', 'status');
    expect(StatusSchema.parse(JSON.parse(status.stdout)).photos).toMatchObject({ total: 4, indexed: 3, failed: 1 });
    const text = await cli('status');
    expect(text.stdout).toMatch(/4 total, 3 indexed/);

    const photos = await cli('--json', 'photos', '--limit', '2');
    const list = z.object({ total: z.number(), items: z.array(PhotoSchema) }).parse(JSON.parse(photos.stdout));
    expect(list.total).toBe(4);
    expect(list.items.map((p) => p.takenAt)).toEqual(['2019-03-01T12:00:00', '2019-02-01T12:00:00']); // newest first
    const failed = await cli('photos', '--status', 'failed');
    expect(failed.stdout).toMatch(/bad\.jpg.*Not an image/);

    const scan = await cli('scan');
    expect(scan.code).toBe(0);
    expect(scan.stderr).toMatch(/4 photo files, 0 new, 0 changed, 4 unchanged/);

    const folders = await cli('folders');
    expect(folders.stdout).toContain(fs.realpathSync(lib));

    // --data-dir wins over the environment
    const other = tempDir('cli-other');
    const empty = await runCli(['--data-dir', other, '--json', 'status'], { env: { SMART_ALBUM_DATA_DIR: data } });
    expect(JSON.parse(empty.stdout).photos.total).toBe(0);

    const rm = await cli('--json', 'remove', lib);
    expect(JSON.parse(rm.stdout)).toEqual({ removed: true, photosDetached: 4 });
  });

  it('exclusion patterns skip folders and files from the next scan on', async () => {
    const lib = tempDir('cli-ex');
    const data = tempDir('cli-ex-data');
    await makeJpeg(path.join(lib, 'keep.jpg'), { seed: 1 });
    await makeJpeg(path.join(lib, 'Screenshots/shot.jpg'), { seed: 2 });
    await makeJpeg(path.join(lib, 'deep/a/b/drop.jpg'), { seed: 3 });
    const cli = (...args: string[]) => runCli(['--data-dir', data, ...args]);
    expect((await cli('add', lib)).code).toBe(0);
    const set = await cli('--json', 'exclude', 'Screenshots', '**/b');
    expect(JSON.parse(set.stdout)).toEqual(['Screenshots', '**/b']);
    expect((await cli('--json', 'exclude')).stdout).toContain('**/b');
    const scan = JSON.parse((await cli('--json', 'scan')).stdout) as { scan: { missing: number; excluded: number } };
    expect(scan.scan).toMatchObject({ missing: 2, excluded: 2 });
    const indexed = JSON.parse((await cli('--json', 'photos', '--status', 'indexed')).stdout) as { items: { fileName: string }[] };
    expect(indexed.items.map((p) => p.fileName)).toEqual(['keep.jpg']);
    expect(JSON.parse((await cli('--json', 'exclude', '--remove', 'Screenshots')).stdout)).toEqual(['**/b']);
  });

  it('clear errors and a non-zero exit for bad requests', async () => {
    const data = tempDir('cli-err');
    const missing = await runCli(['--data-dir', data, 'add', '/definitely/not/here']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/does not exist/);
    const json = await runCli(['--data-dir', data, '--json', 'remove', '42']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({ error: { code: 'NOT_FOUND', message: expect.stringMatching(/No library folder #42/) } });
    const badStatus = await runCli(['--data-dir', data, 'photos', '--status', 'weird']);
    expect(badStatus.code).not.toBe(0);
    expect(badStatus.stderr).toMatch(/Allowed choices/);
  });

  it('leaves a folder added while another indexer runs to that indexer, and refuses a second scan', async () => {
    const data = tempDir('cli-lock');
    const lib = tempDir('cli-lock-lib');
    await makeJpeg(path.join(lib, 'a.jpg'));
    fs.writeFileSync(path.join(data, 'indexer.lock'), String(process.pid)); // this test process is alive
    const r = await runCli(['--data-dir', data, 'add', lib]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Another Smart Album indexer \(process \d+\) is running on this library: it scans the new folder.*run "smart-album scan" once it is done/);
    const busy = await runCli(['--data-dir', data, 'scan']);
    expect(busy.code).toBe(1);
    expect(busy.stderr).toMatch(/Another Smart Album indexer/);
    fs.writeFileSync(path.join(data, 'indexer.lock'), '999999'); // a dead process: taken over
    const ok = await runCli(['--data-dir', data, 'scan']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(peek(data, "SELECT file_name FROM photos WHERE status = 'indexed'")).toEqual([{ file_name: 'a.jpg' }]);
  });

  it('watch with no folders explains how to start', async () => {
    const r = await runCli(['--data-dir', tempDir('cli-w'), 'watch']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/No folders to watch yet/);
  });
});
