// One measured run in its own process, so its peak RSS is its own:
//   pipeline <lib> <dataDir>   the real indexer (scan + queue) over the library
//   twopass <lib> <dataDir>    the same, reporting when pass 1 had every photo in the grid (browsableMs), and the time
//                              to open a photo pass 2 has not reached yet (its large image made on demand, openMs)
//                              while pass 2 runs with every photo in flight (with BENCH_PROBE_OPEN=1)
//   bare-small <lib>           sharp's shrink-on-load decode to the 320 px grid size alone (pass 1's floor)
//   bare <lib>                 sharp's decode + resize alone over the same files, same concurrency
//   gif <lib> <out>            the GIF maker over the first 20 files of the library, 640 px
//   ort <lib>                  onnxruntime alone: every model run the pipeline makes on these files, on
//                              inputs prepared beforehand (untimed), 2 in flight
// SMART_ALBUM_MODELS_DIR pointing at an empty folder runs the pipeline without its model stages.
import fs from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { WORKING_SIZE } from '../../electron/core/media/decode.js';
import * as ort from 'onnxruntime-node';
import { decodePhoto } from '../../electron/core/media/decode.js';
import { makeGif } from '../../electron/core/media/gif.js';
import { mediaFor } from '../../electron/core/media/media-source.js';
import { INDEX_JOB } from '../../electron/core/library/scanner.service.js';
import { UNDERSTAND_JOB } from '../../electron/core/indexer/understand.js';
import { SmartAlbum } from '../../electron/core/smart-album.js';
import { classifierInput } from '../../electron/core/vision/classifier.js';
import { alignFace } from '../../electron/core/vision/face-align.js';
import { detectFaces, detectorInput } from '../../electron/core/vision/face-detector.js';
import { embedderInput } from '../../electron/core/vision/face-embedder.js';
import { objectDetectorInput } from '../../electron/core/vision/object-detector.js';
import { VisionService } from '../../electron/core/vision/vision.service.js';

/**
 * This process's peak RSS. /proc's VmHWM belongs to this program alone; getrusage's maxrss can
 * carry the parent's peak over fork + exec on Linux.
 */
function peakRssMB(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {
    /* not Linux */
  }
  return process.resourceUsage().maxRSS / 1024;
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(p)));
    else out.push(p);
  }
  return out.sort();
}

/** Runs work over every item, `concurrency` at a time; returns how many were done. */
async function inFlight<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<number> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
  return items.length;
}

async function main() {
  const [mode, lib, dataDir] = process.argv.slice(2);
  const started = performance.now();
  let count = 0;
  let concurrency = 0;
  if (mode === 'gif') {
    const files = (await listFiles(lib!)).slice(0, 20);
    const t0 = performance.now();
    const r = await makeGif(files, dataDir!, { size: 640, delayMs: 500 });
    process.stdout.write(`${JSON.stringify({ mode, count: r.frames, ms: performance.now() - t0, concurrency: 1, maxRssMB: peakRssMB(), bytes: r.bytes })}\n`);
    return;
  }
  if (mode === 'pipeline' || mode === 'twopass') {
    const app = new SmartAlbum({ dataDir: dataDir!, concurrency: process.env.BENCH_CONCURRENCY ? Number(process.env.BENCH_CONCURRENCY) : undefined });
    concurrency = app.indexer.concurrency;
    const root = await app.roots.add(lib!);
    // twopass: once pass 1 is done, open 5 photos pass 2 has not reached (the last queued), one after another
    let stop = false;
    const openMs: number[] = [];
    const probe = async () => {
      const { jobs, db } = app.catalog;
      const queue = () => jobs.counts(UNDERSTAND_JOB);
      while (!stop && (jobs.counts(INDEX_JOB).queued + jobs.counts(INDEX_JOB).running > 0 || queue().queued < 20)) {
        await new Promise((r) => setTimeout(r, 100));
      }
      const last = db.prepare<[string], { photo_id: number }>(`SELECT photo_id FROM jobs WHERE kind = ? AND state = 'queued' ORDER BY id DESC LIMIT 5`);
      for (const { photo_id } of stop ? [] : last.all(UNDERSTAND_JOB)) {
        const t0 = performance.now();
        const m = await mediaFor(app.catalog, `large/${photo_id}`);
        if (m.status !== 200) throw new Error(`opening photo ${photo_id} during pass 2: ${JSON.stringify(m)}`);
        openMs.push(performance.now() - t0);
      }
    };
    const probing = mode === 'twopass' && process.env.BENCH_PROBE_OPEN ? probe() : Promise.resolve();
    const { index } = await app.scanAndIndex(root.id);
    stop = true;
    await probing;
    count = index.indexed;
    if (index.failed) throw new Error(`${index.failed} failures: ${JSON.stringify(index.failures.slice(0, 3))}`);
    await app.close();
    if (mode === 'twopass') {
      const ms = performance.now() - started;
      // the scan before indexing counts towards browsable too: the user waits for both
      const browsableMs = ms - index.durationMs + (index.browsableMs ?? index.durationMs);
      process.stdout.write(`${JSON.stringify({ mode, count, ms, browsableMs, understood: index.understood, concurrency, maxRssMB: peakRssMB(), openMs })}\n`);
      return;
    }
  } else if (mode === 'bare-small') {
    sharp.cache(false);
    concurrency = Number(process.env.BENCH_CONCURRENCY ?? 2);
    count = await inFlight(await listFiles(lib!), concurrency, async (f) => {
      await sharp(await fs.readFile(f)).rotate().resize(320, 320, { fit: 'inside' }).raw().toBuffer();
    });
  } else if (mode === 'ort') {
    const files = await listFiles(lib!);
    const vision = VisionService.open(path.join(import.meta.dirname, '../../models'));
    const reg = vision.registry!;
    const specs = { cls: reg.active('classify')!, det: reg.active('face-detect')!, emb: reg.active('face-embed')!, obj: reg.active('detect')! };
    const runs: { spec: typeof specs.cls; feeds: Record<string, ort.Tensor> }[] = [];
    for (const f of files) {
      const d = await decodePhoto(await fs.readFile(f), path.basename(f), false);
      runs.push({ spec: specs.cls, feeds: { [specs.cls.input.name]: await classifierInput(d.working, specs.cls) } });
      runs.push({ spec: specs.det, feeds: { [specs.det.input.name]: (await detectorInput(specs.det, d.working)).tensor } });
      runs.push({ spec: specs.obj, feeds: { [specs.obj.input.name]: (await objectDetectorInput(specs.obj, d.working)).tensor } });
      const faces = await detectFaces(reg, specs.det, d.working);
      if (faces.length) runs.push({ spec: specs.emb, feeds: { [specs.emb.input.name]: embedderInput(specs.emb, faces.map((x) => alignFace(d.working, x.landmarks))) } });
    }
    for (const s of Object.values(specs)) await reg.session(s); // sessions loaded before timing
    concurrency = 2;
    const t0 = performance.now();
    await inFlight(runs, concurrency, async (r) => {
      await (await reg.session(r.spec)).run(r.feeds);
    });
    count = files.length;
    const ms = performance.now() - t0;
    process.stdout.write(`${JSON.stringify({ mode, count, ms, concurrency, maxRssMB: peakRssMB(), runs: runs.length })}\n`);
    await vision.close();
    return;
  } else {
    sharp.cache(false);
    concurrency = Number(process.env.BENCH_CONCURRENCY ?? 2);
    count = await inFlight(await listFiles(lib!), concurrency, async (f) => {
      const buf = await fs.readFile(f);
      await sharp(buf).rotate().resize(WORKING_SIZE, WORKING_SIZE, { fit: 'inside', withoutEnlargement: true }).raw().toBuffer();
    });
  }
  const ms = performance.now() - started;
  process.stdout.write(`${JSON.stringify({ mode, count, ms, concurrency, maxRssMB: peakRssMB() })}\n`);
}

void main();
