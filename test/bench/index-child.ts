// One measured run in its own process, so its peak RSS is its own:
//   pipeline <lib> <dataDir>   the real indexer (scan + queue) over the library
//   bare <lib>                 sharp's decode + resize alone over the same files, same concurrency
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { WORKING_SIZE } from '../../electron/core/media/decode.js';
import { SmartAlbum } from '../../electron/core/smart-album.js';

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(p)));
    else out.push(p);
  }
  return out.sort();
}

async function main() {
  const [mode, lib, dataDir] = process.argv.slice(2);
  const started = performance.now();
  let count = 0;
  let concurrency = 0;
  if (mode === 'pipeline') {
    const app = new SmartAlbum({ dataDir: dataDir!, concurrency: process.env.BENCH_CONCURRENCY ? Number(process.env.BENCH_CONCURRENCY) : undefined });
    concurrency = app.indexer.concurrency;
    const root = await app.roots.add(lib!);
    const { index } = await app.scanAndIndex(root.id);
    count = index.indexed;
    if (index.failed) throw new Error(`${index.failed} failures: ${JSON.stringify(index.failures.slice(0, 3))}`);
    await app.close();
  } else {
    sharp.cache(false);
    const files = await listFiles(lib!);
    concurrency = Number(process.env.BENCH_CONCURRENCY ?? 2);
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < files.length) {
          const f = files[next++]!;
          const buf = await fs.readFile(f);
          await sharp(buf).rotate().resize(WORKING_SIZE, WORKING_SIZE, { fit: 'inside', withoutEnlargement: true }).raw().toBuffer();
          count++;
        }
      }),
    );
  }
  const ms = performance.now() - started;
  process.stdout.write(`${JSON.stringify({ mode, count, ms, concurrency, maxRssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
}

void main();
