import exifr from 'exifr';
import { checkGps } from '../places/gps.js';
import { checkTiff, findExif } from './exif-block.js';

export interface ExifInfo {
  /** Wall-clock time the photo was taken, 'YYYY-MM-DDTHH:MM:SS', as the camera recorded it. */
  takenAt: string | null;
  /** Minutes east of UTC when the file says (OffsetTimeOriginal), else null. */
  tzOffsetMin: number | null;
  make: string | null;
  model: string | null;
  lens: string | null;
  lat: number | null;
  lon: number | null;
  /** why a GPS position present in the file was not used */
  gpsProblem: string | null;
  alt: number | null;
  /** Set when the EXIF block is damaged: the photo is still indexed, this says what was lost. */
  warning: string | null;
}

const EMPTY: ExifInfo = {
  takenAt: null, tzOffsetMin: null, make: null, model: null, lens: null, lat: null, lon: null, alt: null, gpsProblem: null, warning: null,
};

/**
 * The only tags read (Make, Model, ModifyDate, DateTimeOriginal, CreateDate, OffsetTime,
 * OffsetTimeOriginal, LensMake, LensModel, GPS position and altitude): exifr then reads each at most
 * once and steps over every other entry, so its work stays linear in the entries (see exif-block.ts).
 */
const PICK = [0x010f, 0x0110, 0x0132, 0x9003, 0x9004, 0x9010, 0x9011, 0xa433, 0xa434, 0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0006];
const PICKED = new Set(PICK);

const OPTIONS = {
  tiff: true, exif: true, gps: true, ifd1: false, interop: false, xmp: false, icc: false, iptc: false, jfif: false, pick: PICK,
  // raw strings: exifr would otherwise turn dates into Date objects in the machine's own time zone
  reviveValues: false, translateValues: false, translateKeys: true, mergeOutput: true, silentErrors: true,
};

function text(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const t = v.replace(/\0/g, '').trim();
  return t.length ? t : null;
}

/** 'YYYY:MM:DD HH:MM:SS' (cameras also write '-' and 'T'); rejects zeros and impossible values. */
export function parseExifDate(v: unknown): string | null {
  const s = text(v);
  if (!s) return null;
  const m = /^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?/.exec(s);
  if (!m) return null;
  const [y, mo, d, h, mi, se] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '00'].map(Number) as number[];
  if (y! < 1826 || y! > 2200 || mo! < 1 || mo! > 12 || d! < 1 || h! > 23 || mi! > 59 || se! > 60) return null;
  const daysInMonth = new Date(Date.UTC(y!, mo!, 0)).getUTCDate();
  if (d! > daysInMonth) return null;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${y}-${p(mo!)}-${p(d!)}T${p(h!)}:${p(mi!)}:${p(Math.min(se!, 59))}`;
}

export function parseOffset(v: unknown): number | null {
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(text(v) ?? '');
  if (!m) return null;
  const min = Number(m[2]) * 60 + Number(m[3]);
  if (min > 14 * 60) return null;
  return m[1] === '-' ? -min : min;
}

function finite(v: unknown, lo: number, hi: number): number | null {
  return typeof v === 'number' && Number.isFinite(v) && v >= lo && v <= hi ? v : null;
}

const damaged = (why: string): ExifInfo => ({ ...EMPTY, warning: `EXIF data is damaged and was ignored (${why}).` });

export async function readExif(input: Buffer): Promise<ExifInfo> {
  const found = findExif(input);
  if ('none' in found) return EMPTY; // GIF, and any photo written without EXIF: nothing is wrong
  if ('problem' in found) return damaged(found.problem);
  const refused = checkTiff(found.tiff, PICKED);
  if (refused) return damaged(refused);
  let tags: Record<string, unknown> | undefined;
  try {
    tags = (await exifr.parse(found.tiff, OPTIONS)) as Record<string, unknown> | undefined;
  } catch (err) {
    return damaged((err as Error).message);
  }
  if (!tags) return EMPTY;
  const takenAt =
    parseExifDate(tags.DateTimeOriginal) ?? parseExifDate(tags.CreateDate) ?? parseExifDate(tags.DateTimeDigitized) ?? parseExifDate(tags.ModifyDate);
  const tzOffsetMin = parseOffset(tags.OffsetTimeOriginal) ?? parseOffset(tags.OffsetTime);
  const gps = checkGps(tags.latitude, tags.longitude);
  const lat = gps?.ok ? gps.lat : null;
  const lon = gps?.ok ? gps.lon : null;
  let alt = finite(tags.GPSAltitude, 0, 100_000);
  const ref = tags.GPSAltitudeRef;
  if (alt !== null && (ref === 1 || (ref instanceof Uint8Array && ref[0] === 1))) alt = -alt; // 1 = below sea level
  const lensModel = text(tags.LensModel);
  const lensMake = text(tags.LensMake);
  return {
    takenAt,
    tzOffsetMin,
    make: text(tags.Make),
    model: text(tags.Model),
    lens: lensModel && lensMake && !lensModel.startsWith(lensMake) ? `${lensMake} ${lensModel}` : lensModel,
    lat,
    lon,
    alt: lat === null ? null : alt,
    gpsProblem: gps && !gps.ok ? gps.reason : null,
    warning: null,
  };
}

/** When there is no EXIF date: the file's modification time, in this machine's time zone. */
export function fileDate(mtimeMs: number): { takenAt: string; tzOffsetMin: number } {
  const d = new Date(mtimeMs);
  const offset = -d.getTimezoneOffset();
  const local = new Date(mtimeMs + offset * 60_000).toISOString().slice(0, 19);
  return { takenAt: local, tzOffsetMin: offset };
}
