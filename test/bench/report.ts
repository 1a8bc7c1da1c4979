import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { REPO } from '../helpers/paths.js';

const FILE = path.join(REPO, 'docs/benchmarks.md');
const HEADER = `# Benchmarks

Written by \`npm run bench\` (test/bench/). Targets come from the issues; they are measured here, never asserted in unit tests.
Each section is rewritten by its own benchmark; \`BENCH_SECTIONS=people npm run bench\` runs only some.
`;

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${cpu}, ${os.availableParallelism()} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}, sharp ${sharp.versions.sharp} (libvips ${sharp.versions.vips})`;
}

/** Replaces (or appends) one section of docs/benchmarks.md, leaving the others as they are. */
export function writeSection(key: string, markdown: string): void {
  fs.mkdirSync(path.dirname(FILE), { recursive: true });
  let doc = fs.existsSync(FILE) ? fs.readFileSync(FILE, 'utf8') : HEADER;
  if (!doc.includes('<!-- section:')) doc = HEADER; // the old single-section layout
  const block = `<!-- section:${key} -->\n${markdown.trim()}\n<!-- /section:${key} -->\n`;
  const re = new RegExp(`<!-- section:${key} -->[\\s\\S]*?<!-- /section:${key} -->\\n?`);
  doc = re.test(doc) ? doc.replace(re, block) : `${doc.trimEnd()}\n\n${block}`;
  fs.writeFileSync(FILE, doc);
}

export const wanted = (section: string) => !process.env.BENCH_SECTIONS || process.env.BENCH_SECTIONS.split(',').includes(section);
export const log = (s: string) => process.stderr.write(`${s}\n`);

export interface ChildResult {
  mode: string;
  count: number;
  ms: number;
  concurrency: number;
  maxRssMB: number;
  runs?: number;
  browsableMs?: number;
  understood?: number;
  /** twopass with BENCH_PROBE_OPEN: opening photos pass 2 had not reached, ms each */
  openMs?: number[];
}

/** One measured run of test/bench/index-child.ts in its own process (its own peak RSS). */
export function benchChild(args: string[], env: NodeJS.ProcessEnv = {}): ChildResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO, 'test/bench/index-child.ts'), ...args], {
    cwd: REPO,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`bench child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as ChildResult;
}
