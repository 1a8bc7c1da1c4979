// A photo list loaded page by page as the grid scrolls to it. The array itself is plain (100,000
// slots, filled in place); `version` is what views depend on, bumped once per page. A failed page
// leaves what is shown as it was (never "0 photos") and is asked for again on the next ensure.
import type { Photo } from '$shared/contract.js';

export type PhotoLoader = (limit: number, offset: number) => Promise<{ total: number; items: Photo[] }>;

export class PhotoList {
  total = $state(0);
  version = $state(0);
  /** true until the first page has answered */
  loading = $state(true);
  error = $state<string | null>(null);
  readonly items: (Photo | undefined)[] = [];
  private pages = new Map<number, Promise<void>>();
  /** pages loaded since the last reload: the rest of `items` may be stale rows kept on screen meanwhile */
  private fresh = new Set<number>();
  private range: [number, number] = [0, 0];

  constructor(
    private readonly loader: PhotoLoader,
    readonly pageSize = 300,
  ) {}

  /** the photo at i (tracks the list's version) */
  at(i: number): Photo | undefined {
    void this.version;
    return this.items[i];
  }

  /** Loads the pages covering [from, to]. */
  async ensure(from: number, to: number): Promise<void> {
    this.range = [from, to];
    const first = Math.floor(Math.max(0, from) / this.pageSize);
    const last = Math.floor(Math.max(0, to) / this.pageSize);
    const work: Promise<void>[] = [];
    for (let p = first; p <= last; p++) {
      if (p > first && this.total && p * this.pageSize >= this.total) break;
      let job = this.pages.get(p);
      if (!job) {
        job = this.loadPage(p);
        this.pages.set(p, job);
      }
      work.push(job);
    }
    await Promise.all(work);
  }

  private async loadPage(p: number): Promise<void> {
    try {
      const r = await this.loader(this.pageSize, p * this.pageSize);
      if (this.items.length !== r.total) this.items.length = r.total;
      r.items.forEach((ph, i) => (this.items[p * this.pageSize + i] = ph));
      this.fresh.add(p);
      this.total = r.total;
      this.error = null;
      this.loading = false;
      this.version++;
    } catch (err) {
      this.pages.delete(p);
      this.error = (err as Error).message;
      throw err;
    }
  }

  /** Changes these photos where they are loaded (a favourite toggled), without fetching anything. */
  patch(ids: ReadonlySet<number>, change: Partial<Photo>): void {
    let hit = false;
    for (let i = 0; i < this.items.length; i++) {
      const p = this.items[i];
      if (p && ids.has(p.id)) {
        this.items[i] = { ...p, ...change };
        hit = true;
      }
    }
    if (hit) this.version++;
  }

  /**
   * Fetches the pages in view again (after a change), keeping what is shown meanwhile; `also`: another
   * place someone is looking at (the viewer's photo, far from the grid's rows behind it).
   */
  async reload(also?: [number, number]): Promise<void> {
    const range = this.range;
    this.pages.clear();
    this.fresh.clear();
    const work = [this.ensure(...range)];
    if (also) {
      work.push(this.ensure(...also));
      this.range = range; // the grid's rows stay the place reloaded next time
    }
    await Promise.all(work);
  }

  /** The ids of the photos from..to (inclusive, either order), loading what is missing. */
  async idsBetween(a: number, b: number): Promise<number[]> {
    const [from, to] = a <= b ? [a, b] : [b, a];
    await this.ensure(from, to);
    const out: number[] = [];
    for (let i = from; i <= to; i++) {
      const p = this.items[i];
      if (p) out.push(p.id);
    }
    return out;
  }

  /** where photo `id` is among the pages loaded since the last reload (-1: not there; stale rows do not count) */
  indexOf(id: number): number {
    for (const p of this.fresh) {
      const end = Math.min(this.items.length, (p + 1) * this.pageSize);
      for (let i = p * this.pageSize; i < end; i++) if (this.items[i]?.id === id) return i;
    }
    return -1;
  }

  /** A list of photos already in hand (search by image, a duplicate group): it does not reload, see drop. */
  static of(items: Photo[]): PhotoList {
    let held = [...items];
    const l = new PhotoList(async (limit, offset) => ({ total: held.length, items: held.slice(offset, offset + limit) }));
    l.drop = async (ids) => {
      held = held.filter((p) => !ids.has(p.id));
      await l.reload();
    };
    void l.ensure(0, items.length);
    return l;
  }

  /** Takes photos out of a list in hand (they went to the bin); null for lists that reload from the catalog. */
  drop: ((ids: ReadonlySet<number>) => Promise<void>) | null = null;
}
