// What the preload exposes as window.smartAlbum: call, on, mediaUrl, upload, and nothing else (no Node,
// no ipcRenderer). Kept apart from preload.ts so tests can build it over a fake ipcRenderer.
import type { Transport } from '../shared/client.js';
import type { RpcResult } from '../shared/rpc.js';

export const CALL_CHANNEL = 'smart-album:call';
export const EVENT_CHANNEL = 'smart-album:event';
export const UPLOAD_CHANNEL = 'smart-album:upload';

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): void;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): void;
}

export function createBridge(ipc: IpcRendererLike): Transport {
  return {
    call: (method, input) => ipc.invoke(CALL_CHANNEL, String(method), input) as Promise<RpcResult>,
    on(event, cb) {
      const listener = (_e: unknown, name: unknown, payload: unknown) => name === event && cb(payload);
      ipc.on(EVENT_CHANNEL, listener as (event: unknown, ...args: unknown[]) => void);
      return () => ipc.removeListener(EVENT_CHANNEL, listener as (event: unknown, ...args: unknown[]) => void);
    },
    mediaUrl: (kind, id) => `photo://media/${kind}/${Number(id)}`,
    upload: (bytes) => ipc.invoke(UPLOAD_CHANNEL, bytes) as Promise<RpcResult<{ path: string }>>,
  };
}
