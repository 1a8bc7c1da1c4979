// The photo viewer's state: which photo of the list, and the zoom: "fit" or a scale where 1 is
// 100% (one image pixel per screen pixel), with the pan offset in screen pixels.
export const ZOOM_STEPS = [0.25, 0.5, 1, 2, 4, 8];

/** what the viewer needs of its list to keep following one photo */
export interface FollowedList {
  total: number;
  at(i: number): { id: number } | undefined;
  indexOf(id: number): number;
}

export class ViewerState {
  index = $state<number | null>(null);
  /** the photo on screen: the list can change under the viewer (indexing adds photos), the photo must not */
  id: number | null = null;
  /** 'fit', or image pixels per screen pixel */
  zoom = $state<'fit' | number>('fit');
  panX = $state(0);
  panY = $state(0);
  /** the scale "fit" means for the photo on screen; set by the view as it lays the photo out */
  fitScale = $state(1);
  faces = $state(false);
  /** the object detector's boxes over the photo (O) */
  objects = $state(false);

  readonly scale = $derived(this.zoom === 'fit' ? this.fitScale : this.zoom);
  readonly percent = $derived(Math.round(this.scale * 100));

  open(index: number, id: number | null = null): void {
    this.index = index;
    this.id = id;
    this.fit();
  }

  /**
   * After the list changed (a reload while indexing, a removal): finds the shown photo's new place,
   * so the viewer stays on it. `locate` asks for the place of a photo outside the loaded pages
   * (-1: no longer in the list, so the photo now at this place is shown, as after a removal).
   */
  async follow(list: FollowedList, locate?: (id: number) => Promise<number>): Promise<void> {
    if (this.index === null) return;
    const here = list.at(this.index);
    if (this.id === null || !list.total) {
      this.id = here?.id ?? null;
      return;
    }
    if (here?.id === this.id) return;
    const id = this.id;
    let j = list.indexOf(id);
    if (j < 0 && locate) j = await locate(id);
    if (this.id !== id || this.index === null) return; // moved on meanwhile
    if (j >= 0) this.index = j;
    else {
      this.index = Math.min(this.index, list.total - 1);
      this.id = list.at(this.index)?.id ?? null;
    }
  }

  /** Closes; gives back the index that was shown, so the grid can return to it. */
  close(): number | null {
    const i = this.index;
    this.index = null;
    this.id = null;
    return i;
  }

  move(step: number, total: number): void {
    if (this.index === null || total <= 0) return;
    this.index = Math.max(0, Math.min(total - 1, this.index + step));
    this.id = null; // taken from the list at the next follow
    this.fit();
  }

  fit(): void {
    this.zoom = 'fit';
    this.panX = this.panY = 0;
  }

  /** fit <-> 100% (double-click, the "1:1" button) */
  toggleActual(): void {
    if (this.zoom === 'fit') this.zoom = 1;
    else this.fit();
  }

  zoomIn(): void {
    const next = ZOOM_STEPS.find((s) => s > this.scale + 1e-6);
    if (next !== undefined) this.zoom = next;
  }

  zoomOut(): void {
    const prev = [...ZOOM_STEPS].reverse().find((s) => s < this.scale - 1e-6);
    if (prev === undefined || prev <= this.fitScale) this.fit();
    else this.zoom = prev;
  }

  /** Wheel: a smooth factor, back to fit below the fitting scale. */
  wheel(deltaY: number): void {
    const next = this.scale * Math.exp(-deltaY / 500);
    if (next <= this.fitScale) this.fit();
    else this.zoom = Math.min(8, next);
  }

  pan(dx: number, dy: number): void {
    if (this.zoom === 'fit') return;
    this.panX += dx;
    this.panY += dy;
  }
}
