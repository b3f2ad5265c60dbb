/**
 * Draws the app's PNG icons (public/icons/*.png) with no image library: a lens over a plain
 * field, rendered from distance functions with 4x4 supersampling and written as an RGBA PNG
 * through zlib. Run `node scripts/icons.mjs` after changing the drawing; the PNGs are committed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

const out = join(import.meta.dirname, '../public/icons');
const ACCENT = [0x0b, 0x5c, 0xad];
const WHITE = [0xff, 0xff, 0xff];

/** Coverage (0..1) of the white mark at a point in a unit square; `inset` shrinks it into the maskable safe zone. */
function mark(x, y, inset) {
  const s = 1 - 2 * inset;
  const u = (x - inset) / s;
  const v = (y - inset) / s;
  // Ring of the lens, centred up and left, and a handle running down and right from it.
  const cx = 0.42, cy = 0.42, r = 0.22, w = 0.075;
  const ring = Math.abs(Math.hypot(u - cx, v - cy) - r) < w / 2;
  const ax = cx + (r + w / 2) * Math.SQRT1_2, ay = cy + (r + w / 2) * Math.SQRT1_2, bx = 0.8, by = 0.8;
  const t = Math.max(0, Math.min(1, ((u - ax) * (bx - ax) + (v - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
  const handle = Math.hypot(u - (ax + t * (bx - ax)), v - (ay + t * (by - ay))) < 0.06;
  // A small cross in the lens: the clinical part.
  const inCross = (Math.abs(u - cx) < 0.03 && Math.abs(v - cy) < 0.1) || (Math.abs(v - cy) < 0.03 && Math.abs(u - cx) < 0.1);
  return ring || handle || inCross ? 1 : 0;
}

/** Whether a point lies inside the rounded square (the maskable icon fills the whole square). */
function field(x, y, radius) {
  const dx = Math.max(radius - x, 0, x - (1 - radius));
  const dy = Math.max(radius - y, 0, y - (1 - radius));
  return Math.hypot(dx, dy) <= radius ? 1 : 0;
}

function draw(size, { maskable }) {
  const px = Buffer.alloc(size * size * 4);
  const n = 4;
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      let bg = 0, fg = 0;
      for (let sj = 0; sj < n; sj++) {
        for (let si = 0; si < n; si++) {
          const x = (i + (si + 0.5) / n) / size, y = (j + (sj + 0.5) / n) / size;
          const f = maskable ? 1 : field(x, y, 0.18);
          bg += f;
          fg += f * mark(x, y, maskable ? 0.12 : 0.02);
        }
      }
      const a = bg / (n * n), m = bg ? fg / bg : 0;
      const o = (j * size + i) * 4;
      for (let c = 0; c < 3; c++) px[o + c] = Math.round(ACCENT[c] * (1 - m) + WHITE[c] * m);
      px[o + 3] = Math.round(a * 255);
    }
  }
  return png(size, px);
}

const CRC = new Uint32Array(256).map((_, k) => {
  let c = k;
  for (let b = 0; b < 8; b++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function png(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  // Each scanline starts with filter byte 0 (none).
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

mkdirSync(out, { recursive: true });
for (const [name, size, maskable] of [['icon-192.png', 192, false], ['icon-512.png', 512, false], ['icon-maskable-512.png', 512, true], ['apple-touch-icon.png', 180, true]]) {
  writeFileSync(join(out, name), draw(size, { maskable }));
  console.log(`wrote public/icons/${name}`);
}
