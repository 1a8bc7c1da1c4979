#!/usr/bin/env node
// npm run web [-- folders...] [--port N] [--data-dir D] [--new-token]: web mode on 127.0.0.1; prints the URL to open.
// The access key is kept in the data folder across restarts; --new-token replaces it.
import path from 'node:path';
import { defaultDataDir } from '../core/paths.js';
import { startWebServer } from './web-server.js';

async function main() {
  const args = process.argv.slice(2);
  const opt = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args.splice(i, 2)[1] : undefined;
  };
  const dataDir = path.resolve(opt('--data-dir') ?? defaultDataDir());
  const port = Number(opt('--port') ?? 0);
  const newToken = args.includes('--new-token');
  if (newToken) args.splice(args.indexOf('--new-token'), 1);
  const rendererDir = path.resolve(import.meta.dirname, '../../renderer');
  const server = await startWebServer({ dataDir, port, rendererDir, newToken });
  // added through the API like the page would: the indexer worker scans and watches them (folders
  // added before are scanned by the worker at start-up, catching what changed while it was down)
  for (const folder of args) {
    const r = await server.dispatch('roots.add', { path: path.resolve(folder) });
    if (r.ok) process.stderr.write(`Added ${(r.result as { path: string }).path}\n`);
    else if (r.error.code !== 'ALREADY_EXISTS') process.stderr.write(`${r.error.message}\n`);
  }
  process.stdout.write(`Smart Album is running at ${server.url}\nOpen it in your browser. Ctrl-C stops it.\n`);
  // the worker stops indexing and releases the library's lock before we exit; a second signal exits at once
  const stop = () => {
    process.once('SIGINT', () => process.exit(1)).once('SIGTERM', () => process.exit(1));
    void server.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop).once('SIGTERM', stop);
}

main().catch((err: Error) => {
  process.stderr.write(`smart-album web: ${err.message}\n`);
  process.exit(1);
});
