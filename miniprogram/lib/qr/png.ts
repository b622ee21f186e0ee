// A 1-bit greyscale PNG with "stored" (uncompressed) deflate blocks: small enough for a QR code
// and needs no zlib, so the e-code never leaves the phone to be drawn.

function crcTable(): number[] {
  const t: number[] = [];
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t.push(c >>> 0);
  }
  return t;
}
const CRC = crcTable();

function crc32(bytes: number[]): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function u32(n: number): number[] {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
}

function chunk(type: string, data: number[]): number[] {
  const typed = [...type].map((c) => c.charCodeAt(0)).concat(data);
  return u32(data.length).concat(typed, u32(crc32(typed)));
}

function zlibStored(raw: number[]): number[] {
  const out = [0x78, 0x01];
  for (let i = 0; i < raw.length || i === 0; i += 65535) {
    const len = Math.min(65535, raw.length - i);
    const final = i + len >= raw.length ? 1 : 0;
    out.push(final, len & 255, len >>> 8, ~len & 255, (~len >>> 8) & 255);
    for (let j = i; j < i + len; j++) out.push(raw[j]!);
    if (final) break;
  }
  let a = 1;
  let b = 0;
  for (const v of raw) {
    a = (a + v) % 65521;
    b = (b + a) % 65521;
  }
  return out.concat(u32(((b << 16) | a) >>> 0));
}

/** PNG bytes of `grid` (true = black), each module `scale` pixels, with a `quiet`-module white border. */
export function gridToPng(grid: boolean[][], scale: number, quiet = 4): number[] {
  const modules = grid.length + quiet * 2;
  const width = modules * scale;
  const rowBytes = Math.ceil(width / 8);
  const raw: number[] = [];
  for (let py = 0; py < width; py++) {
    const my = Math.floor(py / scale) - quiet;
    const row = new Array<number>(rowBytes).fill(0);
    for (let px = 0; px < width; px++) {
      const mx = Math.floor(px / scale) - quiet;
      const dark = my >= 0 && my < grid.length && mx >= 0 && mx < grid.length && grid[my]![mx];
      // In 1-bit greyscale a 1 bit is white.
      if (!dark) row[px >> 3]! |= 0x80 >> (px & 7);
    }
    raw.push(0, ...row);
  }
  const header = u32(width).concat(u32(width), [1, 0, 0, 0, 0]);
  return [137, 80, 78, 71, 13, 10, 26, 10].concat(chunk("IHDR", header), chunk("IDAT", zlibStored(raw)), chunk("IEND", []));
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

export function base64(bytes: number[]): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >>> 18) & 63]! + B64[(n >>> 12) & 63]!;
    out += i + 1 < bytes.length ? B64[(n >>> 6) & 63]! : "=";
    out += i + 2 < bytes.length ? B64[n & 63]! : "=";
  }
  return out;
}
