/** Repeats `tick` every `ms` while started; starting twice keeps one timer. */
export class Poller {
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly ms: number,
    private readonly tick: () => void,
  ) {}

  start(): void {
    if (!this.timer) this.timer = setInterval(this.tick, this.ms);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
