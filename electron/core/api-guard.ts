// The refusals of core/path-policy.ts wrapped around the handlers that take a path or a URL, so
// every host (Electron IPC, web mode, CLI) gets them from createHandlers.
import fs from 'node:fs';
import type { Handlers } from '../shared/rpc.js';
import { AccessPolicy } from './path-policy.js';
import type { SmartAlbum } from './smart-album.js';

export interface HandlerOptions {
  /** the caller is the local user at a command line (the CLI): any file or URL they typed is theirs */
  trustedLocalUser?: boolean;
  /** shared with the host, e.g. the desktop app's folder picker records the folders the user chose */
  access?: AccessPolicy;
}

export function guardHandlers(app: SmartAlbum, handlers: Handlers, options: HandlerOptions = {}): Handlers {
  const access = options.access ?? new AccessPolicy(app.catalog, options.trustedLocalUser ?? false);
  const { 'gif.make': gif, 'search.similar': similar, 'faces.search': faces, 'models.upgrade': upgrade } = handlers;
  // an uploaded query image is read once by its search, then removed
  const readingQuery = async <T>(input: object, run: () => T | Promise<T>): Promise<T> => {
    const upload = 'imagePath' in input && typeof input.imagePath === 'string' ? access.checkQueryImage(input.imagePath).upload : false;
    try {
      return await run();
    } finally {
      if (upload) fs.rmSync((input as { imagePath: string }).imagePath, { force: true });
    }
  };
  return {
    ...handlers,
    'gif.make': (input) => {
      access.checkGifTarget(input.out);
      return gif(input);
    },
    'search.similar': (input) => readingQuery(input, () => similar(input)),
    'faces.search': (input) => readingQuery(input, () => faces(input)),
    'models.upgrade': (input) => upgrade({ ...input, url: access.checkModelSource(input) }),
  };
}
