// The resumable downloader against a real HTTP server on the loopback interface.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { download } from '../../electron/core/vision/builder/download.js';
import { tempDir } from '../helpers/temp.js';

const BODY = randomBytes(3 * 1024 * 1024 + 123);
const SHA = createHash('sha256').update(BODY).digest('hex');

interface Behaviour {
  /** close the connection after this many body bytes (once per entry, in order) */
  cutAfter: number[];
  ignoreRange: boolean;
  status?: number;
}
let behaviour: Behaviour = { cutAfter: [], ignoreRange: false };
const seen: { url: string; range?: string; ifRange?: string }[] = [];
let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push({ url: req.url!, range: req.headers.range, ifRange: req.headers['if-range'] as string | undefined });
    if (req.url === '/resolve/model.safetensors') {
      // like Hugging Face: a redirect that publishes the LFS object's sha256 and size
      res.writeHead(302, { location: '/cdn/model.safetensors', 'x-linked-etag': `"${SHA}"`, 'x-linked-size': String(BODY.length) });
      return res.end();
    }
    if (behaviour.status) {
      res.writeHead(behaviour.status);
      return res.end('nope');
    }
    const m = /bytes=(\d+)-/.exec(req.headers.range ?? '');
    const start = m && !behaviour.ignoreRange ? Number(m[1]) : 0;
    const headers = { etag: '"v1"', 'accept-ranges': 'bytes', 'content-length': String(BODY.length - start) };
    if (start > 0) res.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${BODY.length - 1}/${BODY.length}` });
    else res.writeHead(200, headers);
    const cut = behaviour.cutAfter.shift();
    if (cut !== undefined) {
      res.write(BODY.subarray(start, start + cut), () => res.socket?.destroy());
      return;
    }
    res.end(BODY.subarray(start));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function fresh(b: Partial<Behaviour> = {}) {
  behaviour = { cutAfter: [], ignoreRange: false, ...b };
  seen.length = 0;
  return path.join(tempDir('dl'), 'model.safetensors');
}

describe('download', () => {
  it('follows the redirect, checks the published checksum and reports progress', async () => {
    const dest = fresh();
    const progress: number[] = [];
    const r = await download(`${base}/resolve/model.safetensors`, dest, { onProgress: (p) => progress.push(p.received) });
    expect(r).toMatchObject({ bytes: BODY.length, sha256: SHA, checksum: 'server', resumedFrom: 0 });
    expect(fs.readFileSync(dest).equals(BODY)).toBe(true);
    expect(progress.at(-1)).toBe(BODY.length);
    expect(fs.existsSync(`${dest}.part`)).toBe(false);
    expect(fs.existsSync(`${dest}.part.json`)).toBe(false);
  });

  it('resumes after dropped connections with Range and If-Range', async () => {
    const dest = fresh({ cutAfter: [1_000_000, 500_000] });
    const r = await download(`${base}/cdn/model.safetensors`, dest, { sha256: SHA });
    expect(r.checksum).toBe('configured');
    expect(fs.readFileSync(dest).equals(BODY)).toBe(true);
    const gets = seen.filter((s) => s.url === '/cdn/model.safetensors');
    expect(gets.map((g) => g.range)).toEqual([undefined, 'bytes=1000000-', 'bytes=1500000-']);
    expect(gets[1]!.ifRange).toBe('"v1"');
  });

  it('resumes a download interrupted in an earlier run (the .part file survives)', async () => {
    const dest = fresh();
    const controller = new AbortController();
    await expect(
      download(`${base}/cdn/model.safetensors`, dest, {
        signal: controller.signal,
        onProgress: (p) => p.received > 1_000_000 && controller.abort(),
      }),
    ).rejects.toThrow(/cancelled; run it again to resume/);
    const kept = fs.statSync(`${dest}.part`).size;
    expect(kept).toBeGreaterThan(1_000_000);
    expect(kept).toBeLessThan(BODY.length);
    seen.length = 0;
    const r = await download(`${base}/cdn/model.safetensors`, dest, { sha256: SHA });
    expect(r.resumedFrom).toBe(kept);
    expect(seen.map((s) => s.range)).toEqual([`bytes=${kept}-`]);
    expect(fs.readFileSync(dest).equals(BODY)).toBe(true);
  });

  it('starts again when the server ignores Range', async () => {
    const dest = fresh({ cutAfter: [700_000], ignoreRange: true });
    await download(`${base}/cdn/model.safetensors`, dest, { sha256: SHA });
    expect(seen.map((s) => s.range)).toEqual([undefined, 'bytes=700000-']);
    expect(fs.readFileSync(dest).equals(BODY)).toBe(true);
  });

  it('deletes a download whose checksum is wrong and says so', async () => {
    const dest = fresh();
    await expect(download(`${base}/cdn/model.safetensors`, dest, { sha256: 'a'.repeat(64) })).rejects.toThrow(/does not match its checksum.*deleted/);
    expect(fs.readdirSync(path.dirname(dest))).toEqual([]);
  });

  it('refuses a file of the wrong size before downloading it', async () => {
    const dest = fresh();
    await expect(download(`${base}/cdn/model.safetensors`, dest, { bytes: 42 })).rejects.toThrow(/not the expected 42/);
  });

  it('gives clear errors for a missing file and for no connection', async () => {
    await expect(download(`${base}/cdn/model.safetensors`, fresh({ status: 404 }))).rejects.toThrow(/answered 404/);
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await expect(download(`http://127.0.0.1:${port}/x`, fresh())).rejects.toThrow(/Cannot reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\).*offline/);
  });
});
