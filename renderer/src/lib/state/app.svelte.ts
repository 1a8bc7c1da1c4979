// All the renderer's state, and the only code that calls the API. Components render it.
import { SvelteSet } from 'svelte/reactivity';
import type { Album, CategoryCount, MethodOutput, Person, Photo, PlaceTreeInfo, ProgressEvent, Root } from '$shared/contract.js';
import { api, inElectron, uploadForSearch } from '../api.js';

export type View =
  | { kind: 'library' }
  | { kind: 'favourites' }
  | { kind: 'albums' }
  | { kind: 'album'; id: number }
  | { kind: 'categories' }
  | { kind: 'category'; name: string }
  | { kind: 'people' }
  | { kind: 'person'; id: number }
  | { kind: 'places' }
  | { kind: 'place'; country: string; region?: string | null; city?: string | null }
  | { kind: 'trash' }
  | { kind: 'duplicates' }
  | { kind: 'search'; title: string }
  | { kind: 'settings' };

type Loader = (limit: number, offset: number) => Promise<{ total: number; items: Photo[] }>;
const PAGE = 300;

/**
 * A photo list loaded page by page as the grid scrolls to it. The array itself is plain (100,000
 * slots, filled in place); `version` is what views depend on, bumped once per page.
 */
export class PhotoList {
  total = $state(0);
  version = $state(0);
  loading = $state(true);
  readonly items: (Photo | undefined)[] = [];
  private pages = new Set<number>();
  constructor(private readonly loader: Loader) {}
  /** the photo at i (tracks the list's version) */
  at(i: number): Photo | undefined {
    void this.version;
    return this.items[i];
  }
  private range: [number, number] = [0, 0];
  /** Fetches the pages in view again (after indexing changed things), keeping what is shown meanwhile. */
  async reload(): Promise<void> {
    this.pages.clear();
    await this.ensure(...this.range);
  }
  async ensure(from: number, to: number): Promise<void> {
    this.range = [from, to];
    const first = Math.floor(Math.max(0, from) / PAGE);
    const last = Math.floor(Math.max(0, to) / PAGE);
    const work: Promise<void>[] = [];
    for (let p = first; p <= last; p++) {
      if (this.pages.has(p)) continue;
      this.pages.add(p);
      work.push(
        this.loader(PAGE, p * PAGE).then((r) => {
          if (this.items.length !== r.total) this.items.length = r.total;
          r.items.forEach((ph, i) => (this.items[p * PAGE + i] = ph));
          this.total = r.total;
          this.version++;
        }),
      );
    }
    await Promise.all(work);
    this.loading = false;
  }
  static of(items: Photo[]): PhotoList {
    const l = new PhotoList(async () => ({ total: items.length, items }));
    void l.ensure(0, items.length);
    return l;
  }
}

export class AppState {
  view = $state<View>({ kind: 'library' });
  list = $state<PhotoList | null>(null);
  roots = $state<Root[]>([]);
  started = $state(false);
  progress = $state<ProgressEvent | null>(null);
  viewer = $state<number | null>(null);
  selection = new SvelteSet<number>();
  toast = $state<{ message: string; error?: boolean; undo?: () => void } | null>(null);
  albums = $state<Album[]>([]);
  people = $state<Person[]>([]);
  categories = $state<CategoryCount[]>([]);
  knownCategories = $state<string[]>([]);
  places = $state<PlaceTreeInfo | null>(null);
  duplicates = $state<{ kind: string; photos: Photo[]; best: number; why: string }[]>([]);
  searchInfo = $state<string>('');
  threshold = $state(0.72);
  models = $state<MethodOutput<'models.list'> | null>(null);
  modelProgress = $state<{ phase: string; done: number; total: number | null; message: string } | null>(null);
  retention = $state(30);
  private toastTimer: ReturnType<typeof setTimeout> | undefined;
  private changedTimer: ReturnType<typeof setTimeout> | undefined;

  async start(): Promise<void> {
    api.on('index.progress', (p) => {
      this.progress = p;
      if (p.stage === 'idle') void this.refresh();
    });
    // photos appear while indexing runs, a few times a minute rather than on every photo
    api.on('library.changed', () => {
      if (this.changedTimer || !['library', 'favourites', 'places', 'categories', 'people'].includes(this.view.kind) || this.viewer !== null || this.selection.size) return;
      this.changedTimer = setTimeout(() => {
        this.changedTimer = undefined;
        void this.refresh();
      }, 2500);
    });
    await this.refreshRoots();
    this.started = true;
    this.route(location.hash);
    addEventListener('hashchange', () => this.route(location.hash));
  }

  async refreshRoots() {
    this.roots = await api.call('roots.list', {});
  }

  say(message: string, opts: { error?: boolean; undo?: () => void } = {}) {
    this.toast = { message, ...opts };
    clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => (this.toast = null), opts.undo ? 8000 : 4000);
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

  go(hash: string) {
    if (location.hash === hash) this.route(hash);
    else location.hash = hash;
  }

  /** #/library, #/album/3, #/category/Food, #/person/2, #/place/Italy/Tuscany/Arezzo, ... */
  route(hash: string) {
    const [kind = 'library', ...rest] = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
    this.selection.clear();
    this.viewer = null;
    const v: View =
      kind === 'album' ? { kind, id: Number(rest[0]) }
      : kind === 'category' ? { kind, name: rest[0] ?? '' }
      : kind === 'person' ? { kind, id: Number(rest[0]) }
      : kind === 'place' ? { kind, country: rest[0] ?? '', region: rest[1], city: rest[2] }
      : (['favourites', 'albums', 'categories', 'people', 'places', 'trash', 'duplicates', 'settings', 'search'].includes(kind) ? { kind } : { kind: 'library' }) as View;
    if (v.kind === 'search' && this.view.kind === 'search') return;
    this.view = v;
    void this.act(() => this.load());
  }

  /** After indexing changed the library: lists keep their place and reload what is on screen. */
  async refresh() {
    await this.refreshRoots();
    if (this.list && this.view.kind !== 'search' && this.view.kind !== 'person') await this.act(() => this.list!.reload());
    else if (this.view.kind !== 'search') await this.act(() => this.load());
  }

  private async load() {
    const v = this.view;
    this.list = null;
    switch (v.kind) {
      case 'library':
        this.list = new PhotoList((limit, offset) => api.call('photos.list', { limit, offset, status: 'indexed' }));
        break;
      case 'favourites':
        this.list = new PhotoList((limit, offset) => api.call('favourites.list', { limit, offset }));
        break;
      case 'albums':
        this.albums = await api.call('albums.list', {});
        break;
      case 'album':
        this.albums = await api.call('albums.list', {});
        this.list = new PhotoList(async (limit, offset) => (await api.call('albums.get', { id: v.id, limit, offset })).photos);
        break;
      case 'categories': {
        const c = await api.call('categories.list', {});
        this.categories = c.categories;
        this.knownCategories = c.known;
        break;
      }
      case 'category':
        this.list = new PhotoList(async (limit, offset) => {
          const r = await api.call('categories.photos', { category: v.name, limit, offset });
          const count = this.categories.find((c) => c.category === v.name)?.photos;
          return { total: count ?? offset + r.items.length + (r.items.length === limit ? limit : 0), items: r.items.map((i) => i.photo) };
        });
        if (!this.categories.length) this.categories = (await api.call('categories.list', {})).categories;
        break;
      case 'people':
        this.people = await api.call('people.list', {});
        break;
      case 'person': {
        const p = await api.call('people.get', { id: v.id });
        const photos = await Promise.all(p.photos.map((x) => api.call('photos.get', { id: x.photoId })));
        this.people = await api.call('people.list', {});
        this.list = PhotoList.of(photos);
        break;
      }
      case 'places':
        this.places = await api.call('places.tree', {});
        break;
      case 'place':
        this.list = new PhotoList((limit, offset) => api.call('places.photos', { country: v.country, region: v.region, city: v.city, limit, offset }));
        break;
      case 'trash':
        this.list = new PhotoList(async (limit, offset) => {
          const r = await api.call('trash.list', { limit, offset });
          this.retention = r.retentionDays;
          return { total: r.total, items: r.items.map((i) => i.photo) };
        });
        break;
      case 'duplicates':
        this.duplicates = (await api.call('duplicates.list', {})).groups;
        break;
      case 'settings':
        this.models = await api.call('models.list', {});
        this.threshold = (await api.call('people.threshold.get', {})).threshold;
        this.retention = (await api.call('trash.retention.get', {})).days;
        break;
    }
  }

  // actions

  async addFolder(path: string) {
    const root = await this.act(() => api.call('roots.add', { path }));
    if (root) {
      this.say(`Added ${root.path}. Indexing…`);
      await this.refreshRoots();
      this.go('#/library');
    }
  }

  async favourite(ids: number[], on: boolean) {
    await this.act(() => api.call('favourites.set', { photoIds: ids, favourite: on }));
    this.say(on ? `Added ${ids.length} to favourites` : `Removed ${ids.length} from favourites`, { undo: () => void this.favourite(ids, !on) });
    if (this.view.kind === 'favourites') await this.refresh();
  }

  async trash(ids: number[]) {
    const r = await this.act(() => api.call('trash.add', { photoIds: ids, deleteFiles: false }));
    if (!r) return;
    this.viewer = null;
    this.selection.clear();
    this.say(`Moved ${r.binned} photo(s) to the recycle bin`, { undo: () => void this.restore(ids) });
    await this.refresh();
  }

  async restore(ids: number[]) {
    const r = await this.act(() => api.call('trash.restore', { photoIds: ids }));
    if (r) this.say(`Restored ${r.restored} photo(s)`);
    this.selection.clear();
    await this.refresh();
  }

  async emptyTrash() {
    const r = await this.act(() => api.call('trash.empty', {}));
    if (r) this.say(`Removed ${r.purged} photo(s) from the library for good (files untouched)`);
    await this.refresh();
  }

  async createAlbum(name: string, photoIds: number[] = []) {
    const a = await this.act(() => api.call('albums.create', { name, photoIds }));
    if (a) this.say(`Album “${a.name}” created with ${a.count} photo(s)`);
    this.albums = await api.call('albums.list', {});
    return a;
  }

  async addToAlbum(id: number, photoIds: number[]) {
    const a = await this.act(() => api.call('albums.add', { id, photoIds }));
    if (a) this.say(`Added to “${a.name}” (${a.count} photos)`, { undo: () => void this.act(() => api.call('albums.remove', { id, photoIds })) });
  }

  async reorderAlbum(id: number, photoIds: number[]) {
    await this.act(() => api.call('albums.reorder', { id, photoIds }));
    await this.refresh();
  }

  async renamePerson(id: number, name: string) {
    await this.act(() => api.call('people.rename', { id, name }));
    this.people = await api.call('people.list', {});
  }

  async moveFace(faceId: number, personId: number | null) {
    const p = await this.act(() => api.call('faces.move', { faceId, personId }));
    if (p) this.say(`Face moved to ${p.name ?? `person #${p.id}`}`);
    this.people = await api.call('people.list', {});
  }

  async removeFace(faceId: number) {
    await this.act(() => api.call('faces.remove', { faceId }));
    this.say('Face removed from this person; it will not be put back');
    this.people = await api.call('people.list', {});
  }

  async mergePeople(into: number, from: number) {
    const p = await this.act(() => api.call('people.merge', { into, from }));
    if (!p) return;
    this.say(`Merged into ${p.name ?? `person #${p.id}`} (${p.photos} photos)`);
    this.go(`#/person/${into}`);
  }

  async setCategory(photoId: number, category: string) {
    await this.act(() => api.call('photos.setCategories', { id: photoId, categories: [category] }));
    this.say(`Category set to ${category}; it will not be changed by the machine`);
  }

  async makeGif(photoIds: number[], opts: { delayMs: number; loop: number; size: number; fit: 'contain' | 'cover' | 'fill'; out: string }) {
    const r = await this.act(() => api.call('gif.make', { photoIds, ...opts, overwrite: false, addToLibrary: true }));
    if (r) this.say(`GIF saved: ${r.file} (${r.frames} frames, ${(r.bytes / 1e6).toFixed(1)} MB)`);
    return r;
  }

  async searchByImage(path: string, label: string) {
    const r = await this.act(() => api.call('search.similar', { imagePath: path, limit: 60 }));
    if (!r) return;
    const seen = new Set<number>();
    const photos = [...r.nearDuplicates.map((d) => d.photo), ...r.similar.map((s) => s.photo)].filter((p) => !seen.has(p.id) && seen.add(p.id));
    this.searchInfo = `Like “${label}”: ${r.nearDuplicates.length} near-duplicate(s), ${r.similar.length} similar${r.narrowedTo ? ` among ${r.narrowedTo}` : ''}`;
    this.view = { kind: 'search', title: label };
    this.list = PhotoList.of(photos);
    if (location.hash !== '#/search') history.replaceState(null, '', '#/search');
  }

  async removeFolder(id: number, path: string) {
    const r = await this.act(() => api.call('roots.remove', { id }));
    if (r) this.say(`Stopped watching ${path}; its ${r.photosDetached} photo(s) stay in the catalog as missing, with their albums`);
    await this.refresh();
  }

  /** "Download better models": SE-ResNeXt-50, built here; categories are redone in the background. */
  async upgradeModels() {
    const off = api.on('models.progress', (p) => (this.modelProgress = p));
    try {
      const r = await this.act(() => api.call('models.upgrade', {}));
      if (r) this.say(`Categories now come from ${r.id}; ${r.queued} photo(s) are being re-classified`);
    } finally {
      off();
      this.modelProgress = null;
      this.models = await api.call('models.list', {});
    }
  }

  async useModel(id: string) {
    const r = await this.act(() => api.call('models.use', { id }));
    if (r) this.say(`${r.task} now uses ${r.id}`);
    this.models = await api.call('models.list', {});
  }

  async setThreshold(t: number) {
    const r = await this.act(() => api.call('people.threshold.set', { threshold: t }));
    if (r) this.say(`Faces now join a person at ${Math.round(r.threshold * 100)}% or more`);
  }

  async setRetention(days: number) {
    const r = await this.act(() => api.call('trash.retention.set', { days }));
    if (r) this.say(`Photos stay ${r.days} days in the recycle bin`);
  }

  // What screens read for themselves: they ask this module, never the client (test/unit/layering.test.ts)
  readonly inElectron = inElectron;
  mediaUrl(kind: Parameters<typeof api.mediaUrl>[0], id: number): string {
    return api.mediaUrl(kind, id);
  }
  listAlbums() {
    return api.call('albums.list', {});
  }
  photoDetails(id: number) {
    return api.call('photos.details', { id });
  }
  async personFaces(id: number) {
    return (await api.call('people.get', { id })).faces;
  }
  async loadKnownCategories() {
    this.knownCategories = (await api.call('categories.list', {})).known;
  }
  async pickFolder(): Promise<string | null> {
    return (await api.call('system.pickFolder', {})).path ?? null;
  }
  /** a dropped file, as a path the core can read (web mode uploads it) */
  uploadForSearch(file: File): Promise<string> {
    return uploadForSearch(file);
  }
}

export const app = new AppState();
