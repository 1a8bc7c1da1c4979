// The one client of the renderer: Electron's preload bridge when present, else web mode's HTTP
// transport. In web mode the server traded the printed ?token= for an HttpOnly cookie on the first
// page load, so the page holds no token: the browser sends the cookie with every same-origin
// request, image and WebSocket.
import { createClient, httpTransport, type Client, type Transport } from '$shared/client.js';

declare global {
  interface Window {
    smartAlbum?: Transport;
  }
}

export const api: Client = createClient(window.smartAlbum ?? httpTransport(location.origin, null));
export const inElectron = !!window.smartAlbum;

/** web mode: sends a dropped file to the server so the core can read it; Electron has the path */
export async function uploadForSearch(file: File): Promise<string> {
  const electronPath = (file as File & { path?: string }).path;
  if (electronPath) return electronPath;
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
