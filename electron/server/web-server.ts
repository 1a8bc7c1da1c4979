// Web mode: the built renderer, the API and the media over HTTP + WebSocket on 127.0.0.1. Every
// request and WebSocket must be addressed to this server by a page of its own (http-guard.ts); the
// page's first load with ?token= trades it for an HttpOnly cookie and redirects to the clean URL.
// Indexing runs in a worker thread; its progress is replayed to every new connection so a reload
// keeps the bar.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventName, EventPayload } from '../shared/contract.js';
import { createDispatcher } from '../shared/rpc.js';
import { guardHandlers, serviceHandlers } from '../core/api.js';
import { forwardWrites } from '../core/api/forward-writes.js';
import { mediaFor, openMedia } from '../core/media/media-source.js';
import { uploadsDir } from '../core/paths.js';
import { SmartAlbum } from '../core/smart-album.js';
import { authorised, decodedPath, refusal, sameToken, tokenCookie } from './http-guard.js';
import { WorkerIndexingHost } from './indexer-host.js';
import { serveStatic } from './static.js';
import { webToken } from './web-token.js';
import { DEFAULT_UPLOAD_LIMITS, UploadStore, type UploadLimits } from './uploads.js';

export interface WebServerOptions {
  dataDir: string;
  /** the built renderer (dist/renderer); without it only the API and media are served */
  rendererDir?: string;
  port?: number;
  /** the access key; by default the one kept in the data folder (web-token.ts) */
  token?: string;
  /** make a new access key (signs open pages out) instead of keeping the data folder's */
  newToken?: boolean;
  uploads?: Partial<UploadLimits>;
}

export interface WebServer {
  url: string;
  token: string;
  app: SmartAlbum;
  /** the API as the page calls it (writes run in the indexer worker) */
  dispatch: ReturnType<typeof createDispatcher>;
  close(): Promise<void>;
}

const MAX_JSON = 1 << 20;
/** past this, a refused body is no longer read to its end: the connection is closed */
const MAX_DRAIN = 1 << 30;
const NOT_SIGNED_IN = 'Missing or wrong token. Open the address Smart Album printed when it started (it ends in ?token=...).';

type Res = http.ServerResponse;
const TEXT = 'text/plain; charset=utf-8';
const send = (res: Res, status: number, body: string | Buffer, type = TEXT, extra: http.OutgoingHttpHeaders = {}) => {
  res.writeHead(status, { 'content-type': type, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store', ...extra });
  res.end(body);
};
const sendJson = (res: Res, status: number, body: unknown) => send(res, status, JSON.stringify(body), 'application/json');
const jsonError = (message: string) => ({ ok: false, error: { code: 'INVALID_INPUT', message } });

/** Answers a request whose body is refused, and reads that body away so the client sees the answer. */
function refuseBody(req: http.IncomingMessage, res: Res, status: number, body: string, type?: string) {
  let drained = 0;
  req.on('data', (c: Buffer) => {
    drained += c.length;
    if (drained > MAX_DRAIN) req.destroy();
  });
  req.resume();
  send(res, status, body, type);
}

/** The JSON body, or why not (413 past the limit, 400 when it is not JSON). */
function readJson(req: http.IncomingMessage): Promise<{ ok: true; value: unknown } | { ok: false; status: 400 | 413; message: string }> {
  const tooLarge = { ok: false, status: 413, message: `The request body is larger than ${MAX_JSON >> 20} MB.` } as const;
  if (Number(req.headers['content-length'] ?? 0) > MAX_JSON) return Promise.resolve(tooLarge);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size <= MAX_JSON) return void chunks.push(c);
      req.off('data', onData).off('end', onEnd);
      resolve(tooLarge);
    };
    const onEnd = () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve({ ok: true, value: text.length ? JSON.parse(text) : {} });
      } catch {
        resolve({ ok: false, status: 400, message: 'The request body is not JSON.' });
      }
    };
    req.on('data', onData).on('end', onEnd).on('error', () => resolve({ ok: false, status: 400, message: 'The request was interrupted.' }));
  });
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? webToken(options.dataDir, options.newToken);
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
  // the worker is the catalog's one writer: writes go there (after the path policy), reads stay here
  const handlers = serviceHandlers(app);
  const status = handlers['library.status'];
  handlers['library.status'] = async (input) => ({ ...(await status(input)), ...(host.waiting ? { indexerWaiting: host.waiting } : {}) });
  const dispatch = createDispatcher(guardHandlers(app, forwardWrites(handlers, host, app)));
  const uploads = new UploadStore(uploadsDir(options.dataDir), { ...DEFAULT_UPLOAD_LIMITS, ...options.uploads });
  uploads.start();
  let port = 0;

  const handle = async (req: http.IncomingMessage, res: Res) => {
    const refused = refusal(req, port);
    if (refused) return refuseBody(req, res, 403, refused);
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const decoded = decodedPath(url.pathname);
    if (decoded === null) return refuseBody(req, res, 400, 'The address has malformed %-encoding.');
    const read = req.method === 'GET' || req.method === 'HEAD';
    const signedIn = authorised(req, port, token);

    if (url.pathname.startsWith('/api/') && req.method === 'POST') {
      if (!signedIn) return refuseBody(req, res, 401, NOT_SIGNED_IN);
      const body = await readJson(req);
      if (!body.ok) return refuseBody(req, res, body.status, JSON.stringify(jsonError(body.message)), 'application/json');
      return sendJson(res, 200, await dispatch(decoded.slice('/api/'.length), body.value));
    }
    if (url.pathname === '/upload' && req.method === 'POST') {
      if (!signedIn) return refuseBody(req, res, 401, NOT_SIGNED_IN);
      const r = await uploads.receive(req);
      if (r.status === 200) return sendJson(res, 200, { path: r.path });
      return refuseBody(req, res, r.status, JSON.stringify(jsonError(r.message)), 'application/json');
    }
    if (url.pathname.startsWith('/media/') && read) {
      if (!signedIn) return send(res, 401, NOT_SIGNED_IN);
      const m = await mediaFor(app.catalog, decoded.slice('/media'.length), req.headers['if-none-match']);
      if (m.status === 304) {
        res.writeHead(304, { etag: m.etag, 'cache-control': 'private, no-cache' });
        return res.end();
      }
      if (m.status !== 200) return send(res, m.status, m.message);
      // opened before the headers go out: a file swapped since it was checked is refused, not sent
      const fh = m.body ? null : await openMedia(m).catch((err: Error) => err);
      if (fh instanceof Error) return send(res, 409, fh.message);
      const caching = m.etag ? { 'cache-control': 'private, no-cache', etag: m.etag } : { 'cache-control': 'private, max-age=300' };
      res.writeHead(200, { 'content-type': m.contentType, ...caching, 'x-content-type-options': 'nosniff' });
      if (req.method === 'HEAD') {
        await fh?.close();
        return res.end();
      }
      if (!fh) return res.end(m.body);
      // pipeline: a client that goes away closes the file too
      return pipeline(fh.createReadStream(), res, () => undefined);
    }
    if (read && url.searchParams.has('token')) {
      // the printed address: trade the token for the cookie, then show the same page without it
      if (!sameToken(url.searchParams.get('token'), token)) return send(res, 401, NOT_SIGNED_IN);
      url.searchParams.delete('token');
      const clean = `${url.pathname}${url.search}`;
      return send(res, 303, 'Signed in.', TEXT, { location: clean, 'set-cookie': tokenCookie(port, token), 'referrer-policy': 'no-referrer' });
    }
    if (read && options.rendererDir && serveStatic(options.rendererDir, decoded, req, res)) return;
    return refuseBody(req, res, 404, 'Not found.');
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: Error) => {
      if (!res.headersSent) send(res, 500, err.message);
      else res.destroy();
    });
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const fail = (status: string, message: string) => {
      const headers = [`HTTP/1.1 ${status}`, `content-type: ${TEXT}`, `content-length: ${Buffer.byteLength(message)}`, 'connection: close'];
      socket.end(`${headers.join('\r\n')}\r\n\r\n${message}`);
    };
    const refused = refusal(req, port);
    if (refused) return fail('403 Forbidden', refused);
    if (new URL(req.url ?? '/', 'http://127.0.0.1').pathname !== '/api/events') return fail('404 Not Found', 'Not found.');
    if (!authorised(req, port, token)) return fail('401 Unauthorized', NOT_SIGNED_IN);
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      if (lastProgress) ws.send(JSON.stringify({ event: 'index.progress', payload: lastProgress }));
    });
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  // reads still work; a library another Smart Album holds is taken over when it lets go
  await host.ready.catch((err: Error) => process.stderr.write(`smart-album: ${host.waiting ? `${host.waiting} Trying again every few seconds.` : err.message}\n`));
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    token,
    app,
    dispatch,
    async close() {
      uploads.stop();
      for (const s of sockets) s.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await host.stop();
      await app.close();
    },
  };
}
