// The GIF maker: 2 to 50 photos, in order, each decoded once (JPEG shrink-on-load keeps a 12 MP
// photo small in memory), fitted to one frame size, then encoded by libvips' GIF writer (cgif,
// through sharp) as an animation with the chosen delay and loop count. Written next to its final
// name and renamed, so a failed run leaves nothing half-written; originals are only read.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { AppError } from '../../shared/errors.js';

export const GIF_LIMITS = { minFrames: 2, maxFrames: 50, minSize: 16, maxSize: 2000, minDelayMs: 20, maxDelayMs: 10_000 } as const;

export type GifFit = 'contain' | 'cover' | 'fill';

export interface GifOptions {
  /** each frame's display time */
  delayMs?: number;
  /** 0 = forever */
  loop?: number;
  /** longest side of the output, px */
  size?: number;
  /** contain: whole photo with bars; cover: cropped to fill; fill: stretched */
  fit?: GifFit;
  /** bars colour for `contain` */
  background?: string;
  overwrite?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface GifResult {
  file: string;
  bytes: number;
  width: number;
  height: number;
  frames: number;
}

function check(cond: boolean, message: string): asserts cond {
  if (!cond) throw new AppError('INVALID_INPUT', message);
}

/** Orientation-corrected size of an image file, with a clear error for what sharp cannot read. */
async function orientedSize(file: string): Promise<{ width: number; height: number }> {
  try {
    const m = await sharp(file).metadata();
    const swap = (m.orientation ?? 1) >= 5;
    if (!m.width || !m.height) throw new Error('no dimensions');
    return swap ? { width: m.height, height: m.width } : { width: m.width, height: m.height };
  } catch (err) {
    throw new AppError('INVALID_INPUT', `${file} cannot be read as an image (${(err as Error).message}).`);
  }
}

export async function makeGif(files: string[], out: string, options: GifOptions = {}): Promise<GifResult> {
  const { minFrames, maxFrames, minSize, maxSize, minDelayMs, maxDelayMs } = GIF_LIMITS;
  const delay = options.delayMs ?? 500;
  const loop = options.loop ?? 0;
  const size = options.size ?? 640;
  const fit = options.fit ?? 'contain';
  check(files.length >= minFrames && files.length <= maxFrames, `A GIF takes ${minFrames} to ${maxFrames} photos; ${files.length} were chosen.`);
  check(Number.isInteger(size) && size >= minSize && size <= maxSize, `The GIF size must be ${minSize} to ${maxSize} pixels on its longest side.`);
  check(Number.isInteger(delay) && delay >= minDelayMs && delay <= maxDelayMs, `The frame delay must be ${minDelayMs} to ${maxDelayMs} ms.`);
  check(Number.isInteger(loop) && loop >= 0 && loop <= 65535, 'The loop count must be 0 (forever) to 65535.');
  check(out.toLowerCase().endsWith('.gif'), `${out}: the output file name must end in .gif.`);
  if (!options.overwrite && fs.existsSync(out)) throw new AppError('ALREADY_EXISTS', `${out} already exists; choose another name or allow overwriting.`);
  const dir = path.dirname(path.resolve(out));
  if (!fs.existsSync(dir)) throw new AppError('NOT_FOUND', `The folder ${dir} does not exist.`);

  // the frame size: the first photo's shape, longest side = size
  const first = await orientedSize(files[0]!);
  const scale = size / Math.max(first.width, first.height);
  const width = Math.max(1, Math.round(first.width * scale));
  const height = Math.max(1, Math.round(first.height * scale));
  const background = options.background ?? '#000000';

  const frameBytes = width * height * 3;
  const strip = Buffer.alloc(frameBytes * files.length);
  // two decodes in flight: one 12 MP JPEG at a time per core (shrink-on-load keeps each small)
  let next = 0;
  let done = 0;
  const decodeFrames = async () => {
    for (let i = next++; i < files.length; i = next++) {
      const file = files[i]!;
      try {
        const buf = await sharp(file, { failOn: 'error' })
          .rotate()
          .resize(width, height, { fit, background, kernel: 'lanczos3', fastShrinkOnLoad: true })
          .flatten({ background })
          .removeAlpha()
          .toColourspace('srgb')
          .raw()
          .toBuffer();
        buf.copy(strip, i * frameBytes);
      } catch (err) {
        throw new AppError('INVALID_INPUT', `Photo ${i + 1} (${file}) cannot be used: ${(err as Error).message}.`);
      }
      options.onProgress?.(++done, files.length + 1);
    }
  };
  await Promise.all([decodeFrames(), decodeFrames()]);

  const tmp = `${out}.${process.pid}.tmp`;
  try {
    await sharp(strip, { raw: { width, height: height * files.length, channels: 3, pageHeight: height } })
      .gif({ loop, delay: files.map(() => delay), effort: 1, dither: 0.5 })
      .toFile(tmp);
    fs.renameSync(tmp, out);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw new AppError('INTERNAL', `The GIF could not be written to ${out}: ${(err as Error).message}.`);
  }
  options.onProgress?.(files.length + 1, files.length + 1);
  return { file: path.resolve(out), bytes: fs.statSync(out).size, width, height, frames: files.length };
}
