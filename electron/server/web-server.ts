// Web mode: the built renderer, the API and the media over HTTP + WebSocket on 127.0.0.1, behind a
// random token (a query parameter for the page and images, a header for the API). Indexing runs in
// a worker thread; its progress is replayed to every new connection so a reload keeps the bar.
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventName, EventPayload } from '../shared/contract.js';
import { createDispatcher } from '../shared/rpc.js';
import { createHandlers } from '../core/api.js';
import { forwardWrites } from '../core/api/forward-writes.js';
import { mediaFor } from '../core/media/media-source.js';
import { SmartAlbum } from '../core/smart-album.js';
import { WorkerIndexingHost } from './indexer-host.js';

export interface WebServerOptions {
  dataDir: string;
  /** the built renderer (dist/renderer); without it only the API and media are served */
  rendererDir?: string;
  port?: number;
  token?: string;
}

export interface WebServer {
  url: string;
  token: string;
  app: SmartAlbum;
  /** the API as the page calls it (writes run in the indexer worker) */
  dispatch: ReturnType<typeof createDispatcher>;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json' };
const MAX_JSON = 1 << 20;
const MAX_UPLOAD = 200 << 20;
const CSP = "default-src 'self'; img-src 'self' blob: data:; style-src 'self' 'unsafe-inline'; connect-src 'self' ws://127.0.0.1:*; object-src 'none'; base-uri 'none'";

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error('too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(24).toString('hex');
  const app = new SmartAlbum({ dataDir: options.dataDir });
  const sockets = new Set<WebSocket>();
  let lastProgress: EventPayload<'index.progress'> | null = null;
  const broadcast = <E extends EventName>(name: E, payload: EventPayload<E>) => {
    if (name === 'index.progress') lastProgress = payload as EventPayload<'index.progress'>;
    const msg = JSON.stringify({ event: name, payload });
    for (const s of sockets) if (s.readyState === s.OPEN) s.send(msg);
  };
  const host = new WorkerIndexingHost(options.dataDir, broadcast, (message) => process.stderr.write(`smart-album indexer: ${message}\n`));
  app.events.on('models.progress', (p) => broadcast('models.progress', p));
  // the worker is the catalog's one writer: writes go there, reads stay here
  const dispatch = createDispatcher(forwardWrites(createHandlers(app), host, app));
  const uploads = path.join(options.dataDir, 'uploads');
  fs.rmSync(uploads, { recursive: true, force: true });

  const authorised = (req: http.IncomingMessage, url: URL) => req.headers['x-smart-album-token'] === token || url.searchParams.get('token') === token;
  const send = (res: http.ServerResponse, status: number, body: string | Buffer, type = 'text/plain; charset=utf-8') => {
    res.writeHead(status, { 'content-type': type, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' });
    res.end(body);
  };

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname.startsWith('/api/') && req.method === 'POST') {
        if (!authorised(req, url)) return send(res, 401, 'Missing or wrong token.');
        const body = await readBody(req, MAX_JSON).catch(() => null);
        if (!body) return send(res, 413, 'Request too large.');
        let input: unknown;
        try {
          input = body.length ? JSON.parse(body.toString('utf8')) : {};
        } catch {
          return send(res, 400, JSON.stringify({ ok: false, error: { code: 'INVALID_INPUT', message: 'The request body is not JSON.' } }), 'application/json');
        }
        const result = await dispatch(decodeURIComponent(url.pathname.slice('/api/'.length)), input);
        return send(res, 200, JSON.stringify(result), 'application/json');
      }
      if (url.pathname === '/upload' && req.method === 'POST') {
        // search by image with a dropped file: it is kept under the data folder for the query
        if (!authorised(req, url)) return send(res, 401, 'Missing or wrong token.');
        const body = await readBody(req, MAX_UPLOAD).catch(() => null);
        if (!body) return send(res, 413, 'The file is larger than 200 MB.');
        fs.mkdirSync(uploads, { recursive: true });
        const ext = path.extname(url.searchParams.get('name') ?? '').toLowerCase().replace(/[^.a-z0-9]/g, '').slice(0, 6) || '.jpg';
        const file = path.join(uploads, `${randomUUID()}${ext}`);
        fs.writeFileSync(file, body);
        return send(res, 200, JSON.stringify({ path: file }), 'application/json');
      }
      if (url.pathname.startsWith('/media/') && req.method === 'GET') {
        if (!authorised(req, url)) return send(res, 401, 'Missing or wrong token.');
        const m = await mediaFor(app.catalog, url.pathname.slice('/media'.length));
        if (m.status !== 200) return send(res, m.status, m.message);
        res.writeHead(200, { 'content-type': m.contentType, 'cache-control': 'private, max-age=300', 'x-content-type-options': 'nosniff' });
        if (m.body) return res.end(m.body);
        return fs.createReadStream(m.file!).on('error', () => res.destroy()).pipe(res);
      }
      if (req.method !== 'GET' || !options.rendererDir) return send(res, 404, 'Not found.');
      // the renderer's files, and nothing outside its folder
      const root = path.resolve(options.rendererDir);
      const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
      const file = path.resolve(root, rel);
      if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return send(res, 404, 'Not found.');
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'content-security-policy': CSP, 'x-content-type-options': 'nosniff' });
      fs.createReadStream(file).pipe(res);
    })().catch((err: Error) => {
      if (!res.headersSent) send(res, 500, err.message);
      else res.destroy();
    });
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/api/events' || url.searchParams.get('token') !== token) {
      socket.write('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return socket.destroy();
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      if (lastProgress) ws.send(JSON.stringify({ event: 'index.progress', payload: lastProgress }));
    });
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  await host.ready.catch((err: Error) => process.stderr.write(`smart-album: ${err.message}\n`)); // reads still work
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    token,
    app,
    dispatch,
    async close() {
      for (const s of sockets) s.terminate();
      wss.close();
      await new Promise<void>((r) => server.close(() => r()));
      await host.stop();
      await app.close();
    },
  };
}
