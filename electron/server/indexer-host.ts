// Web mode's indexer: electron/workers/indexer.worker.ts in a worker thread, so scans and model
// runs never hold up the HTTP thread. Progress and changes come back as contract events.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EventName, EventPayload } from '../shared/contract.js';
import { AppError } from '../shared/errors.js';
import type { IndexingHost } from '../core/api.js';
import type { WorkerCommand, WorkerMessage } from '../workers/indexer.worker.js';

export class WorkerIndexingHost implements IndexingHost {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (r: never) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  readonly ready: Promise<void>;

  constructor(
    dataDir: string,
    private readonly onEvent: <E extends EventName>(name: E, payload: EventPayload<E>) => void,
    onError: (message: string) => void = () => {},
  ) {
    // from dist/ the worker is compiled .js; from source (tests, tsx) the worker registers tsx first
    const fromSource = path.extname(import.meta.filename) === '.ts';
    const file = path.join(import.meta.dirname, '../workers', `indexer.worker${fromSource ? '.ts' : '.js'}`);
    this.worker = fromSource
      ? new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(pathToFileURL(file).href)}); });`, { eval: true, workerData: { dataDir } })
      : new Worker(file, { workerData: { dataDir } });
    let markReady: () => void = () => {};
    this.ready = new Promise<void>((r) => (markReady = r));
    this.worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'ready') markReady();
      else if (m.type === 'event') this.onEvent(m.name, m.payload);
      else if (m.type === 'scanned') this.settle(m.id, (p) => p.resolve(m.result as never));
      else if (m.type === 'error') {
        if (m.id !== undefined) this.settle(m.id, (p) => p.reject(new AppError('INTERNAL', m.message)));
        else onError(m.message);
      }
    });
    this.worker.on('error', (err) => onError(err.message));
  }

  private settle(id: number, fn: (p: { resolve: (r: never) => void; reject: (e: Error) => void }) => void) {
    const p = this.pending.get(id);
    this.pending.delete(id);
    if (p) fn(p);
  }

  private send(m: WorkerCommand) {
    this.worker.postMessage(m);
  }

  scan(rootId?: number) {
    const id = this.nextId++;
    return new Promise<Awaited<ReturnType<IndexingHost['scan']>>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (r: never) => void, reject });
      this.send({ type: 'scan', id, rootId });
    });
  }

  rewatch() {
    this.send({ type: 'rewatch' });
  }

  reloadModels() {
    this.send({ type: 'reload-models' });
  }

  async stop(): Promise<void> {
    const stopped = new Promise<void>((r) => this.worker.on('message', (m: WorkerMessage) => m.type === 'stopped' && r()));
    this.send({ type: 'stop' });
    await Promise.race([stopped, new Promise((r) => setTimeout(r, 10_000))]);
    await this.worker.terminate();
  }
}
