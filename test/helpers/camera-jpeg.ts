// JPEGs as cameras and phones write them: EXIF (make, model, date, GPS, orientation), sensor noise
// (so the file is as big and as slow to decode as a real photo, not a smooth gradient), and an EXIF
// thumbnail in IFD1 written by exiftool, the way the camera's firmware puts it there.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { pictureRaw } from './images.js';

export interface CameraJpegOptions {
  width: number;
  height: number;
  seed: number;
  /** IFD1 thumbnail size (stored, like the photo, as the sensor saw it); null: none */
  thumb: { width: number; height: number } | null;
  /** EXIF orientation tag (1-8) */
  orientation?: number;
  /** the thumbnail shows this colour instead of the photo (tests tell which one made the grid image) */
  thumbColour?: { r: number; g: number; b: number };
  /** amplitude of the sensor noise added to every pixel */
  noise?: number;
  quality?: number;
}

export async function makeCameraJpeg(file: string, o: CameraJpegOptions): Promise<string> {
  const { data, info } = await (await pictureRaw(o.width, o.height, o.seed)).raw().toBuffer({ resolveWithObject: true });
  const noise = o.noise ?? 0;
  if (noise > 0) {
    let s = o.seed * 2654435761 + 7;
    for (let i = 0; i < data.length; i++) {
      s = (s * 1103515245 + 12345) >>> 0;
      const v = data[i]! + ((s >>> 24) / 255 - 0.5) * 2 * noise;
      data[i] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await sharp(data, { raw: info })
    .withExif({
      IFD0: { Make: 'Canon', Model: 'Canon EOS 80D' },
      IFD2: { DateTimeOriginal: `2024:0${1 + (o.seed % 9)}:1${o.seed % 10} 12:00:00` },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 24/1', GPSLongitudeRef: 'E', GPSLongitude: '2/1 21/1 3/1' },
    })
    .jpeg({ quality: o.quality ?? 90 })
    .toFile(file);
  const tags = o.orientation ? [`-Orientation#=${o.orientation}`] : []; // sharp writes orientation 1 only
  if (o.thumb) {
    const thumbFile = `${file}.thumb.jpg`;
    const pic = o.thumbColour
      ? sharp({ create: { width: o.thumb.width, height: o.thumb.height, channels: 3, background: o.thumbColour } })
      : sharp(data, { raw: info }).resize(o.thumb.width, o.thumb.height, { fit: 'fill' });
    await pic.jpeg({ quality: 80 }).toFile(thumbFile);
    embedThumbnails([[file, thumbFile]], tags);
    fs.rmSync(thumbFile);
  } else if (tags.length) execFileSync('exiftool', ['-q', '-overwrite_original', ...tags, file]);
  return file;
}

/** exiftool writes each file's IFD1 thumbnail (one process for all of them: it starts slowly). */
export function embedThumbnails(pairs: [photo: string, thumb: string][], tags: string[] = []): void {
  if (!pairs.length) return;
  const args = pairs.flatMap(([photo, thumb], i) => [...(i ? ['-execute'] : []), '-q', '-overwrite_original', ...tags, `-ThumbnailImage<=${thumb}`, photo]);
  execFileSync('exiftool', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}
