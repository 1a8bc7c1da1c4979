// Place albums: every indexed photo gets a place row from its GPS (reverse-geocoded offline), or the
// reason it has none; a place the user sets wins and is never recomputed.
import type { Catalog } from '../catalog.js';
import { VISIBLE } from '../db/visibility.js';
import { AppError } from '../../shared/errors.js';
import { GEOCODER_VERSION, ReverseGeocoder, type Place } from './geocoder.js';
import { checkGps } from './gps.js';

export type PlaceState = 'located' | 'no-gps' | 'invalid-gps' | 'unknown';

export interface PlaceRow {
  photo_id: number;
  state: PlaceState;
  country_code: string | null;
  country: string | null;
  region: string | null;
  city: string | null;
  lat: number | null;
  lon: number | null;
  reason: string | null;
  source: 'gps' | 'user';
  version: string;
}

export interface PlaceTree {
  countries: { country: string; countryCode: string | null; count: number; regions: { region: string | null; count: number; cities: { city: string | null; count: number }[] }[] }[];
  noGps: number;
  invalidGps: number;
  unknown: number;
}

export type PlaceFilter = { country?: string; region?: string | null; city?: string | null; state?: Exclude<PlaceState, 'located'> };

export class PlacesService {
  constructor(private readonly catalog: Catalog) {}

  private upsert(row: PlaceRow): void {
    this.catalog.db
      .prepare(
        `INSERT INTO photo_places (photo_id, state, country_code, country, region, city, lat, lon, reason, source, version)
         VALUES (@photo_id, @state, @country_code, @country, @region, @city, @lat, @lon, @reason, @source, @version)
         ON CONFLICT (photo_id) DO UPDATE SET state = excluded.state, country_code = excluded.country_code, country = excluded.country,
           region = excluded.region, city = excluded.city, lat = excluded.lat, lon = excluded.lon, reason = excluded.reason,
           source = excluded.source, version = excluded.version`,
      )
      .run(row);
  }

  private fromGps(photoId: number, lat: number | null, lon: number | null, problem: string | null, source: 'gps' | 'user'): PlaceRow {
    const base = { photo_id: photoId, country_code: null, country: null, region: null, city: null, lat, lon, reason: null, source, version: GEOCODER_VERSION };
    if (problem) return { ...base, state: 'invalid-gps', reason: problem };
    if (lat === null || lon === null) return { ...base, state: 'no-gps' };
    const p = ReverseGeocoder.get().lookup(lat, lon);
    if (!p.country) return { ...base, state: 'unknown', reason: 'No country at this position (open sea?).' };
    return { ...base, state: 'located', country_code: p.countryCode, country: p.country, region: p.region, city: p.city };
  }

  /** Places every indexed photo whose place is missing or was made by another geocoder version (user places untouched). */
  refresh(photoIds?: number[]): number {
    const { db } = this.catalog;
    const todo = photoIds
      ? photoIds
      : (db
          .prepare(
            `SELECT p.id FROM photos p LEFT JOIN photo_places pp ON pp.photo_id = p.id
             WHERE p.status = 'indexed' AND (pp.photo_id IS NULL OR (pp.source = 'gps' AND pp.version <> ?))`,
          )
          .all(GEOCODER_VERSION) as { id: number }[]).map((r) => r.id);
    const get = db.prepare<[number], { id: number; status: string; gps_lat: number | null; gps_lon: number | null; gps_problem: string | null; source: string | null }>(
      `SELECT p.id, p.status, p.gps_lat, p.gps_lon, p.gps_problem, pp.source FROM photos p LEFT JOIN photo_places pp ON pp.photo_id = p.id WHERE p.id = ?`,
    );
    let n = 0;
    db.transaction(() => {
      for (const id of todo) {
        const r = get.get(id);
        if (!r || r.status !== 'indexed' || r.source === 'user') continue;
        this.upsert(this.fromGps(id, r.gps_lat, r.gps_lon, r.gps_problem, 'gps'));
        n++;
      }
    })();
    return n;
  }

  get(photoId: number): PlaceRow | null {
    return (this.catalog.db.prepare('SELECT * FROM photo_places WHERE photo_id = ?').get(photoId) as PlaceRow | undefined) ?? null;
  }

  /** The user's place for these photos: a position (geocoded) or names. It wins over GPS from now on. */
  set(photoIds: number[], place: { lat: number; lon: number } | { country: string; region?: string | null; city?: string | null }): void {
    let row: Omit<PlaceRow, 'photo_id'>;
    if ('lat' in place) {
      const check = checkGps(place.lat, place.lon);
      if (!check?.ok) throw new AppError('INVALID_INPUT', check?.reason ?? 'Give a latitude and a longitude.');
      const { photo_id: _, ...r } = this.fromGps(0, check.lat, check.lon, null, 'user');
      row = r;
    } else {
      if (!place.country.trim()) throw new AppError('INVALID_INPUT', 'A place needs at least a country.');
      row = { state: 'located', country_code: null, country: place.country.trim(), region: place.region?.trim() || null, city: place.city?.trim() || null, lat: null, lon: null, reason: null, source: 'user', version: GEOCODER_VERSION };
    }
    this.catalog.db.transaction(() => {
      for (const id of photoIds) {
        if (!this.catalog.photos.get(id)) throw new AppError('NOT_FOUND', `Photo #${id} is not in the catalog.`);
        this.upsert({ ...row, photo_id: id });
      }
    })();
  }

  /** Forgets the user's place: the photo goes back to its GPS. */
  clear(photoIds: number[]): void {
    this.catalog.db.transaction(() => {
      for (const id of photoIds) this.catalog.db.prepare(`DELETE FROM photo_places WHERE photo_id = ? AND source = 'user'`).run(id);
      this.refresh(photoIds);
    })();
  }

  tree(): PlaceTree {
    const rows = this.catalog.db
      .prepare(
        `SELECT pp.state, pp.country, pp.country_code, pp.region, pp.city, COUNT(*) AS n FROM photo_places pp JOIN photos p ON p.id = pp.photo_id
         WHERE ${VISIBLE('p')} GROUP BY pp.state, pp.country, pp.region, pp.city ORDER BY pp.country, pp.region, pp.city`,
      )
      .all() as { state: PlaceState; country: string | null; country_code: string | null; region: string | null; city: string | null; n: number }[];
    const tree: PlaceTree = { countries: [], noGps: 0, invalidGps: 0, unknown: 0 };
    for (const r of rows) {
      if (r.state === 'no-gps') tree.noGps += r.n;
      else if (r.state === 'invalid-gps') tree.invalidGps += r.n;
      else if (r.state === 'unknown') tree.unknown += r.n;
      else {
        let c = tree.countries.find((x) => x.country === r.country);
        if (!c) tree.countries.push((c = { country: r.country!, countryCode: r.country_code, count: 0, regions: [] }));
        let reg = c.regions.find((x) => x.region === r.region);
        if (!reg) c.regions.push((reg = { region: r.region, count: 0, cities: [] }));
        reg.cities.push({ city: r.city, count: r.n });
        reg.count += r.n;
        c.count += r.n;
      }
    }
    tree.countries.sort((a, b) => b.count - a.count || a.country.localeCompare(b.country));
    return tree;
  }

  /** Photo ids of one place album (country, optionally region and city), or of photos without a place. */
  photoIds(filter: PlaceFilter, limit: number, offset: number): { total: number; ids: number[] } {
    const where = [VISIBLE('p')];
    const params: Record<string, unknown> = { limit, offset };
    if (filter.state) {
      where.push('pp.state = @state');
      params.state = filter.state;
    } else {
      if (!filter.country) throw new AppError('INVALID_INPUT', 'Choose a country, or photos without a place.');
      where.push(`pp.state = 'located'`, 'pp.country = @country');
      params.country = filter.country;
      for (const k of ['region', 'city'] as const) {
        if (filter[k] === undefined) continue;
        where.push(filter[k] === null ? `pp.${k} IS NULL` : `pp.${k} = @${k}`);
        if (filter[k] !== null) params[k] = filter[k];
      }
    }
    const from = `FROM photo_places pp JOIN photos p ON p.id = pp.photo_id WHERE ${where.join(' AND ')}`;
    const { db } = this.catalog;
    const total = (db.prepare(`SELECT COUNT(*) AS n ${from}`).get(params) as { n: number }).n;
    const ids = (db.prepare(`SELECT p.id ${from} ORDER BY p.taken_at IS NULL, p.taken_at DESC, p.id DESC LIMIT @limit OFFSET @offset`).all(params) as { id: number }[]).map((r) => r.id);
    return { total, ids };
  }
}

export type { Place };
