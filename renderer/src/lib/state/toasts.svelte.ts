// Messages at the bottom of the window; one with Undo stays longer.
export interface Toast {
  message: string;
  error?: boolean;
  undo?: () => void | Promise<void>;
}

export class Toasts {
  current = $state<Toast | null>(null);
  private timer: ReturnType<typeof setTimeout> | undefined;

  say(message: string, opts: Omit<Toast, 'message'> = {}): void {
    this.current = { message, ...opts };
    clearTimeout(this.timer);
    this.timer = setTimeout(() => (this.current = null), opts.undo ? 10_000 : opts.error ? 8000 : 4000);
  }

  async undo(): Promise<void> {
    const t = this.current;
    this.current = null;
    await t?.undo?.();
  }

  dismiss(): void {
    this.current = null;
  }
}
