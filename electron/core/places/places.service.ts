// Place albums: every indexed photo gets a place row from its GPS (reverse-geocoded offline), or the
// reason it has none; a place the user sets wins and is never recomputed.
import type { Catalog } from '../catalog.js';
import type { PlaceFilter, PlaceRow, PlaceState } from '../db/repos/place.repo.js';
import { AppError } from '../../shared/errors.js';
import type { PlaceInfo } from '../../shared/contract.js';
import { GEOCODER_VERSION, ReverseGeocoder, type Place } from './geocoder.js';
import { checkGps } from './gps.js';

export interface PlaceTree {
  countries: {
    country: string;
    countryCode: string | null;
    count: number;
    /** the newest photo of the country's biggest place */
    coverPhotoId: number;
    regions: { region: string | null; count: number; cities: { city: string | null; count: number; coverPhotoId: number }[] }[];
  }[];
  noGps: number;
  invalidGps: number;
  unknown: number;
}

export class PlacesService {
  constructor(private readonly catalog: Catalog) {}

  private upsert(row: PlaceRow): void {
    this.catalog.places.upsert(row);
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
    const { db, places } = this.catalog;
    const todo = photoIds ?? places.outdatedIds(GEOCODER_VERSION);
    let n = 0;
    db.transaction(() => {
      for (const id of todo) {
        const r = places.gpsOf(id);
        if (!r || r.status !== 'indexed' || r.source === 'user') continue;
        this.upsert(this.fromGps(id, r.gps_lat, r.gps_lon, r.gps_problem, 'gps'));
        n++;
      }
    })();
    return n;
  }

  get(photoId: number): PlaceRow | null {
    return this.catalog.places.get(photoId);
  }

  /** A place as the API shows it. */
  info(p: PlaceRow): PlaceInfo {
    return { state: p.state, countryCode: p.country_code, country: p.country, region: p.region, city: p.city, lat: p.lat, lon: p.lon, reason: p.reason, source: p.source };
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
      for (const id of photoIds) this.catalog.places.deleteUserPlace(id);
      this.refresh(photoIds);
    })();
  }

  tree(): PlaceTree {
    const rows = this.catalog.places.tree();
    const tree: PlaceTree = { countries: [], noGps: 0, invalidGps: 0, unknown: 0 };
    const biggest = new Map<string, number>(); // country -> photos in its biggest place so far
    for (const r of rows) {
      if (r.state === 'no-gps') tree.noGps += r.n;
      else if (r.state === 'invalid-gps') tree.invalidGps += r.n;
      else if (r.state === 'unknown') tree.unknown += r.n;
      else {
        let c = tree.countries.find((x) => x.country === r.country);
        if (!c) tree.countries.push((c = { country: r.country!, countryCode: r.country_code, count: 0, coverPhotoId: r.cover, regions: [] }));
        let reg = c.regions.find((x) => x.region === r.region);
        if (!reg) c.regions.push((reg = { region: r.region, count: 0, cities: [] }));
        reg.cities.push({ city: r.city, count: r.n, coverPhotoId: r.cover });
        if (r.n >= (biggest.get(c.country) ?? 0)) {
          biggest.set(c.country, r.n);
          c.coverPhotoId = r.cover;
        }
        reg.count += r.n;
        c.count += r.n;
      }
    }
    tree.countries.sort((a, b) => b.count - a.count || a.country.localeCompare(b.country));
    return tree;
  }

  /** Photo ids of one place album (country, optionally region and city), or of photos without a place. */
  photoIds(filter: PlaceFilter, limit: number, offset: number): { total: number; ids: number[] } {
    if (!filter.state && !filter.country) throw new AppError('INVALID_INPUT', 'Choose a country, or photos without a place.');
    return this.catalog.places.page(filter, limit, offset);
  }
}

export type { Place, PlaceFilter, PlaceRow, PlaceState };
