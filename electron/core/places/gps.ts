// GPS positions from EXIF: only plausible ones become places; the others are kept out with a reason.

export type GpsCheck = { ok: true; lat: number; lon: number } | { ok: false; reason: string };

export function checkGps(lat: unknown, lon: unknown): GpsCheck | null {
  if (lat === undefined && lon === undefined) return null; // no GPS at all
  if (lat === null && lon === null) return null;
  if (typeof lat !== 'number' || typeof lon !== 'number' || !Number.isFinite(lat) || !Number.isFinite(lon))
    return { ok: false, reason: 'The GPS tags are incomplete or not numbers.' };
  if (lat < -90 || lat > 90) return { ok: false, reason: `GPS latitude ${lat} is impossible (it must be between -90 and 90).` };
  if (lon < -180 || lon > 180) return { ok: false, reason: `GPS longitude ${lon} is impossible (it must be between -180 and 180).` };
  if (Math.abs(lat) < 1e-6 && Math.abs(lon) < 1e-6) return { ok: false, reason: 'GPS position 0, 0 ("null island"): the camera had no fix.' };
  return { ok: true, lat, lon };
}
