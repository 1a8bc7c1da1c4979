// Issue 14: web mode's server (1) under a bounded loopback load of photos.list and thumbnail
// requests while its worker indexes a generated library, then idle for comparison, and (2) its peak
// RSS during 10 parallel uploads of BENCH_UPLOAD_MB (200 MB by default; target under 400 MB).
// The server runs in its own process; its peak RSS is read from /proc/<pid>/status (VmHWM).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import sharp from 'sharp';
import { pictureRaw } from '../helpers/images.js';
import { REPO } from '../helpers/paths.js';
import { log, machine } from './report.js';

const PHOTOS = Number(process.env.BENCH_SERVER_PHOTOS ?? 300);
const UPLOAD_MB = Number(process.env.BENCH_UPLOAD_MB ?? 200);
const UPLOADS = 10;
const CLIENTS = 4; // requests in flight from the load loop
const MAX_LOAD_MS = 120_000;
const IDLE_MS = 5_000;

interface Child {
  proc: ChildProcess;
  port: number;
  token: string;
  pid: number;
}

async function startServer(dataDir: string): Promise<Child> {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'test/bench/server-child.ts'), dataDir], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: proc.stdout! }).once('line', resolve);
    proc.once('exit', (code) => reject(new Error(`the server exited (${code})`)));
  });
  const { url, token, pid } = JSON.parse(line) as { url: string; token: string; pid: number };
  return { proc, port: Number(new URL(url).port), token, pid };
}

async function stopServer(c: Child) {
  const exited = new Promise((r) => c.proc.once('exit', r));
  c.proc.kill('SIGTERM');
  await exited;
}

/** [current RSS, peak RSS] of the process in MB. */
function rssMB(pid: number): [number, number] {
  const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+) kB`).exec(s)?.[1] ?? 0) / 1024;
  return [kb('VmRSS'), kb('VmHWM')];
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

function request(c: Child, method: string, p: string, body?: string | fs.ReadStream): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: c.port, method, path: p, agent, headers: { 'x-smart-album-token': c.token, 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    if (body instanceof fs.ReadStream) body.pipe(req);
    else req.end(body);
  });
}

const call = async <T>(c: Child, method: string, input: unknown): Promise<T> => {
  const r = JSON.parse((await request(c, 'POST', `/api/${method}`, JSON.stringify(input))).body.toString()) as { ok: boolean; result: T; error?: { message: string } };
  if (!r.ok) throw new Error(`${method}: ${r.error?.message}`);
  return r.result;
};

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] ?? NaN;

/** The mixed load for `ms` or until `until()` says stop: half photos.list pages, half thumbnails of indexed photos. */
async function load(c: Child, ms: number, until: () => boolean) {
  const times: number[] = [];
  let errors = 0;
  let ids: number[] = [];
  let n = 0;
  const start = performance.now();
  const one = async () => {
    const i = n++;
    const t = performance.now();
    if (i % 2 === 0 || !ids.length) {
      const page = await call<{ total: number; items: { id: number; hasThumbnail: boolean }[] }>(c, 'photos.list', { limit: 100, offset: (i * 50) % Math.max(1, PHOTOS - 100) });
      ids = page.items.filter((p) => p.hasThumbnail).map((p) => p.id).concat(ids).slice(0, 500);
    } else {
      const r = await request(c, 'GET', `/media/small/${ids[i % ids.length]}`);
      if (r.status !== 200) errors++;
    }
    times.push(performance.now() - t);
  };
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() - start < ms && !until()) await one();
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  return { requests: times.length, seconds, perSecond: times.length / seconds, p50: pct(times, 50), p95: pct(times, 95), errors };
}

async function underLoad(work: string) {
  const lib = path.join(work, 'library');
  fs.mkdirSync(lib, { recursive: true });
  log(`bench: server: making ${PHOTOS} 3 MP JPEGs ...`);
  for (let i = 0; i < PHOTOS; i++) await (await pictureRaw(2048, 1536, i + 1)).jpeg({ quality: 88 }).toFile(path.join(lib, `IMG_${String(i).padStart(5, '0')}.jpg`));
  const c = await startServer(path.join(work, 'data-load'));
  try {
    await call(c, 'roots.add', { path: lib }); // the worker scans and indexes it
    let indexed = 0;
    let done = false;
    const poll = setInterval(() => {
      void call<{ photos: { indexed?: number; total: number; pending: number }; queue: { queued: number; running: number } }>(c, 'library.status', {}).then((s) => {
        indexed = s.photos.indexed ?? 0;
        done = s.photos.total >= PHOTOS && s.photos.pending === 0 && s.queue.queued === 0 && s.queue.running === 0;
      });
    }, 250);
    const t0 = performance.now();
    log('bench: server: load while indexing ...');
    const busy = await load(c, MAX_LOAD_MS, () => done);
    const indexMs = performance.now() - t0;
    clearInterval(poll);
    log(`  ${busy.perSecond.toFixed(0)} req/s, p95 ${busy.p95.toFixed(1)} ms, ${indexed} photos indexed meanwhile`);
    while (!done) await new Promise((r) => setTimeout(r, 250)); // let indexing end before the idle run
    log('bench: server: load while idle ...');
    const idle = await load(c, IDLE_MS, () => false);
    log(`  ${idle.perSecond.toFixed(0)} req/s, p95 ${idle.p95.toFixed(1)} ms`);
    return { busy, idle, indexed, indexMs, peakMB: rssMB(c.pid)[1] };
  } finally {
    await stopServer(c);
  }
}

async function uploads(work: string) {
  const file = path.join(work, 'upload.jpg');
  // a real JPEG then padding: the server sniffs the first bytes and streams the rest to disk
  const head = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#468' } }).jpeg().toBuffer();
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, head);
  const pad = Buffer.alloc(1 << 20, 7);
  for (let left = UPLOAD_MB * 2 ** 20 - head.length; left > 0; left -= pad.length) fs.writeSync(fd, pad, 0, Math.min(left, pad.length));
  fs.closeSync(fd);
  const bytes = fs.statSync(file).size;
  const c = await startServer(path.join(work, 'data-upload'));
  try {
    await new Promise((r) => setTimeout(r, 1000));
    const [before] = rssMB(c.pid);
    log(`bench: server: ${UPLOADS} parallel uploads of ${(bytes / 2 ** 20).toFixed(0)} MB ...`);
    let peakSeen = 0;
    const sampler = setInterval(() => (peakSeen = Math.max(peakSeen, rssMB(c.pid)[0])), 50);
    const t = performance.now();
    const results = await Promise.all(Array.from({ length: UPLOADS }, () => request(c, 'POST', '/upload', fs.createReadStream(file))));
    const seconds = (performance.now() - t) / 1000;
    clearInterval(sampler);
    const [, hwm] = rssMB(c.pid);
    const ok = results.filter((r) => r.status === 200).length;
    log(`  ${ok}/${UPLOADS} stored in ${seconds.toFixed(1)} s; RSS ${before.toFixed(0)} MB before, peak ${hwm.toFixed(0)} MB`);
    return { bytes, ok, seconds, before, peak: Math.max(hwm, peakSeen) };
  } finally {
    await stopServer(c);
  }
}

export async function serverBench(): Promise<string> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sa-bench-server-'));
  try {
    const l = await underLoad(work);
    const u = await uploads(work);
    const date = new Date().toISOString().slice(0, 10);
    const row = (name: string, r: typeof l.busy) => `| ${name} | ${r.requests} in ${r.seconds.toFixed(1)} s | ${r.perSecond.toFixed(0)} | ${r.p50.toFixed(1)} ms | ${r.p95.toFixed(1)} ms | ${r.errors} |`;
    return `### Web mode server — ${date}

Machine: ${machine()}.

Load: ${CLIENTS} requests in flight from a loopback client in another process, alternating \`photos.list\` (100 per page) and \`/media/small/<id>\` thumbnails of indexed photos, with the token in a header, while the server's worker indexes ${PHOTOS} generated 3 MP JPEGs (${l.indexed} indexed during the ${(l.indexMs / 1000).toFixed(1)} s run), then for ${IDLE_MS / 1000} s once indexing is over. Server peak RSS over the whole run (worker included): ${l.peakMB.toFixed(0)} MB.

| phase | requests | requests/s | p50 | p95 | failed |
| --- | --- | --- | --- | --- | --- |
${row('while indexing', l.busy)}
${row('idle', l.idle)}

Uploads: a fresh server with no library; ${UPLOADS} clients POST /upload at once. Before issue 14 the server held every body in memory (10 x 199 MB reached 2.9 GB RSS).

| measure | result | target | |
| --- | --- | --- | --- |
| server RSS during ${UPLOADS} parallel uploads of ${(u.bytes / 2 ** 20).toFixed(0)} MB (streamed to disk, 4 written at once, the rest queued) | peak ${u.peak.toFixed(0)} MB (${u.before.toFixed(0)} MB before); ${u.ok}/${UPLOADS} stored in ${u.seconds.toFixed(1)} s | under 400 MB | ${u.peak < 400 ? 'met' : '**not met**'} |
`;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
