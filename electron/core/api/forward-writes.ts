// One writer per catalog: a host whose engine is not the indexer (the web server's, the desktop
// app's main process) answers reads from its own engine and sends every write to the indexer
// process, which runs it through its own dispatcher. Its caches then notice the indexer's commits
// (generation.repo.ts); corrections reach the indexer's people index directly.
import type { MethodArgs, MethodName, MethodOutput } from '../../shared/contract.js';
import type { Handlers } from '../../shared/rpc.js';
import { WRITE_METHODS } from '../../shared/writes.js';
import type { SmartAlbum } from '../smart-album.js';

export interface CatalogWriter {
  call<M extends MethodName>(method: M, input: MethodArgs<M>): Promise<MethodOutput<M>>;
}

export function forwardWrites(handlers: Handlers, writer: CatalogWriter, app: SmartAlbum): Handlers {
  const out: Record<string, (input: never) => unknown> = { ...handlers };
  for (const method of WRITE_METHODS) {
    out[method] = async (input: never) => {
      const result = await writer.call(method, input);
      if (method === 'models.upgrade' || method === 'models.use') app.swapVision(); // the indexer changed the models
      return result;
    };
  }
  return out as Handlers;
}
