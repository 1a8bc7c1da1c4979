// What is selected in the current view. "All of this view" is kept as a flag plus the exceptions,
// so Ctrl-A on 100,000 photos loads nothing: the ids are asked for by query only when an action runs.
import { SvelteSet } from 'svelte/reactivity';

export class Selection {
  /** every photo of the view, minus `except` */
  all = $state(false);
  /** how many photos the view has (for the count when all are selected) */
  total = $state(0);
  /** the index the next Shift-click range starts from */
  anchor: number | null = null;
  private readonly ids = new SvelteSet<number>();
  private readonly except = new SvelteSet<number>();

  readonly count = $derived(this.all ? Math.max(0, this.total - this.except.size) : this.ids.size);

  has(id: number): boolean {
    return this.all ? !this.except.has(id) : this.ids.has(id);
  }

  toggle(id: number, index?: number): void {
    const set = this.all ? this.except : this.ids;
    if (set.has(id)) set.delete(id);
    else set.add(id);
    if (index !== undefined) this.anchor = index;
  }

  /** Shift-click: adds a range (ids of anchor..index) */
  addRange(ids: number[], index: number): void {
    for (const id of ids) {
      if (this.all) this.except.delete(id);
      else this.ids.add(id);
    }
    this.anchor = index;
  }

  set(ids: Iterable<number>): void {
    this.clear();
    for (const id of ids) this.ids.add(id);
  }

  selectAll(total: number): void {
    this.ids.clear();
    this.except.clear();
    this.total = total;
    this.all = true;
  }

  clear(): void {
    this.all = false;
    this.ids.clear();
    this.except.clear();
    this.anchor = null;
  }

  /** The selected ids in view order; `allIds` answers the view's query when everything is selected. */
  async resolve(allIds: () => Promise<number[]>): Promise<number[]> {
    if (!this.all) return [...this.ids];
    return (await allIds()).filter((id) => !this.except.has(id));
  }

  /** The selected ids when they are known without asking (not "all"). */
  known(): number[] | null {
    return this.all ? null : [...this.ids];
  }
}
