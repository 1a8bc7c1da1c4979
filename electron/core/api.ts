// The contract implemented over the engine's services (never its repositories); every transport
// dispatches into this. One file per feature under api/.
import type { Handlers } from '../shared/rpc.js';
import { libraryHandlers } from './api/library.handlers.js';
import { peopleHandlers } from './api/people.handlers.js';
import { photosHandlers } from './api/photos.handlers.js';
import { systemHandlers, type IndexingHost } from './api/system.handlers.js';
import type { SmartAlbum } from './smart-album.js';

export type { IndexingHost };

export function createHandlers(app: SmartAlbum, host?: IndexingHost): Handlers {
  const handlers: Handlers = { ...systemHandlers(app, host), ...photosHandlers(app), ...peopleHandlers(app), ...libraryHandlers(app) };
  return handlers;
}
