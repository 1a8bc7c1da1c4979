// One protocol between a host and its indexer worker, whichever runs it (Node worker_threads in web
// mode, Electron's utilityProcess in the app): contract calls dispatched by the worker's own
// dispatcher, a few host commands, the contract's events back, readiness, and every pending call
// rejected with a clear error when the worker goes away. Written against a tiny port shape so both
// hosts (and tests) plug in their own channel.
import type { EventName, EventPayload, MethodArgs, MethodName, MethodOutput } from './contract.js';
import { AppError } from './errors.js';
import type { RpcResult } from './rpc.js';

/** Commands only a host sends (not contract methods). */
export type WorkerCommand = 'rewatch' | 'reloadModels' | 'stop';

export type ToWorker = { t: 'call'; id: number; method: string; input: unknown } | { t: 'command'; id: number; name: WorkerCommand };
export type FromWorker =
  | { t: 'ready' }
  | { t: 'fatal'; message: string }
  | { t: 'result'; id: number; result: RpcResult }
  | { t: 'event'; name: EventName; payload: unknown }
  | { t: 'log'; message: string };

/** The host's side of the channel: worker_threads' Worker or Electron's UtilityProcess, adapted. */
export interface WorkerChannel {
  post(m: ToWorker): void;
  onMessage(cb: (m: FromWorker) => void): void;
  /** the worker exited (any code) or crashed */
  onExit(cb: (reason: string) => void): void;
}

export interface WorkerClientOptions {
  onEvent?: <E extends EventName>(name: E, payload: EventPayload<E>) => void;
  onLog?: (message: string) => void;
}

interface Pending {
  resolve: (r: unknown) => void;
  reject: (e: Error) => void;
}

/** The host's end: typed calls into the worker. Calls made before the worker is ready wait for it. */
export class WorkerClient {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private gone: AppError | null = null;
  private markReady: () => void = () => {};
  private markFailed: (e: Error) => void = () => {};
  readonly ready: Promise<void>;

  constructor(
    private readonly channel: WorkerChannel,
    private readonly options: WorkerClientOptions = {},
  ) {
    this.ready = new Promise<void>((resolve, reject) => {
      this.markReady = resolve;
      this.markFailed = reject;
    });
    this.ready.catch(() => undefined); // awaited by each call; nobody else has to
    channel.onMessage((m) => this.receive(m));
    channel.onExit((reason) => this.fail(`The indexer stopped (${reason}). Restart Smart Album; nothing was lost.`));
  }

  private receive(m: FromWorker): void {
    if (m.t === 'ready') this.markReady();
    else if (m.t === 'fatal') this.fail(`The indexer could not start: ${m.message}`);
    else if (m.t === 'event') this.options.onEvent?.(m.name, m.payload as never);
    else if (m.t === 'log') this.options.onLog?.(m.message);
    else if (m.t === 'result') {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (!p) return;
      if (m.result.ok) p.resolve(m.result.result);
      else p.reject(new AppError(m.result.error.code, m.result.error.message));
    }
  }

  /** The worker is gone: every call waiting, and every later one, fails with this. */
  private fail(message: string): void {
    if (this.gone) return;
    this.gone = new AppError('UNAVAILABLE', message);
    this.markFailed(this.gone);
    for (const p of this.pending.values()) p.reject(this.gone);
    this.pending.clear();
  }

  get alive(): boolean {
    return this.gone === null;
  }

  private async send(m: { t: 'call'; method: string; input: unknown } | { t: 'command'; name: WorkerCommand }): Promise<unknown> {
    if (this.gone) throw this.gone;
    await this.ready;
    if (this.gone) throw this.gone;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.channel.post({ ...m, id } as ToWorker);
    });
  }

  /** A contract method (input as parsed by the caller's dispatcher), validated again and run by the worker's dispatcher. */
  call<M extends MethodName>(method: M, input: MethodArgs<M>): Promise<MethodOutput<M>> {
    return this.send({ t: 'call', method, input }) as Promise<MethodOutput<M>>;
  }

  command(name: WorkerCommand): Promise<void> {
    return this.send({ t: 'command', name }) as Promise<void>;
  }
}

/** The worker's side of the channel. */
export interface WorkerPort {
  post(m: FromWorker): void;
  onMessage(cb: (m: ToWorker) => void): void;
}

export interface WorkerServer {
  dispatch(method: string, input: unknown): Promise<RpcResult>;
  command(name: WorkerCommand): Promise<void>;
}

/**
 * The worker's end: opens what it serves (the engine), says ready (or why it cannot start), then
 * answers each call. Calls run as they come; the engine orders what must not overlap.
 */
export async function serveWorker(port: WorkerPort, open: () => Promise<WorkerServer>): Promise<void> {
  let server: WorkerServer;
  try {
    server = await open();
  } catch (err) {
    port.post({ t: 'fatal', message: err instanceof Error ? err.message : String(err) });
    return;
  }
  port.onMessage((m) => {
    if (m.t === 'call') void server.dispatch(m.method, m.input).then((result) => port.post({ t: 'result', id: m.id, result }));
    else if (m.t === 'command')
      void server.command(m.name).then(
        () => port.post({ t: 'result', id: m.id, result: { ok: true, result: null } }),
        (err: Error) => port.post({ t: 'result', id: m.id, result: { ok: false, error: { code: 'INTERNAL', message: err.message } } }),
      );
  });
  port.post({ t: 'ready' });
}
