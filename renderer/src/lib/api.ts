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
