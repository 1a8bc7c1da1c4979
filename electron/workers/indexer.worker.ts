// The indexer off the UI/API thread. The same file runs as a Node worker_thread (web mode, tests)
// or as Electron's utilityProcess (the app): it opens its own engine on the data folder, becomes
// its one indexer, watches the library, and reports progress and changes as contract events.
import { parentPort, workerData } from 'node:worker_threads';
import type { EventName, EventPayload, IndexSummary, ProgressEvent, ScanSummary } from '../shared/contract.js';
import { SmartAlbum } from '../core/smart-album.js';

export type WorkerCommand = { type: 'scan'; id: number; rootId?: number } | { type: 'rewatch' } | { type: 'reload-models' } | { type: 'stop' };
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'event'; name: EventName; payload: EventPayload<EventName> }
  | { type: 'error'; message: string; id?: number }
  | { type: 'scanned'; id: number; result: { scan: ScanSummary; index: IndexSummary } }
  | { type: 'stopped' };

/** worker_threads' parentPort, or Electron utilityProcess's process.parentPort */
interface Port {
  postMessage(m: WorkerMessage): void;
  on(event: 'message', cb: (m: unknown) => void): void;
}

export async function runIndexWorker(port: Port, dataDir: string): Promise<void> {
  const app = new SmartAlbum({ dataDir });
  const send = <E extends EventName>(name: E, payload: EventPayload<E>) => port.postMessage({ type: 'event', name, payload });
  const fail = (err: unknown) => port.postMessage({ type: 'error', message: (err as Error).message ?? String(err) });
  const idle: ProgressEvent = { stage: 'idle', done: 0, total: 0, ratePerSecond: 0, etaSeconds: 0, errors: 0, current: null };
  const settle = () => void app.indexer.whenIdle().then(() => !app.indexer.busy && send('index.progress', idle));
  app.indexer.on('progress', (p) => {
    send('index.progress', p);
    if (p.done >= p.total) settle(); // a run the watcher started: say when it is over
  });
  app.indexer.on('photo', (o) => {
    const reason = o.kind === 'relinked' ? 'relinked' : o.kind === 'missing' || o.kind === 'gone' ? 'missing' : o.kind === 'failed' || o.kind === 'unsupported' ? 'failed' : o.kind === 'indexed' ? 'indexed' : null;
    if (reason) send('library.changed', { reason, photoIds: [o.photoId] });
  });
  app.events.on('models.progress', (p) => send('models.progress', p));

  let queue = Promise.resolve();
  const serially = (fn: () => Promise<void>) => (queue = queue.then(fn).catch(fail));
  port.on('message', (raw) => {
    const m = ((raw as { data?: unknown })?.data ?? raw) as WorkerCommand; // utilityProcess wraps messages in { data }
    if (m.type === 'scan')
      serially(async () => {
        send('index.progress', { ...idle, stage: 'scan' });
        try {
          const result = await app.scanAndIndex(m.rootId);
          port.postMessage({ type: 'scanned', id: m.id, result });
        } catch (err) {
          port.postMessage({ type: 'error', id: m.id, message: (err as Error).message });
        }
        await app.rewatch();
        settle();
      });
    else if (m.type === 'rewatch') serially(() => app.rewatch());
    else if (m.type === 'reload-models') serially(async () => void app.reloadVision());
    else if (m.type === 'stop')
      serially(async () => {
        await app.close();
        port.postMessage({ type: 'stopped' });
      });
  });
  try {
    await app.watch(fail);
    port.postMessage({ type: 'ready' });
    settle();
  } catch (err) {
    fail(err);
  }
}

const electronPort = (process as unknown as { parentPort?: Port }).parentPort;
if (parentPort) void runIndexWorker(parentPort as unknown as Port, (workerData as { dataDir: string }).dataDir);
else if (electronPort) void runIndexWorker(electronPort, process.env.SMART_ALBUM_DATA_DIR ?? process.argv[2]!);
