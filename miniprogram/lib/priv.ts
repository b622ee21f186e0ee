// State a page or component keeps out of `data`: anything in data is copied to the view layer,
// and payment PINs, timers and in-flight actions must not be.
const store = new WeakMap<object, object>();

export function priv<T extends object>(self: object, init: () => T): T {
  let p = store.get(self) as T | undefined;
  if (!p) {
    p = init();
    store.set(self, p);
  }
  return p;
}
