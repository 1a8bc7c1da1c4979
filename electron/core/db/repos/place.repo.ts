import type { Statement } from 'better-sqlite3';
import type { Db } from '../connection.js';
import { VISIBLE } from '../visibility.js';

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

export type PlaceFilter = { country?: string; region?: string | null; city?: string | null; state?: Exclude<PlaceState, 'located'> };

export class PlaceRepo {
  private readonly put;
  private readonly one;
  private readonly delUser;
  private readonly outdated;
  private readonly gps;
  private readonly treeRows;
  private readonly pageCache = new Map<string, { count: Statement; page: Statement }>();

  constructor(private readonly db: Db) {
    this.put = db.prepare<PlaceRow>(
      `INSERT INTO photo_places (photo_id, state, country_code, country, region, city, lat, lon, reason, source, version)
       VALUES (@photo_id, @state, @country_code, @country, @region, @city, @lat, @lon, @reason, @source, @version)
       ON CONFLICT (photo_id) DO UPDATE SET state = excluded.state, country_code = excluded.country_code, country = excluded.country,
         region = excluded.region, city = excluded.city, lat = excluded.lat, lon = excluded.lon, reason = excluded.reason,
         source = excluded.source, version = excluded.version`,
    );
    this.one = db.prepare<[number], PlaceRow>('SELECT * FROM photo_places WHERE photo_id = ?');
    this.delUser = db.prepare<[number]>(`DELETE FROM photo_places WHERE photo_id = ? AND source = 'user'`);
    this.outdated = db.prepare<[string], { id: number }>(
      `SELECT p.id FROM photos p LEFT JOIN photo_places pp ON pp.photo_id = p.id
       WHERE p.status = 'indexed' AND (pp.photo_id IS NULL OR (pp.source = 'gps' AND pp.version <> ?))`,
    );
    this.gps = db.prepare<[number], { id: number; status: string; gps_lat: number | null; gps_lon: number | null; gps_problem: string | null; source: string | null }>(
      `SELECT p.id, p.status, p.gps_lat, p.gps_lon, p.gps_problem, pp.source FROM photos p LEFT JOIN photo_places pp ON pp.photo_id = p.id WHERE p.id = ?`,
    );
    this.treeRows = db.prepare<
      [],
      { state: PlaceState; country: string | null; country_code: string | null; region: string | null; city: string | null; n: number; cover: number }
    >(
      // cover: SQLite takes the bare p.id from the row that gives MAX(): the newest photo of the place
      `SELECT pp.state, pp.country, pp.country_code, pp.region, pp.city, COUNT(*) AS n, p.id AS cover, MAX(p.taken_at) AS newest
       FROM photo_places pp JOIN photos p ON p.id = pp.photo_id
       WHERE ${VISIBLE('p')} GROUP BY pp.state, pp.country, pp.region, pp.city ORDER BY pp.country, pp.region, pp.city`,
    );
  }

  upsert(row: PlaceRow): void {
    this.put.run(row);
  }
  get(photoId: number): PlaceRow | null {
    return this.one.get(photoId) ?? null;
  }
  deleteUserPlace(photoId: number): void {
    this.delUser.run(photoId);
  }
  /** indexed photos with no place yet, or one made by another geocoder version (user places excluded) */
  outdatedIds(version: string): number[] {
    return this.outdated.all(version).map((r) => r.id);
  }
  gpsOf(photoId: number) {
    return this.gps.get(photoId);
  }
  tree() {
    return this.treeRows.all();
  }

  /** One prepared pair per filter shape. */
  page(filter: PlaceFilter, limit: number, offset: number): { total: number; ids: number[] } {
    const shape = filter.state ? 'state' : ['region', 'city'].map((k) => (filter[k as 'region'] === undefined ? '-' : filter[k as 'region'] === null ? 'null' : 'v')).join(':');
    let st = this.pageCache.get(shape);
    if (!st) {
      const where = [VISIBLE('p')];
      if (filter.state) where.push('pp.state = @state');
      else {
        where.push(`pp.state = 'located'`, 'pp.country = @country');
        for (const k of ['region', 'city'] as const) if (filter[k] !== undefined) where.push(filter[k] === null ? `pp.${k} IS NULL` : `pp.${k} = @${k}`);
      }
      const from = `FROM photo_places pp JOIN photos p ON p.id = pp.photo_id WHERE ${where.join(' AND ')}`;
      st = {
        count: this.db.prepare(`SELECT COUNT(*) AS n ${from}`),
        page: this.db.prepare(`SELECT p.id ${from} ORDER BY p.taken_at DESC, p.id DESC LIMIT @limit OFFSET @offset`),
      };
      this.pageCache.set(shape, st);
    }
    const params = Object.fromEntries(Object.entries({ ...filter, limit, offset }).filter(([, v]) => v !== undefined && v !== null));
    const { limit: _l, offset: _o, ...countParams } = params;
    return { total: (st.count.get(countParams) as { n: number }).n, ids: (st.page.all(params) as { id: number }[]).map((r) => r.id) };
  }
}
