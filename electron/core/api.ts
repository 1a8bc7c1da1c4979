// The contract implemented over the engine's services (never its repositories); every transport
// dispatches into this. One file per feature under api/. What takes a path or a URL goes through
// core/path-policy.ts (api-guard.ts; options.trustedLocalUser: the CLI and the indexer worker, whose
// calls come from a host that already applied the policy).
import type { Handlers } from '../shared/rpc.js';
import { guardHandlers, type HandlerOptions } from './api-guard.js';
import { libraryHandlers } from './api/library.handlers.js';
import { peopleHandlers } from './api/people.handlers.js';
import { photosHandlers } from './api/photos.handlers.js';
import { systemHandlers, type IndexingHost } from './api/system.handlers.js';
import type { SmartAlbum } from './smart-album.js';
import { screenHandlers } from './api-screens.js';
import { toAlbum } from './api/library.handlers.js';

export type { IndexingHost, HandlerOptions };
export { guardHandlers };

/** The handlers without the path policy: for hosts that apply it themselves around forwarded writes. */
export function serviceHandlers(app: SmartAlbum, host?: IndexingHost): Handlers {
  return { ...systemHandlers(app, host), ...photosHandlers(app), ...peopleHandlers(app), ...libraryHandlers(app), ...screenHandlers(app, toAlbum) };
}

export function createHandlers(app: SmartAlbum, host?: IndexingHost, options: HandlerOptions = {}): Handlers {
  return guardHandlers(app, serviceHandlers(app, host), options);
}
