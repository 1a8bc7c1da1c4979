// Resumable download of a large file: `dest.part` grows across runs (HTTP Range with If-Range),
// redirects are followed by hand so a Hugging Face-style published checksum (x-linked-etag /
// x-linked-size) is seen, and the file is checked for size and SHA-256 before it takes its name.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/errors.js';

export interface DownloadProgress {
  received: number;
  total: number | null;
  bytesPerSecond: number;
  etaSeconds: number | null;
}

export interface DownloadOptions {
  /** hex SHA-256 the file must have (else the server's published one is used, if any) */
  sha256?: string | null;
  bytes?: number | null;
  onProgress?: (p: DownloadProgress) => void;
  signal?: AbortSignal;
  /** abort a connection that sends nothing for this long (default 30 s) */
  stallMs?: number;
  /** resumes after a dropped connection before giving up (default 5) */
  retries?: number;
}

export interface DownloadResult {
  file: string;
  bytes: number;
  sha256: string;
  /** where the expected checksum came from */
  checksum: 'configured' | 'server' | 'none';
  resumedFrom: number;
}

interface PartMeta {
  url: string;
  validator: string | null;
  total: number | null;
  serverSha256: string | null;
}

const OFFLINE_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ENETUNREACH', 'EHOSTUNREACH', 'ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT']);
const HEX64 = /^[0-9a-f]{64}$/;

export async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

function errorCode(err: unknown): string | undefined {
  const e = err as { code?: string; cause?: { code?: string; errors?: { code?: string }[] } };
  return e?.cause?.code ?? e?.cause?.errors?.[0]?.code ?? e?.code;
}

function offline(url: string, err: unknown): AppError {
  return new AppError(
    'UNAVAILABLE',
    `Cannot reach ${new URL(url).host} (${errorCode(err) ?? (err as Error).message}): this computer seems to be offline or the server is down. Nothing was changed; try again when online — the download resumes where it stopped.`,
  );
}

const unquote = (s: string | null) => (s ? s.replace(/^W\//, '').replace(/^"|"$/g, '') : null);

/** GET with Range, following up to 5 redirects by hand; returns the final response and what the hops published. */
async function request(url: string, headers: Record<string, string>, signal: AbortSignal) {
  let published: { sha256: string | null; size: number | null } = { sha256: null, size: null };
  for (let hop = 0; hop < 6; hop++) {
    let res: Response;
    try {
      res = await fetch(url, { headers, redirect: 'manual', signal });
    } catch (err) {
      if (signal.aborted) throw err;
      throw offline(url, err);
    }
    const linked = unquote(res.headers.get('x-linked-etag'));
    if (linked && HEX64.test(linked)) published.sha256 = linked;
    const size = Number(res.headers.get('x-linked-size'));
    if (size > 0) published.size = size;
    if (res.status >= 300 && res.status < 400 && res.headers.get('location')) {
      await res.body?.cancel();
      url = new URL(res.headers.get('location')!, url).toString();
      continue;
    }
    const etag = unquote(res.headers.get('etag'));
    if (!published.sha256 && etag && HEX64.test(etag)) published = { ...published, sha256: etag };
    return { res, published };
  }
  throw new AppError('UNAVAILABLE', `Too many redirects downloading ${url}.`);
}

export async function download(url: string, dest: string, options: DownloadOptions = {}): Promise<DownloadResult> {
  const part = `${dest}.part`;
  const metaFile = `${dest}.part.json`;
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  let meta: PartMeta | null = null;
  try {
    meta = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as PartMeta;
  } catch {
    /* no earlier attempt */
  }
  if (!meta || meta.url !== url || !fs.existsSync(part)) {
    fs.rmSync(part, { force: true });
    meta = { url, validator: null, total: null, serverSha256: null };
  }
  const resumedFrom = fs.statSync(part, { throwIfNoEntry: false })?.size ?? 0;
  const started = Date.now();
  let sessionBytes = 0;
  let attempts = 0;

  for (;;) {
    const have = fs.statSync(part, { throwIfNoEntry: false })?.size ?? 0;
    if (meta.total !== null && have === meta.total) break;
    const headers: Record<string, string> = { 'user-agent': 'SmartAlbum' };
    if (have > 0) {
      headers.range = `bytes=${have}-`;
      if (meta.validator) headers['if-range'] = meta.validator;
    }
    const stall = new AbortController();
    const onAbort = () => stall.abort();
    options.signal?.addEventListener('abort', onAbort);
    let timer = setTimeout(() => stall.abort(), options.stallMs ?? 30_000);
    const fd = fs.openSync(part, 'a');
    try {
      const { res, published } = await request(url, headers, stall.signal);
      if (res.status === 416 && have > 0) {
        // what we have is not a prefix the server recognises: start again
        await res.body?.cancel();
        fs.ftruncateSync(fd, 0);
        meta.total = null;
        continue;
      }
      if (res.status !== 200 && res.status !== 206) {
        await res.body?.cancel();
        throw new AppError('UNAVAILABLE', `The server answered ${res.status} ${res.statusText} for ${url}. Check the address in the model settings.`);
      }
      let offset = 0;
      if (res.status === 206) {
        const m = /bytes (\d+)-\d+\/(\d+|\*)/.exec(res.headers.get('content-range') ?? '');
        offset = m ? Number(m[1]) : -1;
        if (offset !== have) {
          await res.body?.cancel();
          fs.ftruncateSync(fd, 0);
          meta.total = null;
          continue;
        }
        meta.total = m && m[2] !== '*' ? Number(m[2]) : null;
      } else {
        fs.ftruncateSync(fd, 0); // the server sent the whole file (no Range support, or it changed)
        const len = Number(res.headers.get('content-length'));
        meta.total = len > 0 ? len : null;
      }
      meta.total ??= published.size;
      meta.serverSha256 = published.sha256 ?? meta.serverSha256;
      meta.validator = res.headers.get('etag') ?? res.headers.get('last-modified');
      fs.writeFileSync(metaFile, JSON.stringify(meta));
      if (options.bytes && meta.total && meta.total !== options.bytes)
        throw new AppError('INVALID_INPUT', `${url} is ${meta.total} bytes, not the expected ${options.bytes}. Check the address in the model settings.`);

      let received = offset;
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        clearTimeout(timer);
        timer = setTimeout(() => stall.abort(), options.stallMs ?? 30_000);
        fs.writeSync(fd, chunk);
        received += chunk.length;
        sessionBytes += chunk.length;
        const rate = sessionBytes / Math.max(0.001, (Date.now() - started) / 1000);
        options.onProgress?.({ received, total: meta.total, bytesPerSecond: rate, etaSeconds: meta.total ? (meta.total - received) / Math.max(rate, 1) : null });
      }
      if (meta.total === null) meta.total = received; // no length announced: the end of the body is the end
      if (received > offset) attempts = 0;
      if (received < meta.total) throw new Error(`connection closed at ${received} of ${meta.total} bytes`);
      if (received > meta.total) {
        fs.ftruncateSync(fd, 0);
        throw new AppError('INVALID_INPUT', `${url} sent more than the ${meta.total} bytes it announced. Try again later.`);
      }
    } catch (err) {
      if (options.signal?.aborted) throw new AppError('BUSY', `Download of ${url} cancelled; run it again to resume.`);
      if (err instanceof AppError) throw err;
      // dropped or stalled mid-body: resume from what reached the disk
      if (++attempts > (options.retries ?? 5)) {
        const got = fs.statSync(part).size;
        throw new AppError(
          'UNAVAILABLE',
          `The download of ${url} keeps stopping (${errorCode(err) ?? (err as Error).message}) at ${(got / 1e6).toFixed(1)} MB${meta.total ? ` of ${(meta.total / 1e6).toFixed(1)} MB` : ''}. Run it again to resume.`,
        );
      }
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      fs.closeSync(fd);
    }
  }

  const bytes = fs.statSync(part).size;
  const expected = options.sha256?.toLowerCase() ?? meta.serverSha256;
  const sha256 = await sha256File(part);
  if (expected && sha256 !== expected) {
    fs.rmSync(part, { force: true });
    fs.rmSync(metaFile, { force: true });
    throw new AppError('INVALID_INPUT', `The file downloaded from ${url} does not match its checksum (got ${sha256.slice(0, 12)}…, expected ${expected.slice(0, 12)}…). It was deleted; run again to download it afresh.`);
  }
  fs.renameSync(part, dest);
  fs.rmSync(metaFile, { force: true });
  return { file: dest, bytes, sha256, checksum: options.sha256 ? 'configured' : meta.serverSha256 ? 'server' : 'none', resumedFrom };
}
