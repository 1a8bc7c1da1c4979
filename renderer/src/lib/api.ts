// The one client of the renderer, and the only module that talks to the API: Electron's preload
// bridge when present, else web mode's HTTP transport. In web mode the server traded the printed
// ?token= for an HttpOnly cookie on the first page load, so the page holds no token: the browser
// sends the cookie with every same-origin request, image and WebSocket. Network failures and a
// token the server no longer knows become the connection's state, so screens say "reconnecting"
// instead of "0 photos".
import { ApiError, createClient, httpTransport, type Client, type Transport } from '$shared/client.js';
import type { EventName, EventPayload, MethodInput, MethodName, MethodOutput } from '$shared/contract.js';
import { Connection } from './state/connection.svelte.js';

declare global {
  interface Window {
    smartAlbum?: Transport;
  }
}

export const inElectron = typeof window !== 'undefined' && !!window.smartAlbum;
const client: Client = createClient(window.smartAlbum ?? httpTransport(location.origin, null));
const isTokenError = (e: unknown) => e instanceof ApiError && /token/i.test(e.message);

export const connection = new Connection(async () => {
  try {
    await client.call('roots.list', {});
    return 'ok';
  } catch (err) {
    if (isTokenError(err)) return 'unauthorised';
    throw err;
  }
});

export const api = {
  async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    try {
      return await client.call(method, input);
    } catch (err) {
      if (err instanceof TypeError) {
        connection.lost();
        throw new Error('Smart Album is not answering; trying to reconnect…');
      }
      if (isTokenError(err)) connection.unauthorised();
      throw err;
    }
  },
  on<E extends EventName>(event: E, cb: (payload: EventPayload<E>) => void): () => void {
    return client.on(event, cb);
  },
  thumb: (id: number) => client.mediaUrl('small', id),
  large: (id: number) => client.mediaUrl('large', id),
  original: (id: number) => client.mediaUrl('original', id),
  /** cropRev (Face.cropRev) changes the address when the face's picture changes: the browser keeps images by address */
  face: (id: number, cropRev = 0) => `${client.mediaUrl('face', id)}${cropRev ? `?v=${cropRev}` : ''}`,
};

/**
 * Sends a dropped file to the core so search by image can read it (the core reads no other path a
 * page names): over IPC in the desktop app, POST /upload in web mode.
 */
export async function uploadForSearch(file: File): Promise<string> {
  if (window.smartAlbum?.upload) {
    const r = await window.smartAlbum.upload(await file.arrayBuffer());
    if (!r.ok) throw new Error(r.error.message);
    return r.result.path;
  }
  const res = await fetch('/upload', { method: 'POST', body: file });
  if (!res.ok) {
    const text = await res.text();
    let message = text;
    try {
      message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? text;
    } catch {
      /* plain text */
    }
    throw new Error(message);
  }
  return ((await res.json()) as { path: string }).path;
}
