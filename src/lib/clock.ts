/**
 * Business time. Rules take `now` from here, never from `new Date()`, so the sandbox can move time
 * (policy dates, limits, transfer hours, windows, expiries). Tokens and signatures use real time.
 */
export interface Clock {
  now(): Date;
  /** Sandbox only: move business time forward. */
  set?(to: Date): void;
  readonly movable: boolean;
}

export const systemClock: Clock = { now: () => new Date(), movable: false };

export class SandboxClock implements Clock {
  readonly movable = true;
  private fixed: Date | null;
  constructor(start?: Date | null) {
    this.fixed = start ?? null;
  }
  now(): Date {
    return this.fixed ? new Date(this.fixed.getTime()) : new Date();
  }
  set(to: Date): void {
    this.fixed = new Date(to.getTime());
  }
}
