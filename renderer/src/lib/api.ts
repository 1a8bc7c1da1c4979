// The one client of the renderer, and the only module that talks to the API: Electron's preload
// bridge when present, else web mode's HTTP transport. Network failures and a token the server no
// longer knows become the connection's state, so screens say "reconnecting" instead of "0 photos".
import { ApiError, createClient, httpTransport, type Client, type Transport } from '$shared/client.js';
import type { EventName, EventPayload, MethodInput, MethodName, MethodOutput } from '$shared/contract.js';
import { Connection } from './state/connection.svelte.js';

declare global {
  interface Window {
    smartAlbum?: Transport;
  }
}

function tokenOfPage(): string {
  const fromUrl = new URLSearchParams(location.search).get('token');
  if (fromUrl) sessionStorage.setItem('smart-album-token', fromUrl);
  return fromUrl ?? sessionStorage.getItem('smart-album-token') ?? '';
}

function webTransport(): Transport {
  return httpTransport(location.origin, tokenOfPage());
}

export const inElectron = typeof window !== 'undefined' && !!window.smartAlbum;
const client: Client = createClient(window.smartAlbum ?? webTransport());
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
  face: (id: number) => client.mediaUrl('face', id),
};

/** web mode: sends a dropped file to the server so the core can read it; Electron has the path */
export async function uploadForSearch(file: File): Promise<string> {
  const electronPath = (file as File & { path?: string }).path;
  if (electronPath) return electronPath;
  const token = sessionStorage.getItem('smart-album-token') ?? '';
  const url = `/upload?name=${encodeURIComponent(file.name)}&token=${token}`;
  const res = await fetch(url, { method: 'POST', body: file });
  if (!res.ok) throw new Error(await res.text());
  return ((await res.json()) as { path: string }).path;
}
