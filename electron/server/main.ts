#!/usr/bin/env node
// npm run web [-- folders...] [--port N] [--data-dir D]: web mode on 127.0.0.1; prints the URL to open.
import path from 'node:path';
import { AppError } from '../shared/errors.js';
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
  const rendererDir = path.resolve(import.meta.dirname, '../../renderer');
  const server = await startWebServer({ dataDir, port, rendererDir });
  for (const folder of args) {
    try {
      const root = await server.app.roots.add(path.resolve(folder));
      process.stderr.write(`Added ${root.path}\n`);
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'ALREADY_EXISTS')) process.stderr.write(`${(err as Error).message}\n`);
    }
  }
  process.stdout.write(`Smart Album is running at ${server.url}\nOpen it in your browser. Ctrl-C stops it.\n`);
  const stop = () => void server.close().finally(() => process.exit(0));
  process.once('SIGINT', stop).once('SIGTERM', stop);
}

main().catch((err: Error) => {
  process.stderr.write(`smart-album web: ${err.message}\n`);
  process.exit(1);
});
