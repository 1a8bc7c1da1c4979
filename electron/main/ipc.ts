// The Electron IPC transport, main side: one invoke channel into the dispatcher, one channel out
// for events. Written against the small part of ipcMain/webContents it uses, so tests drive it
// with fakes.
import type { EventName, EventPayload } from '../shared/contract.js';
import type { RpcResult } from '../shared/rpc.js';

export const CALL_CHANNEL = 'smart-album:call';
export const EVENT_CHANNEL = 'smart-album:event';

export interface IpcMainLike {
  handle(channel: string, listener: (event: unknown, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}
export interface WebContentsLike {
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}

export function registerIpc(ipcMain: IpcMainLike, dispatch: (method: string, input: unknown) => Promise<RpcResult>) {
  ipcMain.handle(CALL_CHANNEL, (_event, method, input) => (typeof method === 'string' ? dispatch(method, input) : { ok: false, error: { code: 'INVALID_INPUT', message: 'No method named.' } }));
  return () => ipcMain.removeHandler(CALL_CHANNEL);
}

/** Sends an engine event to every open window. */
export function eventSender(windows: () => WebContentsLike[]) {
  return <E extends EventName>(name: E, payload: EventPayload<E>) => {
    for (const w of windows()) if (!w.isDestroyed()) w.send(EVENT_CHANNEL, name, payload);
  };
}
