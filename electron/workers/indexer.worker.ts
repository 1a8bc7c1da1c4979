// The indexer off the UI/API thread. The same file runs as a Node worker_thread (web mode, tests)
// or as Electron's utilityProcess (the app): it opens its own engine on the data folder, becomes
// its one indexer and the catalog's one writer, answers the contract calls its host forwards
// (shared/worker-rpc.ts), scans and watches every folder, and reports progress as contract events.
import { parentPort, workerData } from 'node:worker_threads';
import type { EventName, EventPayload, ProgressEvent } from '../shared/contract.js';
import { createDispatcher } from '../shared/rpc.js';
import { serveWorker, type FromWorker, type ToWorker, type WorkerPort } from '../shared/worker-rpc.js';
import { createHandlers, type IndexingHost } from '../core/api.js';
import { SmartAlbum } from '../core/smart-album.js';

export async function runIndexWorker(port: WorkerPort, dataDir: string): Promise<void> {
  await serveWorker(port, async () => {
    const app = new SmartAlbum({ dataDir });
    try {
      await app.claimIndexing(); // before ready: a second indexer says so instead of answering
    } catch (err) {
      await app.close();
      throw err;
    }
    const send = <E extends EventName>(name: E, payload: EventPayload<E>) => port.post({ t: 'event', name, payload });
    const log = (err: unknown) => port.post({ t: 'log', message: (err as Error).message ?? String(err) });
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

    // scans, re-watching and closing one after another; API calls run meanwhile
    let queue: Promise<unknown> = Promise.resolve();
    const serially = <T>(fn: () => Promise<T>): Promise<T> => {
      const run = queue.then(fn);
      queue = run.catch(log);
      return run;
    };
    const host: IndexingHost = {
      scan: (rootId) =>
        serially(async () => {
          send('index.progress', { ...idle, stage: 'scan' });
          // watch a new folder before scanning it: a photo saved while the scan and both passes run
          // (the grid fills long before pass 2 ends) is either scanned or seen by the watcher
          await app.rewatch().catch(log);
          try {
            return await app.scanAndIndex(rootId);
          } finally {
            settle();
          }
        }),
      rewatch: () => void serially(() => app.rewatch()).catch(() => undefined), // logged by serially
      reloadModels: () => {}, // models.upgrade/use ran in this engine, which reloaded itself
    };
    // calls arrive only from our own host process, which applied the path policy before forwarding
    const dispatch = createDispatcher(createHandlers(app, host, { trustedLocalUser: true }));
    // watch every folder, then catch up with what changed while no indexer ran
    void serially(() => app.watch(log))
      .then(() => host.scan())
      .catch(() => undefined); // logged by serially
    // a folder added by another process (the CLI, while this indexer holds the lock) is scanned here
    app.onRootsChanged((added, removed) => {
      if (removed.length) host.rewatch();
      for (const id of added) void host.scan(id).catch(() => undefined); // logged by serially
    });
    return {
      dispatch,
      command: async (name) => {
        if (name === 'rewatch') host.rewatch();
        else if (name === 'reloadModels') app.reloadVision();
        else if (name === 'stop') {
          // not behind the queue: a running scan-and-index would hold the lock until the library is done
          app.indexer.stop();
          await app.indexer.whenIdle();
          await app.close();
        }
      },
    };
  });
}

/** worker_threads' parentPort, or Electron utilityProcess's process.parentPort (which wraps messages in { data }) */
interface RawPort {
  postMessage(m: FromWorker): void;
  on(event: 'message', cb: (m: unknown) => void): void;
}
const portOf = (raw: RawPort): WorkerPort => ({
  post: (m) => raw.postMessage(m),
  onMessage: (cb) => raw.on('message', (m) => cb(((m as { data?: unknown })?.data ?? m) as ToWorker)),
});

const electronPort = (process as unknown as { parentPort?: RawPort }).parentPort;
if (parentPort) void runIndexWorker(portOf(parentPort as unknown as RawPort), (workerData as { dataDir: string }).dataDir);
else if (electronPort) void runIndexWorker(portOf(electronPort), process.env.SMART_ALBUM_DATA_DIR ?? process.argv[2]!);
