// npm run bench: every benchmark, each rewriting its section of docs/benchmarks.md.
//   catalog: each indexing pass (models off) vs. its bare decode floor, rescan of a large unchanged catalog, peak memory
//   models:  detection / people / category quality on the fixtures, model stages vs. bare onnxruntime
//   seresnext: SE-ResNeXt-50 vs SqueezeNet images/s, and the share of indexing time each takes
//   people:  assigning 100,000 synthetic face embeddings (people-1m: 1,000,000, only when named)
//   library: similar-image query over 100k vectors, reverse geocoding 100k points, GIF of 20 12 MP photos
//   ui:      the app in Chromium over 100k photos: first paint, scrolling, opening a photo
//   server:  web mode's server under load while indexing (requests/s, p95), peak RSS during 10 parallel uploads
//   exif:    EXIF parsing of a hostile self-referencing file vs. an ordinary camera JPEG
//   search:  search everything over 100k catalogued photos: query and suggestion times, index build and size
//   twopass: time to browsable and to complete in two passes vs. the one-pass pipeline, 20,000-photo projection
// Choose with BENCH_SECTIONS=catalog,models,seresnext,people,library,ui,server,exif,search,twopass; sizes: BENCH_PHOTOS,
// BENCH_RESCAN_FILES, BENCH_FACES, BENCH_SERVER_PHOTOS, BENCH_UPLOAD_MB, BENCH_SEARCH_PHOTOS, BENCH_TWOPASS_PHOTOS.
import { catalogBench } from './catalog.bench.js';
import { modelsBench } from './models.bench.js';
import { peopleBench } from './people.bench.js';
import { seresnextBench } from './seresnext.bench.js';
import { libraryBench } from './library.bench.js';
import { exifBench } from './exif.bench.js';
import { uiBench } from './ui.bench.js';
import { serverBench } from './server.bench.js';
import { searchBench } from './search.bench.js';
import { twoPassBench } from './two-pass.bench.js';
import { log, wanted, writeSection } from './report.js';

async function main() {
  const sections: [string, () => Promise<string>][] = [
    ['catalog', catalogBench],
    ['models', modelsBench],
    ['seresnext', seresnextBench],
    ['people', () => peopleBench()],
    // 1,000,000 faces (linearity; ~1 GB, several minutes): only when named, BENCH_SECTIONS=people-1m
    ['people-1m', () => peopleBench(1_000_000)],
    ['library', libraryBench],
    ['ui', uiBench],
    ['server', serverBench],
    ['exif', exifBench],
    ['search', searchBench],
    ['twopass', twoPassBench],
  ];
  for (const [name, run] of sections) {
    if (!wanted(name) || (name === 'people-1m' && !process.env.BENCH_SECTIONS?.split(',').includes(name))) continue;
    const md = await run();
    writeSection(name, md);
    process.stdout.write(`${md}\n`);
  }
  log('bench: wrote docs/benchmarks.md');
}

void main();
