// Web mode's indexer: electron/workers/indexer.worker.ts in a worker thread, so scans and model
// runs never hold up the HTTP thread. It is the catalog's one writer: the server forwards every
// write to it over the worker protocol (shared/worker-rpc.ts); progress and changes come back as
// contract events.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EventName, EventPayload, MethodArgs, MethodName, MethodOutput } from '../shared/contract.js';
import { WorkerClient, type FromWorker } from '../shared/worker-rpc.js';

/** How long a stopping worker may take to close the catalog before it is terminated. */
const STOP_TIMEOUT_MS = 10_000;

export class WorkerIndexingHost {
  private readonly worker: Worker;
  readonly client: WorkerClient;

  constructor(
    dataDir: string,
    onEvent: <E extends EventName>(name: E, payload: EventPayload<E>) => void,
    onError: (message: string) => void = () => {},
  ) {
    // from dist/ the worker is compiled .js; from source (tests, tsx) the worker registers tsx first
    const fromSource = path.extname(import.meta.filename) === '.ts';
    const file = path.join(import.meta.dirname, '../workers', `indexer.worker${fromSource ? '.ts' : '.js'}`);
    this.worker = fromSource
      ? new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(pathToFileURL(file).href)}); });`, { eval: true, workerData: { dataDir } })
      : new Worker(file, { workerData: { dataDir } });
    const worker = this.worker;
    this.client = new WorkerClient(
      {
        post: (m) => worker.postMessage(m),
        onMessage: (cb) => worker.on('message', (m: FromWorker) => cb(m)),
        onExit: (cb) => {
          worker.on('error', (err) => {
            onError(err.message);
            cb(err.message);
          });
          worker.on('exit', (code) => cb(`exit code ${code}`));
        },
      },
      { onEvent, onLog: onError },
    );
  }

  get ready(): Promise<void> {
    return this.client.ready;
  }

  /** A contract method run by the worker's engine (the catalog's writer). */
  call<M extends MethodName>(method: M, input: MethodArgs<M>): Promise<MethodOutput<M>> {
    return this.client.call(method, input);
  }

  /** The worker thread itself, for tests that kill it. */
  get thread(): Worker {
    return this.worker;
  }

  async stop(): Promise<void> {
    if (this.client.alive) await Promise.race([this.client.command('stop').catch(() => undefined), new Promise((r) => setTimeout(r, STOP_TIMEOUT_MS).unref())]);
    await this.worker.terminate();
  }
}
