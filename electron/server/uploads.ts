// Web mode's "search by image" with a dropped file: the body is streamed to the uploads folder (never
// held in memory), refused past the size limit (413) or when it is not an image (415, by its first
// bytes, not its name), a few at a time (the rest wait; past the queue, 429), and removed by the
// search that reads it (core/api-guard.ts) or by the sweeper after an hour at most.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { IMAGE_TYPE_NAMES, MAX_UPLOAD_BYTES, sniffImage } from '../core/media/image-type.js';

export { sniffImage };

export interface UploadLimits {
  maxBytes: number;
  /** uploads written at once; more wait in a queue of maxQueued, then 429 */
  maxActive: number;
  maxQueued: number;
  /** age after which the sweeper removes an upload nobody searched with */
  ttlMs: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = { maxBytes: MAX_UPLOAD_BYTES, maxActive: 4, maxQueued: 16, ttlMs: 3_600_000 };

export type UploadOutcome = { status: 200; path: string } | { status: 400 | 413 | 415 | 429 | 500; message: string };

const HEAD_BYTES = 16;
const MB = (n: number) => `${Math.round(n / (1 << 20))} MB`;

export class UploadStore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    readonly dir: string,
    readonly limits: UploadLimits = DEFAULT_UPLOAD_LIMITS,
  ) {}

  /** Empties the folder (uploads do not outlive the server) and starts the sweeper. */
  start(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
    const every = Math.min(300_000, Math.max(50, this.limits.ttlMs / 4));
    this.timer = setInterval(() => this.sweep(), every).unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Removes uploads older than the time to live; returns how many. */
  sweep(now = Date.now()): number {
    let removed = 0;
    let names: string[] = [];
    try {
      names = fs.readdirSync(this.dir);
    } catch {
      return 0; // no upload yet
    }
    for (const name of names) {
      const file = path.join(this.dir, name);
      try {
        if (now - fs.statSync(file).mtimeMs >= this.limits.ttlMs) {
          fs.rmSync(file, { force: true });
          removed++;
        }
      } catch {
        /* removed meanwhile by its search */
      }
    }
    return removed;
  }

  async receive(req: http.IncomingMessage): Promise<UploadOutcome> {
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > this.limits.maxBytes) return this.tooLarge();
    if (!(await this.acquire())) {
      const { maxActive, maxQueued } = this.limits;
      return { status: 429, message: `Too many uploads at once (${maxActive} running, ${maxQueued} waiting). Try again in a moment.` };
    }
    try {
      return await this.write(req);
    } finally {
      this.release();
    }
  }

  private tooLarge(): UploadOutcome {
    return { status: 413, message: `The file is larger than ${MB(this.limits.maxBytes)}. Search with a smaller image.` };
  }

  private async acquire(): Promise<boolean> {
    if (this.active < this.limits.maxActive) {
      this.active++;
      return true;
    }
    if (this.waiting.length >= this.limits.maxQueued) return false;
    await new Promise<void>((resolve) => this.waiting.push(resolve));
    return true; // the slot was handed over by release()
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }

  private write(req: http.IncomingMessage): Promise<UploadOutcome> {
    fs.mkdirSync(this.dir, { recursive: true });
    const id = randomUUID();
    const partial = path.join(this.dir, `${id}.part`);
    return new Promise((resolve) => {
      let size = 0;
      let head: Buffer[] = [];
      let ext: string | null = null;
      let out: fs.WriteStream | null = null;
      let settled = false;
      const finish = (outcome: UploadOutcome) => {
        if (settled) return;
        settled = true;
        req.off('data', onData).off('end', onEnd).off('close', onClose);
        if (outcome.status !== 200) {
          out?.destroy();
          fs.rm(partial, { force: true }, () => undefined);
        }
        resolve(outcome);
      };
      const put = (chunk: Buffer) => {
        if (!out) {
          out = fs.createWriteStream(partial, { flags: 'wx' });
          out.on('error', (err) => {
            finish({ status: 500, message: `The upload could not be saved (${err.message}). Check the free space of the data folder.` });
          });
        }
        if (!out.write(chunk)) {
          req.pause(); // the disk is slower than the network: hold the socket, not the bytes
          out.once('drain', () => req.resume());
        }
      };
      const typeOf = (): boolean => {
        const all = Buffer.concat(head);
        head = [];
        ext = sniffImage(all);
        if (!ext) {
          finish({ status: 415, message: `This file is not an image Smart Album can search with (${IMAGE_TYPE_NAMES}).` });
          return false;
        }
        put(all);
        return true;
      };
      const onData = (chunk: Buffer) => {
        size += chunk.length;
        if (size > this.limits.maxBytes) return finish(this.tooLarge());
        if (ext) return put(chunk);
        head.push(chunk);
        if (size >= HEAD_BYTES) typeOf();
      };
      const onEnd = () => {
        if (settled || (!ext && !typeOf())) return;
        const file = path.join(this.dir, `${id}${ext}`);
        out!.end(() => {
          try {
            fs.renameSync(partial, file);
            finish({ status: 200, path: file });
          } catch (err) {
            finish({ status: 500, message: `The upload could not be saved (${(err as Error).message}).` });
          }
        });
      };
      const onClose = () => {
        if (!req.complete) finish({ status: 400, message: 'The upload was interrupted.' });
      };
      if (req.destroyed) return finish({ status: 400, message: 'The upload was interrupted.' });
      req.on('data', onData).on('end', onEnd).on('close', onClose);
    });
  }
}
