import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import sharp, { type Sharp } from 'sharp';

export interface JpegOptions {
  width?: number;
  height?: number;
  /** Seed for the picture, so different seeds give visually different photos. */
  seed?: number;
  taken?: string; // 'YYYY:MM:DD HH:MM:SS'
  offset?: string; // '+02:00'
  make?: string;
  model?: string;
  gps?: { lat: number; lon: number };
  quality?: number;
}

function dms(v: number): string {
  const a = Math.abs(v);
  const d = Math.floor(a);
  const m = Math.floor((a - d) * 60);
  const s = Math.round(((a - d) * 60 - m) * 60 * 1000);
  return `${d}/1 ${m}/1 ${s}/1000`;
}

/** A photo-like picture: gradients and blobs from the seed (real structure, so hashes differ). */
export async function pictureRaw(width: number, height: number, seed: number): Promise<Sharp> {
  const w = 64;
  const h = Math.max(8, Math.round((64 * height) / width));
  const data = Buffer.alloc(w * h * 3);
  let s = seed * 2654435761 + 1;
  const rnd = () => ((s = (s * 1103515245 + 12345) >>> 0), s / 2 ** 32);
  const blobs = Array.from({ length: 6 }, () => ({ x: rnd() * w, y: rnd() * h, r: 5 + rnd() * 20, c: [rnd() * 255, rnd() * 255, rnd() * 255] }));
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 3;
      let px = [(x / w) * 255 * ((seed % 3) / 2), (y / h) * 255, ((seed * 37) % 255)];
      for (const b of blobs) {
        const d = Math.hypot(x - b.x, y - b.y);
        if (d < b.r) px = b.c;
      }
      data[i] = px[0]!;
      data[i + 1] = px[1]!;
      data[i + 2] = px[2]!;
    }
  }
  return sharp(data, { raw: { width: w, height: h, channels: 3 } }).resize(width, height, { kernel: 'cubic' });
}

export async function makeJpeg(file: string, o: JpegOptions = {}): Promise<string> {
  const img = await pictureRaw(o.width ?? 640, o.height ?? 480, o.seed ?? 1);
  const ifd2: Record<string, string> = {};
  if (o.taken) ifd2.DateTimeOriginal = o.taken;
  if (o.offset) ifd2.OffsetTimeOriginal = o.offset;
  const ifd0: Record<string, string> = {};
  if (o.make) ifd0.Make = o.make;
  if (o.model) ifd0.Model = o.model;
  const ifd3: Record<string, string> = {};
  if (o.gps) {
    Object.assign(ifd3, {
      GPSLatitudeRef: o.gps.lat >= 0 ? 'N' : 'S',
      GPSLatitude: dms(o.gps.lat),
      GPSLongitudeRef: o.gps.lon >= 0 ? 'E' : 'W',
      GPSLongitude: dms(o.gps.lon),
    });
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await img.withExif({ IFD0: ifd0, IFD2: ifd2, IFD3: ifd3 }).jpeg({ quality: o.quality ?? 85 }).toFile(file);
  return file;
}

export async function makeImage(file: string, format: 'png' | 'webp' | 'tiff' | 'gif' | 'avif', seed = 1, width = 320, height = 240): Promise<string> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await (await pictureRaw(width, height, seed)).toFormat(format).toFile(file);
  return file;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A real, valid PNG of the given size (1-bit grey, all black), cheap to make even at 30000x30000. */
export function makeHugePng(file: string, width: number, height: number): string {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // greyscale
  // every row: filter byte 0 + width bits of zeros
  const data = zlib.deflateSync(Buffer.alloc((1 + Math.ceil(width / 8)) * height), { level: 9 });
  fs.writeFileSync(
    file,
    Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', ihdr), pngChunk('IDAT', data), pngChunk('IEND', Buffer.alloc(0))]),
  );
  return file;
}
