// The Electron IPC transport, main side: one invoke channel into the dispatcher, one channel out
// for events. Only the app's own page may call: a frame that navigated elsewhere, an iframe of
// another origin or any page that got hold of the preload is refused. Written against the small
// part of ipcMain/webContents it uses, so tests drive it with fakes.
import type { EventName, EventPayload } from '../shared/contract.js';
import { AppError } from '../shared/errors.js';
import type { RpcResult } from '../shared/rpc.js';

export const CALL_CHANNEL = 'smart-album:call';
export const EVENT_CHANNEL = 'smart-album:event';
/** a dropped file's bytes for search by image (Electron gives the page no file paths) */
export const UPLOAD_CHANNEL = 'smart-album:upload';

export interface IpcMainLike {
  handle(channel: string, listener: (event: unknown, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}
export interface WebContentsLike {
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}

/** The part of Electron's IpcMainInvokeEvent checked: the calling frame (null once it is gone). */
export interface InvokeEventLike {
  senderFrame?: { url: string } | null;
}

/** Whether the frame's URL is the app's page (any #route or ?query of it). */
export function isAppFrame(frameUrl: string | undefined, appUrl: string): boolean {
  if (!frameUrl) return false;
  try {
    const a = new URL(frameUrl);
    const b = new URL(appUrl);
    return a.protocol === b.protocol && a.host === b.host && a.pathname === b.pathname;
  } catch {
    return false;
  }
}

function refused(event: unknown, appUrl: string): RpcResult | null {
  const frame = (event as InvokeEventLike | null)?.senderFrame?.url;
  if (isAppFrame(frame, appUrl)) return null;
  const from = frame ? `"${frame}"` : 'a closed frame';
  return { ok: false, error: { code: 'INVALID_INPUT', message: `Smart Album answers only its own window; this call came from ${from}.` } };
}

/**
 * appUrl: the page the app's window loads (file:///…/renderer/index.html); calls from any other frame
 * are refused. upload: saves a dropped file's bytes for search by image and returns its path.
 */
export function registerIpc(
  ipcMain: IpcMainLike,
  dispatch: (method: string, input: unknown) => Promise<RpcResult>,
  appUrl: string,
  upload?: (bytes: Uint8Array) => string,
) {
  ipcMain.handle(CALL_CHANNEL, (event, method, input): RpcResult | Promise<RpcResult> => {
    const no = refused(event, appUrl);
    if (no) return no;
    if (typeof method !== 'string') return { ok: false, error: { code: 'INVALID_INPUT', message: 'No method named.' } };
    return dispatch(method, input);
  });
  ipcMain.handle(UPLOAD_CHANNEL, (event, bytes): RpcResult => {
    const no = refused(event, appUrl);
    if (no) return no;
    if (!upload || !(bytes instanceof Uint8Array || bytes instanceof ArrayBuffer)) return { ok: false, error: { code: 'INVALID_INPUT', message: 'Send the file\'s bytes.' } };
    try {
      return { ok: true, result: { path: upload(bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes) } };
    } catch (err) {
      return { ok: false, error: { code: err instanceof AppError ? err.code : 'INTERNAL', message: (err as Error).message } };
    }
  });
  return () => {
    ipcMain.removeHandler(CALL_CHANNEL);
    ipcMain.removeHandler(UPLOAD_CHANNEL);
  };
}

/** Sends an engine event to every open window. */
export function eventSender(windows: () => WebContentsLike[]) {
  return <E extends EventName>(name: E, payload: EventPayload<E>) => {
    for (const w of windows()) if (!w.isDestroyed()) w.send(EVENT_CHANNEL, name, payload);
  };
}
