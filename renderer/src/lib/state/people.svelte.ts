// The people of the library as the People screens show them: one call for all, with cover faces,
// and the names typed so far for name-as-you-type suggestions.
import type { Person } from '$shared/contract.js';

export type PersonCard = Person & { coverFaceId: number | null; coverCropRev: number };

export class PeopleState {
  list = $state<PersonCard[]>([]);
  loaded = $state(false);

  /** hidden people are listed too (to unhide them) */
  includeHidden = $state(false);

  constructor(private readonly fetch: (includeHidden: boolean) => Promise<PersonCard[]>) {}

  async load(): Promise<void> {
    this.list = await this.fetch(this.includeHidden);
    this.loaded = true;
  }

  byId(id: number): PersonCard | undefined {
    return this.list.find((p) => p.id === id);
  }

  readonly named = $derived(this.list.filter((p) => p.name));
  readonly unnamed = $derived(this.list.filter((p) => !p.name));

  label(p: Pick<Person, 'id' | 'name'>): string {
    return p.name ?? `Person #${p.id}`;
  }

  /** Names starting with what was typed, then names containing it; at most `max`. */
  suggest(typed: string, max = 8): string[] {
    const t = typed.trim().toLocaleLowerCase();
    const names = [...new Set(this.named.map((p) => p.name!))];
    if (!t) return names.slice(0, max);
    const starts = names.filter((n) => n.toLocaleLowerCase().startsWith(t));
    const contains = names.filter((n) => !starts.includes(n) && n.toLocaleLowerCase().includes(t));
    return [...starts, ...contains].slice(0, max);
  }
}
