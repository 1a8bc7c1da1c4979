// Catalog engine (issues 14 and 15): each indexing pass against its own bare-decode floor, with the
// model stages off, on camera JPEGs with and without the EXIF thumbnail cameras write; plus the
// rescan of a large unchanged library.
//   pass 1 (hash, EXIF, grid thumbnail, places, SQLite) against sharp's shrink-on-load decode to 320 px
//   pass 2 without models (decode to 1600 px, viewer image, pHash, SQLite) against sharp's decode to 1600 px
//   both passes against the one 1600 px decode the single-pass pipeline had as its floor
// BENCH_PHOTOS (default 2000), BENCH_RESCAN_FILES (default 100,000).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { SmartAlbum } from '../../electron/core/smart-album.js';
import { VisionService } from '../../electron/core/vision/vision.service.js';
import { makeBases, makeLibrary } from './camera-library.js';
import { benchChild, log, machine, type ChildResult } from './report.js';

const PHOTOS = Number(process.env.BENCH_PHOTOS ?? 2000);
const RESCAN_FILES = Number(process.env.BENCH_RESCAN_FILES ?? 100_000);
/** each pass within this of its floor (issue 14: the catalog benchmark under 1.3x of the bare decode) */
const TARGET = 1.3;

async function rescanBench(work: string, files: number) {
  const lib = path.join(work, 'rescan');
  const tiny = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } }).jpeg().toBuffer();
  for (let i = 0; i < files; i++) {
    const sub = path.join(lib, `f${String(Math.floor(i / 100)).padStart(4, '0')}`);
    if (i % 100 === 0) fs.mkdirSync(sub, { recursive: true });
    fs.writeFileSync(path.join(sub, `p${i}.jpg`), tiny);
  }
  const noModels = path.join(work, 'no-models-rescan');
  fs.mkdirSync(noModels, { recursive: true });
  const app = new SmartAlbum({ dataDir: path.join(work, 'rescan-data'), vision: VisionService.open(noModels) });
  await app.claimIndexing();
  const root = await app.roots.add(lib);
  let t = performance.now();
  const first = await app.scanner.scanAll(root.id);
  const firstMs = performance.now() - t;
  // Stand in for a finished index (decoding 100,000 files is what the throughput runs measure):
  // every row indexed, queue empty. The rescan must then find all of them unchanged.
  app.catalog.db.exec(`UPDATE photos SET status = 'indexed', indexed_at = 1, content_hash = 'x'; DELETE FROM jobs;`);
  t = performance.now();
  const again = await app.scanner.scanAll(root.id);
  const rescanMs = performance.now() - t;
  await app.close();
  if (again.unchanged !== files || again.queued !== 0) throw new Error(`rescan saw changes: ${JSON.stringify(again)}`);
  return { files: first.filesSeen, firstMs, rescanMs };
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const rate = (n: number, ms: number) => `${(n / (ms / 1000)).toFixed(1)}/s`;
const ok = (b: boolean) => (b ? 'met' : '**not met**');
const best = (runs: ChildResult[]) => [...runs].sort((a, b) => a.ms - b.ms)[0]!;

export async function catalogBench(): Promise<string> {
  const date = new Date().toISOString().slice(0, 10);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sa-catalog-'));
  try {
    log(`bench: catalog, ${PHOTOS} 12 MP camera JPEGs in ${work} ...`);
    const withThumbs = path.join(work, 'with');
    const without = path.join(work, 'without');
    const avgBytes = makeLibrary(withThumbs, await makeBases(path.join(work, 'bases-with'), true), PHOTOS);
    makeLibrary(without, await makeBases(path.join(work, 'bases-without'), false), PHOTOS);
    const noModels = path.join(work, 'no-models');
    fs.mkdirSync(noModels);
    const env = { SMART_ALBUM_MODELS_DIR: noModels };

    // the files were just written, so they are in the page cache for every run below
    log('bench: floors (best of 2 and 3 in flight) ...');
    const small = best([benchChild(['bare-small', without], { BENCH_CONCURRENCY: '2' }), benchChild(['bare-small', without], { BENCH_CONCURRENCY: '3' })]);
    const large = best([benchChild(['bare', without], { BENCH_CONCURRENCY: '2' }), benchChild(['bare', without], { BENCH_CONCURRENCY: '3' })]);
    log(`  320 px ${s(small.ms)} (${small.concurrency} in flight), 1600 px ${s(large.ms)} (${large.concurrency} in flight)`);
    log('bench: both passes, models off, with EXIF thumbnails ...');
    const a = benchChild(['twopass', withThumbs, path.join(work, 'data-with')], env);
    log(`  pass 1 ${s(a.browsableMs!)}, both ${s(a.ms)}, peak RSS ${a.maxRssMB.toFixed(0)} MB`);
    log('bench: both passes, models off, without EXIF thumbnails ...');
    const b = benchChild(['twopass', without, path.join(work, 'data-without')], env);
    log(`  pass 1 ${s(b.browsableMs!)}, both ${s(b.ms)}, peak RSS ${b.maxRssMB.toFixed(0)} MB`);
    fs.rmSync(withThumbs, { recursive: true, force: true });
    fs.rmSync(without, { recursive: true, force: true });
    log(`bench: rescan of ${RESCAN_FILES} unchanged files ...`);
    const rescan = await rescanBench(work, RESCAN_FILES);
    log(`  first scan ${s(rescan.firstMs)}, rescan ${(rescan.rescanMs / 1000).toFixed(2)} s`);

    const n = PHOTOS;
    const pass2 = (r: ChildResult) => r.ms - r.browsableMs!;
    const ratios = {
      p1with: a.browsableMs! / small.ms,
      p1without: b.browsableMs! / small.ms,
      p2with: pass2(a) / large.ms,
      p2without: pass2(b) / large.ms,
      bothWith: a.ms / large.ms,
      bothWithout: b.ms / large.ms,
    };
    const rss = Math.max(a.maxRssMB, b.maxRssMB);
    return `### Catalog engine — ${date}

Machine: ${machine()}.

Library: ${n.toLocaleString('en-US')} JPEGs, 4000x3000 (12 MP), ${(avgBytes / 2 ** 20).toFixed(1)} MiB each on average, camera EXIF with date and GPS, made from the real photos in test/fixtures/everyday upscaled with sensor-like noise; every file has its own bytes. "With thumbnails": a 320x240 IFD1 thumbnail written by exiftool as cameras and phones do; "without": none. Model stages off (SMART_ALBUM_MODELS_DIR points at an empty folder; they are measured in the models and two-pass sections). Each run in its own process over files warm in the page cache; floors are the faster of 2 and 3 photos in flight, the pipeline runs with the product's default (${a.concurrency} in flight).

| pass | what it does | with thumbnails | without | floor | ratio with / without | target | |
| --- | --- | --- | --- | --- | --- | --- | --- |
| pass 1 (browsable) | read, SHA-256, EXIF, grid thumbnail (EXIF thumbnail or shrink-on-load decode), places, SQLite | ${s(a.browsableMs!)} (${rate(n, a.browsableMs!)}) | ${s(b.browsableMs!)} (${rate(n, b.browsableMs!)}) | shrink-on-load decode to 320 px: ${s(small.ms)} (${rate(n, small.ms)}) | ${ratios.p1with.toFixed(2)}x / ${ratios.p1without.toFixed(2)}x | within ${TARGET}x | ${ok(ratios.p1with <= TARGET && ratios.p1without <= TARGET)} |
| pass 2, models off | read, decode to 1600 px, viewer image, pHash, SQLite | ${s(pass2(a))} (${rate(n, pass2(a))}) | ${s(pass2(b))} (${rate(n, pass2(b))}) | decode to 1600 px: ${s(large.ms)} (${rate(n, large.ms)}) | ${ratios.p2with.toFixed(2)}x / ${ratios.p2without.toFixed(2)}x | within ${TARGET}x | ${ok(ratios.p2with <= TARGET && ratios.p2without <= TARGET)} |
| both passes | everything above | ${s(a.ms)} (${rate(n, a.ms)}) | ${s(b.ms)} (${rate(n, b.ms)}) | decode to 1600 px: ${s(large.ms)} | ${ratios.bothWith.toFixed(2)}x / ${ratios.bothWithout.toFixed(2)}x | none: two decodes by design (issue 15 asks for the ratio per pass) | |

| measure | result | target | |
| --- | --- | --- | --- |
| peak RSS while indexing | ${rss.toFixed(0)} MB | under 1 GB | ${ok(rss < 1024)} |
| first scan of ${rescan.files.toLocaleString('en-US')} new files (stat + queue, no reading) | ${s(rescan.firstMs)} | | |
| rescan of the same ${rescan.files.toLocaleString('en-US')} files, unchanged | ${(rescan.rescanMs / 1000).toFixed(2)} s | under 10 s | ${ok(rescan.rescanMs < 10_000)} |

Issue 14 asked for the single-pass pipeline within 1.3x of one bare decode; issue 15 split indexing in two passes so that the library is browsable in a fraction of the time, and asks for each pass's ratio to its own floor, which is the target above. Together the passes cost more than one decode: without an EXIF thumbnail the photo is decoded twice (at 1/8 scale for the grid, then at 1/2 for the viewer image and the models); with one (what cameras and phones write), pass 1 decodes only the thumbnail but still reads and hashes the file. What that costs the whole pipeline with its models is in the two-pass section (complete time against the one-pass pipeline).
`;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
