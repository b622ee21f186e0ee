import { inflateSync } from "node:zlib";
import jsQR from "jsqr";

/** Reads the text of the QR code in a `data:image/png;base64,` URL, as a phone camera would. */
export function readQr(dataUrl: string): string | null {
  const buf = Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ""), "base64");
  let off = 8;
  let width = 0;
  let bitDepth = 0;
  const idat: Buffer[] = [];
  while (off < buf.length) {
    const len = buf.readUInt32BE(off);
    const type = buf.toString("latin1", off + 4, off + 8);
    const data = buf.subarray(off + 8, off + 8 + len);
    if (type === "IHDR") {
      width = data.readUInt32BE(0);
      bitDepth = data[8]!;
    }
    if (type === "IDAT") idat.push(data);
    off += 12 + len;
  }
  if (bitDepth !== 1) throw new Error(`expected a 1-bit PNG, got ${bitDepth}`);
  const raw = inflateSync(Buffer.concat(idat));
  const rowBytes = Math.ceil(width / 8);
  const rgba = new Uint8ClampedArray(width * width * 4);
  for (let y = 0; y < width; y++) {
    for (let x = 0; x < width; x++) {
      const v = (raw[y * (rowBytes + 1) + 1 + (x >> 3)]! >> (7 - (x & 7))) & 1 ? 255 : 0;
      const i = (y * width + x) * 4;
      rgba[i] = rgba[i + 1] = rgba[i + 2] = v;
      rgba[i + 3] = 255;
    }
  }
  return jsQR(rgba, width, width)?.data ?? null;
}
