// Web mode's link to the server: "lost" while it does not answer (retrying by itself until the
// same server is back), "unauthorised" when it answers but no longer knows this page's token.
export type LinkState = 'ok' | 'lost' | 'unauthorised';

export class Connection {
  state = $state<LinkState>('ok');
  private retry: ReturnType<typeof setTimeout> | undefined;
  private readonly back = new Set<() => void>();

  constructor(
    private readonly ping: () => Promise<'ok' | 'unauthorised'>,
    private readonly everyMs = 1500,
  ) {}

  /** A call failed at the network level: say so, and try again until the server answers. */
  lost(): void {
    if (this.state !== 'ok') return;
    this.state = 'lost';
    this.schedule();
  }

  unauthorised(): void {
    clearTimeout(this.retry);
    this.state = 'unauthorised';
  }

  private schedule(): void {
    clearTimeout(this.retry);
    this.retry = setTimeout(async () => {
      try {
        const r = await this.ping();
        if (r === 'unauthorised') return this.unauthorised();
        this.state = 'ok';
        for (const cb of this.back) cb();
      } catch {
        this.schedule();
      }
    }, this.everyMs);
  }

  /** Called when the server answers again after being lost (screens reload what they show). */
  onBack(cb: () => void): () => void {
    this.back.add(cb);
    return () => this.back.delete(cb);
  }
}
