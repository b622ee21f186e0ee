// One user action (this transfer, this premium payment) keeps one Idempotency-Key for as long as
// it might still be in flight, so a retry after a lost answer can never pay twice. A changed body
// is a different action (the server would refuse the old key with another body).

let counter = 0;

function newKey(): string {
  counter = (counter + 1) % 1_000_000;
  const rand = Math.floor(Math.random() * 0x100000000).toString(36);
  return `mp-${Date.now().toString(36)}-${counter.toString(36)}-${rand}`;
}

// A fingerprint, not the body: the body holds the payment password.
function fingerprint(body: unknown): string {
  const text = JSON.stringify(body ?? null);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `${text.length}:${h.toString(16)}`;
}

export class UserAction {
  private key: string | null = null;
  private print = "";

  /** The key for this body: the same as last time unless the body changed or the action finished. */
  keyFor(body: unknown): string {
    const print = fingerprint(body);
    if (!this.key || print !== this.print) {
      this.key = newKey();
      this.print = print;
    }
    return this.key;
  }

  /** The server gave a final answer; the next tap is a new action. */
  finish(): void {
    this.key = null;
  }
}
