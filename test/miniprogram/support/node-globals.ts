import { Blob } from "node:buffer";
import { URL, URLSearchParams } from "node:url";
import { TextDecoder, TextEncoder } from "node:util";
import { deserialize, serialize } from "node:v8";

// The page tests need jsdom for the rendered pages but also run the real backend in the same
// process. The jsdom environment replaces the typed arrays, ArrayBuffer, URL and Blob with the
// window's own (another realm), so Node's TextEncoder and crypto results stop being
// `instanceof Uint8Array` and jose refuses its keys. Put Node's back; the DOM keeps its own.
const TYPED = [
  "Uint8Array",
  "Uint16Array",
  "Uint32Array",
  "Uint8ClampedArray",
  "Int8Array",
  "Int16Array",
  "Int32Array",
  "Float32Array",
  "Float64Array",
] as const;

const g = globalThis as unknown as Record<string, unknown>;
for (const name of TYPED) {
  const Ctor = g[name] as new (n: number) => object;
  // v8.deserialize builds its result in Node's realm, whatever realm the input came from.
  g[name] = (deserialize(serialize(new Ctor(1))) as object).constructor;
}
g.ArrayBuffer = Buffer.alloc(1).buffer.constructor;
Object.assign(globalThis, { URL, URLSearchParams, Blob, TextEncoder, TextDecoder });
