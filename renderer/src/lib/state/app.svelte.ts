// The shell's state: the route, the library folders, indexing progress, messages, and the pieces
// every screen shares (the current photo list, the selection, the viewer, people). Each piece is a
// small class of its own; screens keep their own state in their feature folder.
import type { Album, ProgressEvent, Root, ViewQuery } from '$shared/contract.js';
import { api, connection } from '../api.js';
import { parseHash, routeKey, type Route } from '../routes.js';
import { plural } from '../words.js';
import { PeopleState } from './people.svelte.js';
import { PhotoList } from './photo-list.svelte.js';
import { SearchState } from './search.svelte.js';
import { Selection } from './selection.svelte.js';
import { Toasts } from './toasts.svelte.js';
import { ViewerState } from './viewer.svelte.js';

/** the contract's largest id list per call; BULK for the screens' own bulk methods (contract.ts BULK, without zod here) */
const CHUNK = 10_000;
const BULK = 500_000;

export function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The query behind a route's photos (what "select all" means there). */
export function queryOf(r: Route): ViewQuery | null {
  switch (r.name) {
    case 'library':
    case 'favourites':
    case 'trash':
      return { kind: r.name };
    case 'album':
    case 'person':
      return { kind: r.name, id: r.id };
    case 'category':
      return { kind: 'category', name: r.category };
    case 'place':
      return { kind: 'place', country: r.country, region: r.region, city: r.city };
    default:
      return null;
  }
}

function loaderOf(q: ViewQuery): ConstructorParameters<typeof PhotoList>[0] {
  switch (q.kind) {
    case 'library':
      return (limit, offset) => api.call('photos.list', { limit, offset, status: 'indexed' });
    case 'favourites':
      return (limit, offset) => api.call('favourites.list', { limit, offset });
    case 'trash':
      return async (limit, offset) => {
        const r = await api.call('trash.list', { limit, offset });
        return { total: r.total, items: r.items.map((i) => i.photo) };
      };
    case 'album':
      return async (limit, offset) => (await api.call('albums.get', { id: q.id, limit, offset })).photos;
    case 'person':
      return (limit, offset) => api.call('people.photos', { id: q.id, limit, offset });
    case 'category':
      return (limit, offset) => api.call('categories.page', { category: q.name, limit, offset });
    case 'place':
      return (limit, offset) =>
        api.call('places.photos', { country: q.country, region: q.region, city: q.city, limit, offset });
  }
}

export class AppState {
  route = $state<Route>({ name: 'library' });
  roots = $state<Root[]>([]);
  started = $state(false);
  progress = $state<ProgressEvent | null>(null);
  albums = $state<Album[]>([]);
  knownCategories = $state<string[]>([]);
  /** the photo list of the current screen, if it has one */
  list = $state<PhotoList | null>(null);
  /** search by image: results live under #/search until the next search */
  search = $state<{ title: string; info: string; list: PhotoList } | null>(null);
  /** the grid on screen: brings photo i into view and focuses it (the viewer closing returns there) */
  returnTo: ((i: number) => void) | null = null;
  readonly toasts = new Toasts();
  readonly selection = new Selection();
  readonly viewer = new ViewerState();
  readonly people = new PeopleState((includeHidden) => api.call('people.overview', { includeHidden }));
  /** the search box; its results are the route #/search/<query> */
  readonly find = new SearchState(
    (q) => api.call('search.suggest', { q, limit: 8 }),
    (q, limit, offset) => api.call('search.query', { q, limit, offset }),
  );
  /** lists and the photo at the top of their grid, by route, so coming back finds the grid where it was */
  private readonly kept = new Map<string, { list: PhotoList; top: number }>();
  private changedTimer: ReturnType<typeof setTimeout> | undefined;

  async start(): Promise<void> {
    api.on('index.progress', (p) => {
      this.progress = p;
      if (p.stage === 'idle') void this.refresh();
    });
    // photos appear while indexing runs, a few times a minute rather than on every photo
    api.on('library.changed', () => {
      if (this.changedTimer || this.viewer.index !== null || this.selection.count) return;
      this.changedTimer = setTimeout(() => {
        this.changedTimer = undefined;
        void this.refresh();
      }, 2500);
    });
    connection.onBack(() => void this.refresh());
    for (;;) {
      try {
        await this.refreshRoots();
        break;
      } catch {
        // an old address: the opening screen says what to do instead of showing an empty library
        if (connection.state === 'unauthorised') return;
        await new Promise((r) => setTimeout(r, 1500)); // the server is not there yet: keep trying
      }
    }
    this.started = true;
    this.route = parseHash(location.hash);
    this.enter(this.route);
    addEventListener('hashchange', () => {
      this.route = parseHash(location.hash);
      this.enter(this.route);
    });
  }

  async refreshRoots(): Promise<void> {
    this.roots = await api.call('roots.list', {});
  }

  go(route: Route | string): void {
    const hash = typeof route === 'string' ? route : `${routeKey(route)}`;
    if (location.hash !== hash) location.hash = hash;
  }

  /** A new screen: clear the selection, close the viewer, find (or make) its photo list. */
  private enter(r: Route): void {
    this.selection.clear();
    this.viewer.close();
    if (r.name === 'search' && r.q === undefined) {
      this.list = this.search?.list ?? null;
      return;
    }
    // the box shows the query on screen (also after a reload or Back), and nothing on other screens
    if (r.name === 'search') this.find.text = r.q!;
    else this.find.text = '';
    const q = queryOf(r);
    const loader = r.name === 'search' ? this.find.loader(r.q!) : q && loaderOf(q);
    if (!loader) {
      this.list = null;
      return;
    }
    const key = routeKey(r);
    const kept = this.kept.get(key);
    if (kept) {
      this.list = kept.list;
      void kept.list.reload().catch(() => undefined); // fresh rows, same place
    } else {
      const list = new PhotoList(loader);
      this.kept.set(key, { list, top: 0 });
      this.list = list;
    }
  }

  /** the photo that was at the top of this route's grid */
  scrollOf(r: Route): number {
    return this.kept.get(routeKey(r))?.top ?? 0;
  }

  keepScroll(r: Route, firstIndex: number): void {
    // a grid being taken down (another route is already current) scrolls to 0: not a place to keep
    if (routeKey(r) !== routeKey(this.route)) return;
    const k = this.kept.get(routeKey(r));
    if (k) k.top = firstIndex;
  }

  /** After a change: the list on screen reloads what is in view; kept lists reload when shown again. */
  async refresh(): Promise<void> {
    await this.act(() => this.refreshRoots());
    // the viewer's photo too: a change from the viewer (a date, its Undo) moves it far from the grid's rows
    const v = this.viewer.index;
    const also: [number, number] | undefined = v === null ? undefined : [v - 5, v + 5];
    if (this.list && !(this.route.name === 'search' && this.route.q === undefined)) await this.act(() => this.list!.reload(also));
    this.version++;
  }

  /** bumped on refresh: screens without a photo list reload on it */
  version = $state(0);

  say(message: string, opts: { error?: boolean; undo?: () => void | Promise<void> } = {}): void {
    this.toasts.say(message, opts);
  }

  /** Runs an action; a failure becomes a readable message instead of a broken screen. */
  async act<T>(fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (err) {
      this.say((err as Error).message, { error: true });
      return undefined;
    }
  }

  /** The selected photo ids, in view order (all of the view by its query when Ctrl-A was used). */
  async selectedIds(): Promise<number[]> {
    const q = queryOf(this.route);
    return this.selection.resolve(async () => {
      if (q) return (await api.call('photos.ids', { query: q })).ids;
      const list = this.list;
      return list ? list.idsBetween(0, list.total - 1) : [];
    });
  }

  /** The place of a photo in the screen's list beyond its loaded pages (-1: not in it); the viewer follows its photo with it. */
  async locate(id: number): Promise<number> {
    const q = queryOf(this.route);
    if (!q) return -1;
    try {
      return (await api.call('photos.ids', { query: q })).ids.indexOf(id);
    } catch {
      return -1;
    }
  }

  // ---- actions on photos: each one says what it did and can be undone exactly

  async favourite(ids: number[], on: boolean): Promise<void> {
    const changed: number[] = [];
    const ok = await this.act(async () => {
      for (const part of chunks(ids, BULK)) changed.push(...(await api.call('favourites.change', { photoIds: part, favourite: on })).changed);
      return true;
    });
    if (!ok) return;
    this.selection.clear();
    const n = ids.length.toLocaleString();
    this.say(on ? `Added ${n} to favourites` : `Removed ${n} from favourites`, {
      undo: changed.length ? () => this.favourite(changed, !on).then(() => this.toasts.dismiss()) : undefined,
    });
    if (this.route.name === 'favourites') {
      await this.refresh();
      if (!on) await this.afterRemoval(ids); // the viewer moves on to the next favourite, or closes on the last
    } else {
      // the hearts on the grid, and on the screens kept for going back
      const set = new Set(ids);
      for (const l of new Set([this.list, ...[...this.kept.values()].map((k) => k.list)])) l?.patch(set, { favourite: on });
    }
  }

  async addToAlbum(albumId: number, ids: number[]): Promise<void> {
    const added: number[] = [];
    let name = '';
    const ok = await this.act(async () => {
      for (const part of chunks(ids)) {
        const r = await api.call('albums.addPhotos', { id: albumId, photoIds: part });
        added.push(...r.added);
        name = r.album.name;
      }
      return true;
    });
    if (!ok) return;
    this.selection.clear();
    const already = added.length < ids.length ? ` (${ids.length - added.length} were already there)` : '';
    this.say(`Added ${added.length.toLocaleString()} to “${name}”${already}`, {
      undo: added.length ? () => this.removeFromAlbum(albumId, added, false) : undefined,
    });
    this.albums = await api.call('albums.list', {});
    // back on the album's own screen (an Undo of a removal): its grid and count show the photos again
    if (this.route.name === 'album' && this.route.id === albumId) await this.refresh();
  }

  async removeFromAlbum(albumId: number, ids: number[], undoable = true): Promise<void> {
    // a cover the user chose among the removed photos is chosen again by Undo
    const before = (await this.act(() => api.call('albums.list', {})))?.find((a) => a.id === albumId);
    const cover = before?.coverChosen && before.coverPhotoId !== null && ids.includes(before.coverPhotoId) ? before.coverPhotoId : null;
    // and each photo goes back to its place: the album's order up to the last removed photo is set again
    const order = (await this.act(() => api.call('photos.ids', { query: { kind: 'album', id: albumId } })))?.ids ?? [];
    const removed = new Set(ids);
    let last = -1;
    order.forEach((p, i) => removed.has(p) && (last = i));
    const places = order.slice(0, last + 1);
    const undo = async () => {
      await this.addToAlbum(albumId, ids);
      // albums.reorder takes up to 10,000 ids: beyond that, the photos come back at the end
      if (places.length > 0 && places.length <= 10_000) await this.act(() => api.call('albums.reorder', { id: albumId, photoIds: places }));
      if (cover !== null) await this.act(() => api.call('albums.setCover', { id: albumId, photoId: cover }));
      this.albums = await api.call('albums.list', {});
      if (this.route.name === 'album' && this.route.id === albumId) await this.refresh();
    };
    const ok = await this.act(async () => {
      for (const part of chunks(ids)) await api.call('albums.remove', { id: albumId, photoIds: part });
      return true;
    });
    if (!ok) return;
    this.selection.clear();
    const n = ids.length.toLocaleString();
    this.say(`Removed ${n} from the album (still in your library)`, undoable ? { undo } : {});
    await this.refresh();
    await this.afterRemoval(ids);
  }

  /**
   * Photos left the list on screen (to the bin, out of the album, out of Favourites): an open viewer
   * stays, on the photo that took their place (culling one by one), and closes once nothing is left.
   */
  private async afterRemoval(ids: number[]): Promise<void> {
    // a list in hand (search by image, a duplicate group) is not reloaded: the photos are taken out of it
    if (this.list?.drop) await this.list.drop(new Set(ids));
    if (!this.list?.total) this.viewer.close();
  }

  async trash(ids: number[]): Promise<void> {
    let binned = 0;
    const ok = await this.act(async () => {
      for (const part of chunks(ids)) binned += (await api.call('trash.add', { photoIds: part, deleteFiles: false })).binned;
      return true;
    });
    if (!ok) return;
    this.selection.clear();
    this.say(`Moved ${plural(binned, 'photo')} to the recycle bin`, { undo: () => this.restore(ids) });
    await this.refresh();
    await this.afterRemoval(ids);
  }

  async restore(ids: number[]): Promise<void> {
    let restored = 0;
    await this.act(async () => {
      for (const part of chunks(ids)) restored += (await api.call('trash.restore', { photoIds: part })).restored;
    });
    this.say(`Restored ${plural(restored, 'photo')}`);
    this.selection.clear();
    await this.refresh();
    // restored from the bin's viewer: the next photo in the bin, or closed when none is left
    if (this.route.name === 'trash') await this.afterRemoval(ids);
  }

  async loadAlbums(): Promise<void> {
    this.albums = await api.call('albums.list', {});
  }

  async loadCategories(): Promise<void> {
    if (!this.knownCategories.length) this.knownCategories = (await api.call('categories.list', {})).known;
  }
}

export const app = new AppState();
