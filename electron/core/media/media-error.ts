/** A file that cannot be indexed: recorded on the photo with its reason, never fatal to a run. */
export class MediaError extends Error {
  constructor(
    readonly status: 'failed' | 'unsupported',
    message: string,
  ) {
    super(message);
    this.name = 'MediaError';
  }
}

/** Turns libvips/sharp wording into a reason a person can act on. */
export function explainDecodeError(err: unknown, fileName: string): MediaError {
  const raw = err instanceof Error ? err.message : String(err);
  const msg = raw.replace(/^Vips\w*:\s*/, '').trim();
  if (/Input (Buffer|file) is empty/i.test(raw)) return new MediaError('failed', 'Empty file (0 bytes): nothing to show.');
  if (/exceeds pixel limit/i.test(raw)) {
    return new MediaError('failed', `Image too large: it exceeds the ${MAX_MEGAPIXELS} megapixel limit Smart Album decodes safely.`);
  }
  if (/unsupported image format/i.test(raw)) {
    return new MediaError('failed', `Not an image Smart Album can read: the content of "${fileName}" is not JPEG, PNG, WebP, TIFF, GIF or AVIF.`);
  }
  // libvips keeps the decoder's own words in a process-wide buffer; with several files decoding at
  // once sharp may only report the generic "Warning treated as error", which means the same thing
  if (/premature end|truncated|Corrupt|bad huffman|not a JPEG|IDAT|CRC|unexpected end|Warning treated as error/i.test(raw)) {
    const detail = /Warning treated as error/i.test(raw) ? 'the decoder found damaged image data' : msg;
    return new MediaError('failed', `Damaged or incomplete file (${detail}). If it is still being copied it will be retried when it changes.`);
  }
  return new MediaError('failed', `Could not decode the image: ${msg}`);
}

/** sharp's own default (0x3FFF * 0x3FFF), named so the message and the check agree. */
export const MAX_PIXELS = 268_402_689;
export const MAX_MEGAPIXELS = Math.round(MAX_PIXELS / 1e6);
