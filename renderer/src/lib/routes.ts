// Routes as data: each screen is a hash route (#/album/3), so reload and Back work.
export type Route =
  | { name: 'library' }
  | { name: 'favourites' }
  | { name: 'albums' }
  | { name: 'album'; id: number }
  | { name: 'categories' }
  | { name: 'category'; category: string }
  | { name: 'people' }
  | { name: 'person'; id: number }
  | { name: 'who' }
  | { name: 'places' }
  /** region, city null: the photos of the country (region) whose region (town) is not known, '-' in the address */
  | { name: 'place'; country: string; region?: string | null; city?: string | null }
  | { name: 'trash' }
  | { name: 'duplicates' }
  | { name: 'settings' }
  /** #/search: search by image; #/search/<query>: the search box's results */
  | { name: 'search'; q?: string };

export type RouteName = Route['name'];

interface RouteDef {
  name: RouteName;
  title: string;
  /** shown in the sidebar */
  nav?: boolean;
  /** path parts after the name, mapped to params */
  params?: string[];
  numeric?: boolean;
  /** the route stands without its params too */
  optional?: boolean;
}

export const ROUTES: RouteDef[] = [
  { name: 'library', title: 'Library', nav: true },
  { name: 'favourites', title: 'Favourites', nav: true },
  { name: 'albums', title: 'Albums', nav: true },
  { name: 'album', title: 'Album', params: ['id'], numeric: true },
  { name: 'categories', title: 'Categories', nav: true },
  { name: 'category', title: 'Category', params: ['category'] },
  { name: 'people', title: 'People', nav: true },
  { name: 'person', title: 'Person', params: ['id'], numeric: true },
  { name: 'who', title: 'Who is this?' },
  { name: 'places', title: 'Places', nav: true },
  { name: 'place', title: 'Place', params: ['country', 'region', 'city'] },
  { name: 'duplicates', title: 'Duplicates', nav: true },
  { name: 'trash', title: 'Recycle bin', nav: true },
  { name: 'settings', title: 'Settings', nav: true },
  { name: 'search', title: 'Search by image', params: ['q'], optional: true },
];

const byName = new Map(ROUTES.map((r) => [r.name, r]));

/** '#/place/Italy/Tuscany' -> { name: 'place', country: 'Italy', region: 'Tuscany' }; unknown -> library */
export function parseHash(hash: string): Route {
  const [name = '', ...rest] = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const def = byName.get(name as RouteName);
  if (!def) return { name: 'library' };
  const route: Record<string, unknown> = { name: def.name };
  for (const [i, key] of (def.params ?? []).entries()) {
    const v = rest[i];
    if (v === undefined) continue;
    route[key] = def.numeric ? Number(v) : def.name === 'place' && v === '-' ? null : v;
  }
  if (def.params?.length && !def.optional && route[def.params[0]!] === undefined) return { name: 'library' };
  if (def.numeric && !Number.isInteger(route[def.params![0]!])) return { name: 'library' };
  return route as Route;
}

export function href(route: Route): string {
  const def = byName.get(route.name)!;
  const parts = (def.params ?? []).map((k) => (route as Record<string, unknown>)[k]).filter((v) => v !== undefined).map((v) => v ?? '-');
  return `#/${[route.name, ...parts.map((p) => encodeURIComponent(String(p)))].join('/')}`;
}

export function titleOf(name: RouteName): string {
  return byName.get(name)!.title;
}

/** The key a view's list and scroll position are remembered by. */
export const routeKey = (r: Route) => href(r);
