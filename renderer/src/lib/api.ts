// The one client of the renderer: Electron's preload bridge when present, else web mode's HTTP
// transport with the token from the page's URL (kept for reloads of this tab).
import { createClient, httpTransport, type Client, type Transport } from '$shared/client.js';

declare global {
  interface Window {
    smartAlbum?: Transport;
  }
}

function webTransport(): Transport {
  const fromUrl = new URLSearchParams(location.search).get('token');
  if (fromUrl) sessionStorage.setItem('smart-album-token', fromUrl);
  const token = fromUrl ?? sessionStorage.getItem('smart-album-token') ?? '';
  return httpTransport(location.origin, token);
}

export const api: Client = createClient(window.smartAlbum ?? webTransport());
export const inElectron = !!window.smartAlbum;

/** web mode: sends a dropped file to the server so the core can read it; Electron has the path */
export async function uploadForSearch(file: File): Promise<string> {
  const electronPath = (file as File & { path?: string }).path;
  if (electronPath) return electronPath;
  const token = sessionStorage.getItem('smart-album-token') ?? '';
  const res = await fetch(`/upload?name=${encodeURIComponent(file.name)}&token=${token}`, { method: 'POST', body: file });
  if (!res.ok) throw new Error(await res.text());
  return ((await res.json()) as { path: string }).path;
}
