/**
 * CRC-32 (the zlib / PNG polynomial), continued from `prev`: zlib.crc32 where Node has it (20.15+, 22.2+), a
 * table-driven loop otherwise. Guards the packed vector cache (packed.ts) against damaged bytes.
 */
import * as zlib from 'node:zlib';

const native = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

let table: Uint32Array | undefined;
function jsCrc32(data: Uint8Array, prev: number): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let c = ~prev >>> 0;
  for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

export function crc32(data: Uint8Array, prev = 0): number {
  // zlib's crc32 returns 0 for a NULL buffer, which an empty ArrayBuffer can be: an empty input changes nothing
  if (data.length === 0) return prev >>> 0;
  return native ? native(data, prev) >>> 0 : jsCrc32(data, prev);
}

/** The table-driven implementation, for the test that checks both give the same values. */
export const crc32Js = (data: Uint8Array, prev = 0): number => jsCrc32(data, prev);
