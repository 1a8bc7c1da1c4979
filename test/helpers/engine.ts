import fs from 'node:fs';
import { spawn, type SpawnOptions } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SmartAlbum } from '../../electron/core/smart-album.js';
import { REPO } from './temp.js';

export function openEngine(dataDir: string, opts: Partial<ConstructorParameters<typeof SmartAlbum>[0]> = {}): SmartAlbum {
  return new SmartAlbum({ dataDir, ...opts });
}

/** Adds the folder and indexes it to the end. */
export async function indexFolder(app: SmartAlbum, folder: string) {
  const root = await app.roots.add(folder);
  const result = await app.scanAndIndex(root.id);
  return { root, ...result };
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI from source in a child process. */
export function runCli(args: string[], options: SpawnOptions & { env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = cliProcess(args, options);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

export function cliProcess(args: string[], options: SpawnOptions = {}) {
  return spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'electron/cli/main.ts'), ...args], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...options,
    env: { ...process.env, ...options.env },
  });
}

/** Read-only look at a catalog file, as another process would (WAL lets it read while one writes). */
export function peek<T>(dataDir: string, sql: string, ...params: unknown[]): T[] {
  const file = path.join(dataDir, 'catalog.sqlite');
  if (!fs.existsSync(file)) return [];
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    // a process killed before its first migration committed leaves an empty file
    if (!db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'photos'`).get()) return [];
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}
