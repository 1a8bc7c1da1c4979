// The typed client every UI uses, over any transport (Electron IPC via the preload, or HTTP + WS).
// Results are the contract's outputs; failures become ApiError with the dispatcher's code/message.
import type { EventName, EventPayload, MethodInput, MethodName, MethodOutput } from './contract.js';
import type { ErrorCode } from './errors.js';
import type { RpcResult } from './rpc.js';

export interface Transport {
  call(method: string, input: unknown): Promise<RpcResult>;
  on(event: string, cb: (payload: unknown) => void): () => void;
  mediaUrl(kind: 'small' | 'large' | 'original' | 'face', id: number): string;
  /** the desktop app: a dropped file's bytes, saved for search by image (web mode POSTs /upload) */
  upload?(bytes: ArrayBuffer): Promise<RpcResult<{ path: string }>>;
}

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface Client {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  on<E extends EventName>(event: E, cb: (payload: EventPayload<E>) => void): () => void;
  mediaUrl: Transport['mediaUrl'];
}

export function createClient(t: Transport): Client {
  return {
    async call(method, input) {
      const r = await t.call(method, input);
      if (!r.ok) throw new ApiError(r.error.code, r.error.message);
      return r.result as never;
    },
    on: (event, cb) => t.on(event, cb as (p: unknown) => void),
    mediaUrl: (kind, id) => t.mediaUrl(kind, id),
  };
}

/**
 * Web mode's transport: POST /api/<method>, WS /api/events, GET /media/<kind>/<id>. In the browser
 * the server's HttpOnly cookie carries the token (token null); other clients send it in a header
 * (their WebSocketImpl must add that header to the upgrade). The token never goes into a URL.
 */
export function httpTransport(base: string, token: string | null, WebSocketImpl: typeof WebSocket = WebSocket): Transport {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  let socket: WebSocket | null = null;
  // a socket that closes without having opened (server down, or it refused this page's token with
  // 401, which a browser does not show) is tried again less and less often, not every second
  let delay = 1000;
  const connect = () => {
    socket = new WebSocketImpl(`${base.replace(/^http/, 'ws')}/api/events`);
    let opened = false;
    socket.onopen = () => {
      opened = true;
      delay = 1000;
    };
    socket.onmessage = (m) => {
      const { event, payload } = JSON.parse(String(m.data)) as { event: string; payload: unknown };
      for (const cb of listeners.get(event) ?? []) cb(payload);
    };
    socket.onerror = () => {}; // followed by onclose
    socket.onclose = () => {
      if (!opened) delay = Math.min(delay * 2, 15_000);
      setTimeout(() => listeners.size && connect(), delay); // the server restarted: reconnect
    };
  };
  return {
    async call(method, input) {
      const res = await fetch(`${base}/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { 'x-smart-album-token': token } : {}) }, body: JSON.stringify(input ?? {}) });
      if (!res.ok) return { ok: false, error: { code: res.status === 401 ? 'INVALID_INPUT' : 'INTERNAL', message: await res.text() } };
      return (await res.json()) as RpcResult;
    },
    on(event, cb) {
      if (!socket) connect();
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(cb);
      return () => listeners.get(event)!.delete(cb);
    },
    mediaUrl: (kind, id) => `${base}/media/${kind}/${id}`,
  };
}
