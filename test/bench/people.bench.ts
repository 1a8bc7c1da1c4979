// Assigning synthetic face embeddings (100,000 by default, BENCH_FACES up to 1,000,000) to people
// through the real PeopleService and SQLite: total time, and time and memory per tenth as the catalog
// grows (it must not grow like N^2). Faces arrive as an indexer writes them: a batch of photos is
// written, then each photo is assigned; nothing holds all the faces in memory at once (embeddings are
// regenerated from the seed, the truth is one Int32Array), so 1,000,000 faces fit in memory.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCatalog } from '../../electron/core/catalog.js';
import { cosineFor } from '../../electron/core/people/calibration.js';
import { PeopleService } from '../../electron/core/people/people.service.js';
import { l2normalize } from '../../electron/core/vision/face-embedder.js';
import { VisionService } from '../../electron/core/vision/vision.service.js';
import { REPO } from '../helpers/paths.js';
import { log, machine } from './report.js';

const DIM = 128;

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0), s / 2 ** 32);
}

function gaussianVector(rand: () => number): Float32Array {
  const v = new Float32Array(DIM);
  for (let i = 0; i < DIM; i++) v[i] = Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  return v;
}


export async function peopleBench(total = Number(process.env.BENCH_FACES ?? 100_000)): Promise<string> {
  const identities = Math.max(10, Math.round(total / 50));
  const strangerShare = 0.1;
  const vision = VisionService.open(path.join(REPO, 'models'));
  const calibration = vision.calibration();
  if (!calibration) throw new Error('no calibration in the manifest');
  // noise chosen so same-person cosine lands around 0.6, as real same-person pairs do
  const noise = 0.85;
  const rand = rng(7);
  const centres = Array.from({ length: identities }, () => l2normalize(gaussianVector(rand)));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sa-people-'));
  const catalog = openCatalog({ dataDir: dir });
  const people = new PeopleService(catalog, calibration);
  const insPhoto = catalog.db.prepare(`INSERT INTO photos (path, file_name, size, mtime_ms, status, first_seen_at) VALUES (?, 'f.jpg', 1, 1, 'indexed', 1)`);
  const insFace = catalog.db.prepare(
    `INSERT INTO faces (photo_id, x, y, w, h, landmarks, score, sharpness, size_px, quality_ok, embedding, model) VALUES (?, 0.1, 0.1, 0.2, 0.2, '[]', 0.95, 500, 120, 1, ?, 'synthetic')`,
  );
  const countPeople = catalog.db.prepare('SELECT COUNT(*) FROM people').pluck();
  log(`bench: ${total} synthetic faces of ${identities} people (+${strangerShare * 100}% strangers) ...`);
  /** identity of each face (photo ids are 1..total in this fresh catalog); strangers are -1 */
  const truth = new Int32Array(total);
  const writeBatch = (from: number, to: number) =>
    catalog.db.transaction(() => {
      for (let i = from; i < to; i++) {
        const stranger = rand() < strangerShare;
        const who = stranger ? -1 : Math.floor(rand() * identities);
        const base = stranger ? l2normalize(gaussianVector(rand)) : centres[who]!;
        const g = gaussianVector(rand);
        const e = l2normalize(base.map((x, k) => x + (noise / Math.sqrt(DIM)) * g[k]!));
        const photo = Number(insPhoto.run(`/synthetic/${i}.jpg`).lastInsertRowid);
        if (photo !== i + 1) throw new Error('the bench expects photo ids 1..N in a fresh catalog');
        insFace.run(photo, Buffer.from(e.buffer));
        truth[i] = who;
      }
    })();
  people.offerWaiting(); // builds the (empty) index now, so the batches below are assigned, not re-read
  const tenth = Math.max(1, Math.round(total / 10));
  const BATCH = 1000;
  const checkpoints: { faces: number; seconds: number; cpu: number; people: number; rssMB: number; heapMB: number }[] = [];
  let assignMs = 0;
  let writeMs = 0;
  let cpuAtTenth = process.cpuUsage();
  const PHOTOS_PER_COMMIT = 100;
  const beginStmt = catalog.db.prepare('BEGIN');
  const commitStmt = catalog.db.prepare('COMMIT');
  const begin = () => {
    beginStmt.run();
    return { commit: () => commitStmt.run() };
  };
  let open: { commit: () => void } | null = null;
  let msAtTenth = 0;
  const cpu0 = process.cpuUsage();
  for (let from = 0; from < total; from += BATCH) {
    const to = Math.min(total, from + BATCH);
    let t = performance.now();
    writeBatch(from, to);
    writeMs += performance.now() - t;
    t = performance.now();
    for (let i = from; i < to; i++) {
      // In the indexer a photo's people run inside its pass-2 transaction, whose commit pass 2 pays
      // anyway (understand.ts): here PHOTOS_PER_COMMIT photos share one, so the commit is not counted per photo.
      if ((i - from) % PHOTOS_PER_COMMIT === 0) {
        if (open) open.commit();
        open = begin();
      }
      people.assignPhoto(i + 1);
      if (i + 1 === to) {
        open?.commit();
        open = null;
      }
      if ((i + 1) % tenth !== 0 && i + 1 !== total) continue;
      assignMs += performance.now() - t;
      const mem = process.memoryUsage();
      const cpu = process.cpuUsage(cpuAtTenth); // includes the tenth's writes: CPU is the process's
      checkpoints.push({
        faces: i + 1,
        seconds: (assignMs - msAtTenth) / 1000,
        cpu: (cpu.user + cpu.system) / 1e6,
        people: countPeople.get() as number, // not timed
        rssMB: mem.rss / 2 ** 20,
        heapMB: mem.heapUsed / 2 ** 20,
      });
      msAtTenth = assignMs;
      cpuAtTenth = process.cpuUsage();
      t = performance.now();
    }
    assignMs += performance.now() - t;
  }
  const cpu = process.cpuUsage(cpu0);
  // CPU time of this process as well as wall time: on a shared machine the wall time measures the neighbours too
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const seconds = assignMs / 1000;
  // quality on the synthetic truth: is each assigned face with its own identity? (streamed: no array of all rows)
  const byPerson = new Map<number, Map<number, number>>();
  let assigned = 0;
  for (const r of catalog.db.prepare('SELECT photo_id, person_id FROM faces WHERE person_id IS NOT NULL').iterate() as Iterable<{ photo_id: number; person_id: number }>) {
    assigned++;
    const who = truth[r.photo_id - 1]! < 0 ? -r.photo_id : truth[r.photo_id - 1]!; // each stranger is their own identity
    const m = byPerson.get(r.person_id) ?? new Map<number, number>();
    m.set(who, (m.get(who) ?? 0) + 1);
    byPerson.set(r.person_id, m);
  }
  let majority = 0;
  for (const m of byPerson.values()) majority += Math.max(...m.values());
  const peakRssMB = process.resourceUsage().maxRSS / 1024;
  catalog.close();
  await vision.close();
  fs.rmSync(dir, { recursive: true, force: true });
  const first = checkpoints[0]!;
  const second = checkpoints[1] ?? first;
  const last = checkpoints[checkpoints.length - 1]!;
  const n = (x: number) => x.toLocaleString('en-US');
  return `### People: assigning ${n(total)} synthetic faces — ${new Date().toISOString().slice(0, 10)}

Machine: ${machine()}. ${n(identities)} identities plus ${strangerShare * 100}% strangers seen once; 128-d embeddings with same-person pairs at cosine ~${(1 / (1 + noise * noise)).toFixed(2)} (calibrated threshold 72% = cosine ${cosineFor(calibration, 0.72).toFixed(3)}). Faces are written ${n(BATCH)} photos per transaction (${(writeMs / 1000).toFixed(1)} s, not counted), then each photo goes through PeopleService.assignPhoto with its SQLite writes, one at a time, inside a transaction of ${n(PHOTOS_PER_COMMIT)} photos (in the indexer it runs inside each photo's pass-2 transaction, whose commit is pass 2's own cost).

| measure | result |
| --- | --- |
| total | ${seconds.toFixed(1)} s wall (${n(Math.round(total / seconds))} faces/s), ${cpuSeconds.toFixed(1)} s CPU with the writes (load average ${os.loadavg()[0]!.toFixed(1)}) |
| time per ${n(tenth)} faces, first, second and last tenth | ${first.seconds.toFixed(2)} s, ${second.seconds.toFixed(2)} s, ${last.seconds.toFixed(2)} s (last/second ${(last.seconds / second.seconds).toFixed(2)}x; cost growing with N, quadratic in all, would make it ~6.3x, and ~19x from the first) |
| people created | ${n(last.people)} (of ${n(identities)} identities) |
| faces assigned | ${((assigned / total) * 100).toFixed(1)}%, of which ${((majority / Math.max(1, assigned)) * 100).toFixed(1)}% with their person's majority identity (purity) |
| memory | peak RSS ${peakRssMB.toFixed(0)} MB; RSS after the first tenth ${first.rssMB.toFixed(0)} MB, after the last ${last.rssMB.toFixed(0)} MB |

| tenth | faces | wall s | CPU s | people | RSS MB | JS heap MB |
| --- | --- | --- | --- | --- | --- | --- |
${checkpoints.map((c, i) => `| ${i + 1} | ${n(c.faces)} | ${c.seconds.toFixed(2)} | ${c.cpu.toFixed(2)} | ${n(c.people)} | ${c.rssMB.toFixed(0)} | ${c.heapMB.toFixed(0)} |`).join('\n')}
`;
}
