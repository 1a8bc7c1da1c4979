// Web mode's indexer: electron/workers/indexer.worker.ts in a worker thread, so scans and model
// runs never hold up the HTTP thread. It is the catalog's one writer: the server forwards every
// write to it over the worker protocol (shared/worker-rpc.ts); progress and changes come back as
// contract events.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EventName, EventPayload, MethodArgs, MethodName, MethodOutput, ProgressEvent } from '../shared/contract.js';
import { releaseOwnIndexerLock } from '../core/lock.js';
import { WorkerClient, type FromWorker } from '../shared/worker-rpc.js';

/** How long a stopping worker may take to close the catalog before it is terminated. */
const STOP_TIMEOUT_MS = 10_000;

/** How often a worker that found another indexer holding the lock tries again. */
const RETRY_MS = 2_000;
const IDLE: ProgressEvent = { stage: 'idle', done: 0, total: 0, ratePerSecond: 0, etaSeconds: 0, errors: 0, current: null };

export class WorkerIndexingHost {
  private worker!: Worker;
  client!: WorkerClient;
  private readonly first: Promise<void>;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;
  /** Set while another process holds this library's indexer lock: what the UI says meanwhile. */
  waiting: string | null = null;

  constructor(
    private readonly dataDir: string,
    private readonly onEvent: <E extends EventName>(name: E, payload: EventPayload<E>) => void,
    private readonly onError: (message: string) => void = () => {},
    private readonly retryMs = RETRY_MS,
  ) {
    this.start();
    this.first = this.client.ready;
  }

  /**
   * A worker on the data folder. When another indexer holds the lock (a closing Smart Album, the
   * CLI) it tries again every few seconds, taking the lock over once its holder is gone, and says
   * meanwhile why nothing is indexed; calls fail with that reason until then.
   */
  private start(): void {
    // from dist/ the worker is compiled .js; from source (tests, tsx) the worker registers tsx first
    const fromSource = path.extname(import.meta.filename) === '.ts';
    const file = path.join(import.meta.dirname, '../workers', `indexer.worker${fromSource ? '.ts' : '.js'}`);
    const workerData = { dataDir: this.dataDir };
    const worker = fromSource
      ? new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(pathToFileURL(file).href)}); });`, { eval: true, workerData })
      : new Worker(file, { workerData });
    this.worker = worker;
    const onError = this.onError;
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
      { onEvent: this.onEvent, onLog: onError },
    );
    this.client.ready.then(
      () => {
        if (this.waiting === null) return;
        this.waiting = null;
        this.onEvent('index.progress', IDLE); // the worker's own scan progress follows
      },
      (err: Error) => {
        const busy = /Another Smart Album indexer \(process (\d+)\)/.exec(err.message);
        if (!busy || this.stopped) return;
        const waiting = `Indexing is waiting: another Smart Album is working on this library (process ${busy[1]}).`;
        if (waiting !== this.waiting) this.onEvent('index.progress', { ...IDLE, waiting });
        this.waiting = waiting;
        this.retry = setTimeout(() => {
          if (this.stopped) return;
          void worker.terminate();
          this.start();
        }, this.retryMs);
      },
    );
  }

  /** The first worker's start: rejects when it could not take the lock (it then keeps trying). */
  get ready(): Promise<void> {
    return this.first;
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
    this.stopped = true;
    clearTimeout(this.retry);
    if (this.client.alive) await Promise.race([this.client.command('stop').catch(() => undefined), new Promise((r) => setTimeout(r, STOP_TIMEOUT_MS).unref())]);
    await this.worker.terminate();
    releaseOwnIndexerLock(this.dataDir); // a worker terminated mid-close leaves it behind: the next start must not wait for it
  }
}
