// The desktop app's indexer: electron/workers/indexer.worker.js in Electron's utilityProcess, over
// the same worker protocol as web mode's worker thread (shared/worker-rpc.ts). It is the catalog's
// one writer: the main process forwards writes to it and reads from its own engine.
import path from 'node:path';
import type * as Electron from 'electron';
import type { EventName, EventPayload, MethodArgs, MethodName, MethodOutput } from '../shared/contract.js';
import { WorkerClient, type FromWorker } from '../shared/worker-rpc.js';

export interface IndexerProcess {
  readonly client: WorkerClient;
  call<M extends MethodName>(method: M, input: MethodArgs<M>): Promise<MethodOutput<M>>;
  stop(): Promise<void>;
}

export function forkIndexer(
  utilityProcess: Pick<typeof Electron.utilityProcess, 'fork'>,
  dataDir: string,
  onEvent: <E extends EventName>(name: E, payload: EventPayload<E>) => void,
  onLog: (message: string) => void = (m) => process.stderr.write(`smart-album indexer: ${m}\n`),
): IndexerProcess {
  const child = utilityProcess.fork(path.join(import.meta.dirname, '../workers/indexer.worker.js'), [dataDir], {
    serviceName: 'Smart Album indexer',
    env: { ...process.env, SMART_ALBUM_DATA_DIR: dataDir },
  });
  const client = new WorkerClient(
    {
      post: (m) => child.postMessage(m),
      onMessage: (cb) => child.on('message', (m: FromWorker) => cb(m)),
      onExit: (cb) => child.on('exit', (code: number) => cb(`exit code ${code}`)),
    },
    { onEvent, onLog },
  );
  return {
    client,
    call: (method, input) => client.call(method, input),
    async stop() {
      if (client.alive) await Promise.race([client.command('stop').catch(() => undefined), new Promise((r) => setTimeout(r, 10_000).unref())]);
      child.kill();
    },
  };
}
