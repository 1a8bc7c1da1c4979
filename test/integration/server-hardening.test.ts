// Web mode's server as an attacker would try it (issue 14, findings 5 and 7): requests for another
// Host (DNS rebinding) or from another Origin (cross-site POSTs, cross-origin WebSockets), the
// token in URLs, uploads that are too large, too many or not images, oversize JSON, bad
// %-encoding, HEAD; and what the API refuses a UI: GIFs anywhere, reading any file for search,
// adding "/" as a library, downloading models from any URL. Real server on an ephemeral port,
// real catalog, real models.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmartAlbum } from '../../electron/core/smart-album.js';
import { MODELS_SOURCE_KEY } from '../../electron/core/path-policy.js';
import { startWebServer, type WebServer } from '../../electron/server/web-server.js';
import { UploadStore, sniffImage } from '../../electron/server/uploads.js';
import { makeJpeg } from '../helpers/images.js';
import { tempDir } from '../helpers/temp.js';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let server: WebServer;
let port: number;
let data: string;
let lib: string;
let cookie: string;
const own = () => `http://127.0.0.1:${port}`;

/** One HTTP request with exactly these headers (fetch would not let a test set Host). */
function raw(method: string, p: string, o: { headers?: http.OutgoingHttpHeaders; body?: Buffer | string; chunks?: (req: http.ClientRequest) => void } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: p, headers: { host: `127.0.0.1:${port}`, ...o.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (o.chunks) return o.chunks(req);
    req.end(o.body);
  });
}

const api = (method: string, input: unknown, headers: http.OutgoingHttpHeaders = {}) =>
  raw('POST', `/api/${method}`, { headers: { 'content-type': 'application/json', cookie, ...headers }, body: JSON.stringify(input) });

/** The WebSocket handshake, answered by 101 (opened) or by a refusal with its status. */
function upgrade(headers: http.OutgoingHttpHeaders): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1',
      port,
      path: '/api/events',
      headers: { host: `127.0.0.1:${port}`, connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', ...headers },
    });
    req.on('upgrade', (res, socket) => (socket.destroy(), resolve(res.statusCode!)));
    req.on('response', (res) => (res.resume(), resolve(res.statusCode!)));
    req.on('error', reject);
    req.end();
  });
}

const upload = (body: Buffer, headers: http.OutgoingHttpHeaders = {}) => raw('POST', '/upload', { headers: { cookie, ...headers }, body });

beforeAll(async () => {
  data = tempDir('hard-data');
  lib = tempDir('hard-lib');
  for (let i = 1; i <= 3; i++) await makeJpeg(path.join(lib, `photo-${i}.jpg`), { seed: i, width: 480, height: 360 });
  const app = new SmartAlbum({ dataDir: data });
  const root = await app.roots.add(lib);
  await app.scanAndIndex(root.id);
  await app.close();
  const renderer = tempDir('hard-renderer');
  fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Smart Album</title>');
  server = await startWebServer({ dataDir: data, rendererDir: renderer, uploads: { maxBytes: 1 << 20, maxActive: 1, maxQueued: 1 } });
  port = Number(new URL(server.url).port);
}, 120_000);
afterAll(() => server?.close());

describe('Host, Origin and the token (finding 7)', () => {
  it('trades the printed ?token= for an HttpOnly SameSite=Strict cookie and a clean URL', async () => {
    const first = await raw('GET', `/?token=${server.token}`);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    const set = first.headers['set-cookie']![0]!;
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Strict/);
    cookie = set.split(';')[0]!;
    expect(cookie).toBe(`smart-album-token-${port}=${server.token}`);
    expect((await raw('GET', `/?token=wrong`)).status).toBe(401);
    // with the cookie: the page, the API, the images and the WebSocket, no token in any URL
    expect((await raw('GET', '/', { headers: { cookie } })).status).toBe(200);
    const list = await api('photos.list', { limit: 10 });
    expect(JSON.parse(list.body).result.total).toBe(3);
    expect((await raw('GET', '/media/small/1', { headers: { cookie } })).status).toBe(200);
    expect(await upgrade({ cookie, origin: own() })).toBe(101);
    // the old way, the token in the image URL or the WebSocket URL, no longer opens anything
    expect((await raw('GET', `/media/small/1?token=${server.token}`)).status).toBe(401);
    expect(await upgrade({ origin: own() })).toBe(401);
    // an API client may still send the header
    expect((await api('photos.list', { limit: 1 }, { cookie: '', 'x-smart-album-token': server.token })).status).toBe(200);
  });

  it('refuses requests addressed to another Host (DNS rebinding), with a message', async () => {
    for (const host of ['rebound.invalid', `rebound.invalid:${port}`, `127.0.0.1:${port + 1}`, '127.0.0.1']) {
      const r = await raw('GET', '/media/small/1', { headers: { host, cookie } });
      expect(r.status, host).toBe(403);
      expect(r.body).toMatch(/answers only requests addressed to http:\/\/127\.0\.0\.1:\d+/);
      expect((await api('photos.list', {}, { host })).status).toBe(403);
      expect(await upgrade({ host, cookie })).toBe(403);
    }
    for (const host of [`localhost:${port}`, `[::1]:${port}`]) expect((await raw('GET', '/media/small/1', { headers: { host, cookie } })).status, host).toBe(200);
  });

  it('refuses other web pages: a cross-site POST changes nothing and a cross-origin WebSocket does not open', async () => {
    for (const origin of ['http://attacker.invalid', 'null', `http://127.0.0.1:${port + 1}`, `https://127.0.0.1:${port}`]) {
      const r = await api('favourites.set', { photoIds: [1], favourite: true }, { origin, 'content-type': 'text/plain' });
      expect(r.status, origin).toBe(403);
      expect(r.body).toMatch(/refuses requests made by other web pages/);
      expect(await upgrade({ cookie, origin })).toBe(403);
    }
    expect(JSON.parse((await api('favourites.list', {})).body).result.total).toBe(0);
    expect((await api('favourites.list', {}, { origin: own() })).status).toBe(200);
    expect((await api('favourites.list', {}, { origin: `http://localhost:${port}` })).status).toBe(200);
  });
});

describe('uploads, bodies and addresses (finding 5)', () => {
  it('streams an image to the uploads folder by its type, and the search that reads it removes it', async () => {
    const png = await sharp(path.join(lib, 'photo-2.jpg')).png().toBuffer();
    const r = await upload(png, { 'content-type': 'application/octet-stream' });
    expect(r.status, r.body).toBe(200);
    const file = JSON.parse(r.body).path as string;
    expect(path.dirname(file)).toBe(path.join(data, 'uploads'));
    expect(path.extname(file)).toBe('.png');
    expect(fs.readFileSync(file).equals(png)).toBe(true);
    const found = JSON.parse((await api('search.similar', { imagePath: file, limit: 3 })).body);
    expect(found.ok, JSON.stringify(found)).toBe(true);
    expect(found.result.similar.length + found.result.nearDuplicates.length).toBeGreaterThan(0);
    expect(fs.existsSync(file)).toBe(false);
  }, 60_000);

  it('refuses what is not an image (415), too large (413) and too many at once (429), each with a message', async () => {
    const text = await upload(Buffer.from('#!/bin/sh\necho not a photo\n'.repeat(10)));
    expect(text.status).toBe(415);
    expect(JSON.parse(text.body).error.message).toMatch(/not an image .*JPEG, PNG, WebP, GIF, TIFF, AVIF or HEIC/);
    const big = Buffer.concat([fs.readFileSync(path.join(lib, 'photo-1.jpg')), Buffer.alloc(1 << 20)]);
    const declared = await upload(big);
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body).error.message).toMatch(/larger than 1 MB/);
    // no Content-Length (chunked): refused when the limit is crossed, not after reading it all
    const chunked = await raw('POST', '/upload', {
      headers: { cookie, 'transfer-encoding': 'chunked' },
      chunks: (req) => {
        for (let i = 0; i < big.length; i += 64 << 10) req.write(big.subarray(i, i + (64 << 10)));
        req.end();
      },
    });
    expect(chunked.status).toBe(413);
    // one at a time, one waiting: a third is told to come back
    const slow: http.ClientRequest[] = [];
    const open = () =>
      raw('POST', '/upload', {
        headers: { cookie, 'transfer-encoding': 'chunked' },
        chunks: (req) => {
          slow.push(req);
          req.write(fs.readFileSync(path.join(lib, 'photo-3.jpg')).subarray(0, 1000));
        },
      });
    const a = open();
    await new Promise((r) => setTimeout(r, 150));
    const b = open();
    await new Promise((r) => setTimeout(r, 150));
    const third = await open();
    expect(third.status).toBe(429);
    expect(JSON.parse(third.body).error.message).toMatch(/Too many uploads at once/);
    for (const req of slow.slice(0, 2)) req.end(fs.readFileSync(path.join(lib, 'photo-3.jpg')).subarray(1000));
    expect([(await a).status, (await b).status]).toEqual([200, 200]);
    expect(fs.readdirSync(path.join(data, 'uploads')).filter((f) => f.endsWith('.part'))).toEqual([]);
  });

  it('leaves nothing behind when an upload is cut off halfway', async () => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/upload', headers: { host: `127.0.0.1:${port}`, cookie, 'transfer-encoding': 'chunked' } });
    req.on('error', () => undefined);
    req.write(fs.readFileSync(path.join(lib, 'photo-1.jpg')));
    await new Promise((r) => setTimeout(r, 200));
    expect(fs.readdirSync(path.join(data, 'uploads')).filter((f) => f.endsWith('.part'))).toHaveLength(1);
    req.destroy();
    await new Promise((r) => setTimeout(r, 200));
    expect(fs.readdirSync(path.join(data, 'uploads')).filter((f) => f.endsWith('.part'))).toEqual([]);
  });

  it('answers an oversize JSON body with 413 and a JSON error instead of cutting the connection', async () => {
    const r = await api('photos.list', { limit: 1, pad: 'x'.repeat(2 << 20) });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body)).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/larger than 1 MB/) } });
  });

  it('answers malformed %-encoding with 400 anywhere, and HEAD wherever GET works', async () => {
    for (const p of ['/media/small/%E0%A4%A', '/%E0%A4%A', '/assets/%ZZ.js']) {
      const r = await raw('GET', p, { headers: { cookie } });
      expect(r.status, p).toBe(400);
      expect(r.body).toMatch(/malformed %-encoding/);
    }
    expect((await raw('POST', '/api/%E0%A4%A', { headers: { cookie }, body: '{}' })).status).toBe(400);
    const page = await raw('HEAD', '/', { headers: { cookie } });
    expect([page.status, page.headers['content-type'], page.body]).toEqual([200, 'text/html; charset=utf-8', '']);
    const thumb = await raw('HEAD', '/media/small/1', { headers: { cookie } });
    expect([thumb.status, thumb.headers['content-type'], thumb.body]).toEqual([200, 'image/jpeg', '']);
    expect((await raw('HEAD', '/media/small/1')).status).toBe(401);
  });

  it('sweeps uploads nobody searched with after their time to live', async () => {
    const dir = tempDir('hard-sweep');
    const store = new UploadStore(dir, { maxBytes: 1 << 20, maxActive: 1, maxQueued: 0, ttlMs: 200 });
    store.start();
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'left.jpg'), 'x');
    await new Promise((r) => setTimeout(r, 700));
    store.stop();
    expect(fs.existsSync(path.join(dir, 'left.jpg'))).toBe(false);
  });

  it('knows the image types by their first bytes', async () => {
    const img = sharp({ create: { width: 8, height: 8, channels: 3, background: '#c84' } });
    for (const [fmt, ext] of [['jpeg', '.jpg'], ['png', '.png'], ['webp', '.webp'], ['gif', '.gif'], ['tiff', '.tif'], ['avif', '.avif']] as const) {
      expect(sniffImage(await img.clone().toFormat(fmt).toBuffer()), fmt).toBe(ext);
    }
    expect(sniffImage(Buffer.from('\0\0\0\x18ftypheic\0\0\0\0'))).toBe('.heic');
    expect(sniffImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
  });
});

describe('what the API refuses a UI (finding 7)', () => {
  const refused = async (method: string, input: unknown, message: RegExp) => {
    const r = JSON.parse((await api(method, input)).body) as { ok: boolean; error?: { code: string; message: string } };
    expect(r.ok, `${method} ${JSON.stringify(input)}`).toBe(false);
    expect(r.error!.message).toMatch(message);
  };

  it('writes a GIF only inside a library folder', async () => {
    const outside = path.join(tempDir('hard-elsewhere'), 'x.gif');
    await refused('gif.make', { photoIds: [1, 2], out: outside }, /only be saved inside one of your library folders/);
    await refused('gif.make', { photoIds: [1, 2], out: path.join(lib, '..', path.basename(lib) + '-sibling.gif') }, /only be saved inside/);
    expect(fs.existsSync(outside)).toBe(false);
    const inside = JSON.parse((await api('gif.make', { photoIds: [1, 2], out: path.join(lib, 'made.gif'), size: 64 })).body);
    expect(inside.ok, JSON.stringify(inside)).toBe(true);
    expect(fs.readFileSync(path.join(lib, 'made.gif')).subarray(0, 6).toString()).toBe('GIF89a');
  }, 60_000);

  it('searches by image only with an upload or a catalogued photo', async () => {
    const stray = path.join(tempDir('hard-stray'), 'stray.jpg');
    await makeJpeg(stray, { seed: 9 });
    await refused('search.similar', { imagePath: '/etc/passwd' }, /reads only a file dropped into Smart Album or a photo of your library/);
    await refused('search.similar', { imagePath: stray }, /"[^"]*stray\.jpg" is neither/);
    await refused('faces.search', { imagePath: '/etc/hostname' }, /reads only a file dropped/);
    const ok = JSON.parse((await api('search.similar', { imagePath: path.join(lib, 'photo-1.jpg'), limit: 2 })).body);
    expect(ok.ok, JSON.stringify(ok)).toBe(true);
    expect(fs.existsSync(path.join(lib, 'photo-1.jpg'))).toBe(true); // only uploads are removed after use
  }, 60_000);

  it('refuses "/", system folders and the data folder as a library', async () => {
    await refused('roots.add', { path: '/' }, /"\/" is the whole file system/);
    for (const p of ['/etc', '/proc', '/sys/kernel', '/dev', '/usr/bin']) await refused('roots.add', { path: p }, /is a system folder, not a photo folder/);
    await refused('roots.add', { path: data }, /Smart Album's own data folder/);
    fs.mkdirSync(path.join(data, 'thumbs-copy'), { recursive: true });
    await refused('roots.add', { path: path.join(data, 'thumbs-copy') }, /Smart Album's own data folder/);
    expect(JSON.parse((await api('roots.list', {})).body).result).toHaveLength(1);
  });

  it('downloads models only from the configured source, and never builds from a local file', async () => {
    await refused('models.upgrade', { url: `http://127.0.0.1:${port}/media/original/1` }, /only from the configured source \(https:\/\/huggingface\.co\//);
    await refused('models.upgrade', { fromFile: '/etc/passwd' }, /only possible from the command line/);
    // a source set by the trusted host is accepted: the call gets past the policy (and fails on the bytes)
    const source = `http://127.0.0.1:${port}/not-a-model.safetensors`;
    server.app.catalog.settings.set(MODELS_SOURCE_KEY, source);
    const r = JSON.parse((await api('models.upgrade', { url: source })).body) as { ok: boolean; error: { message: string } };
    expect(r.ok).toBe(false);
    expect(r.error.message).not.toMatch(/configured source/);
    server.app.catalog.settings.set(MODELS_SOURCE_KEY, null); // back to the default source
  }, 60_000);
});
