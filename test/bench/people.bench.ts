// Assigning 100,000 synthetic face embeddings to people through the real PeopleService and SQLite:
// total time and time per 10,000 faces as the catalog grows (it must not grow like N^2).
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
  log(`bench: ${total} synthetic faces of ${identities} people (+${strangerShare * 100}% strangers) ...`);
  const photoIds: number[] = [];
  const truth: number[] = [];
  catalog.db.transaction(() => {
    for (let i = 0; i < total; i++) {
      const stranger = rand() < strangerShare;
      const who = stranger ? -1 - i : Math.floor(rand() * identities);
      const base = stranger ? l2normalize(gaussianVector(rand)) : centres[who]!;
      const g = gaussianVector(rand);
      const e = l2normalize(base.map((x, k) => x + (noise / Math.sqrt(DIM)) * g[k]!));
      const photo = Number(insPhoto.run(`/synthetic/${i}.jpg`).lastInsertRowid);
      insFace.run(photo, Buffer.from(e.buffer));
      photoIds.push(photo);
      truth.push(who);
    }
  })();
  const checkpoints: { faces: number; seconds: number; people: number }[] = [];
  let lastT = performance.now();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < photoIds.length; i++) {
    people.assignPhoto(photoIds[i]!);
    if ((i + 1) % Math.round(total / 10) === 0) {
      const t = performance.now();
      const count = catalog.people.list().length; // not timed
      checkpoints.push({ faces: i + 1, seconds: (t - lastT) / 1000, people: count });
      lastT = performance.now();
    }
  }
  const cpu = process.cpuUsage(cpu0);
  // CPU time of this process as well as wall time: on a shared machine the wall time measures the neighbours too
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const seconds = checkpoints.reduce((a, c) => a + c.seconds, 0);
  // quality on the synthetic truth: is each assigned face with its own identity?
  const byPerson = new Map<number, Map<number, number>>();
  const rows = catalog.db.prepare('SELECT photo_id, person_id FROM faces').all() as { photo_id: number; person_id: number | null }[];
  const truthOf = new Map(photoIds.map((p, i) => [p, truth[i]!]));
  let assigned = 0;
  for (const r of rows) {
    if (r.person_id === null) continue;
    assigned++;
    const m = byPerson.get(r.person_id) ?? new Map<number, number>();
    m.set(truthOf.get(r.photo_id)!, (m.get(truthOf.get(r.photo_id)!) ?? 0) + 1);
    byPerson.set(r.person_id, m);
  }
  let majority = 0;
  for (const m of byPerson.values()) majority += Math.max(...m.values());
  catalog.close();
  await vision.close();
  fs.rmSync(dir, { recursive: true, force: true });
  const first = checkpoints[0]!.seconds;
  const last = checkpoints[checkpoints.length - 1]!.seconds;
  return `### People: assigning ${total.toLocaleString('en-US')} synthetic faces — ${new Date().toISOString().slice(0, 10)}

Machine: ${machine()}. ${identities.toLocaleString('en-US')} identities plus ${strangerShare * 100}% strangers seen once; 128-d embeddings with same-person pairs at cosine ~${(1 / (1 + noise * noise)).toFixed(2)} (calibrated threshold 72% = cosine ${cosineFor(calibration, 0.72).toFixed(3)}). Each face goes through PeopleService.assignPhoto with its SQLite writes, one photo at a time.

| measure | result |
| --- | --- |
| total | ${seconds.toFixed(1)} s wall (${Math.round(total / seconds).toLocaleString('en-US')} faces/s), ${cpuSeconds.toFixed(1)} s CPU (load average ${os.loadavg()[0]!.toFixed(1)}) |
| time per ${Math.round(total / 10).toLocaleString('en-US')} faces, first vs last tenth | ${first.toFixed(2)} s vs ${last.toFixed(2)} s (${(last / first).toFixed(2)}x; quadratic growth would be ~19x) |
| people created | ${checkpoints[checkpoints.length - 1]!.people.toLocaleString('en-US')} (of ${identities.toLocaleString('en-US')} identities) |
| faces assigned | ${((assigned / total) * 100).toFixed(1)}%, of which ${((majority / Math.max(1, assigned)) * 100).toFixed(1)}% with their person's majority identity (purity) |

Per tenth: ${checkpoints.map((c) => `${c.seconds.toFixed(2)} s`).join(', ')}.
`;
}
