import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileMapper } from '../../../compute/native/map-file.js';
import { ModelError } from '../../../core/errors.js';
import { crc32, crc32Js } from '../../../models/static/crc32.js';
import { loadVectors } from '../../../models/static/load.js';
import { PACKED_BLOCK, PackedWriter, readPacked } from '../../../models/static/packed.js';
import { buildIndex, type DuplicateRule } from '../../../models/static/vector-table.js';

const dir = mkdtempSync(join(tmpdir(), 'packed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const hasMap = fileMapper() !== undefined;
if (!hasMap) console.warn('map_file addon not built (npm run build:native): the mapped-reload tests skip');

/** Words with duplicates, multi-byte UTF-8, an empty string and a NUL inside a word. */
function vocabulary(n: number): string[] {
  const extra = ['naïve', '東京', '😀x', '', 'a\0b', 'dup', 'dup', 'Dup', 'w17'];
  return [...Array.from({ length: n }, (_, i) => `w${i}`), ...extra];
}

function pack(name: string, words: string[], dim: number, rule: DuplicateRule, bucket = 0): { file: string; rows: Float32Array; sub?: Float32Array } {
  const file = join(dir, name);
  const w = new PackedWriter(file, dim);
  const rows = Float32Array.from({ length: words.length * dim }, (_, i) => Math.sin(i) * 10);
  // uneven chunks, so rows straddle checksum blocks and appends
  for (let r = 0; r < words.length; r += 7) w.appendRows(rows.subarray(r * dim, Math.min(words.length, r + 7) * dim));
  const sub = bucket ? Float32Array.from({ length: bucket * dim }, (_, i) => Math.cos(i)) : undefined;
  w.finish(words, rule, sub ? { minn: 3, maxn: 6, bucket, rows: sub } : undefined);
  return { file, rows, sub };
}

describe('crc32', () => {
  it('is the zlib CRC-32 (check value of "123456789"), continued across calls, in both implementations', () => {
    const b = Buffer.from('123456789');
    expect(crc32(b)).toBe(0xcbf43926);
    expect(crc32Js(b)).toBe(0xcbf43926);
    expect(crc32(b.subarray(4), crc32(b.subarray(0, 4)))).toBe(0xcbf43926);
    expect(crc32Js(b.subarray(4), crc32Js(b.subarray(0, 4)))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    // an empty typed array over an empty ArrayBuffer continues the CRC (zlib alone would restart at 0)
    expect(crc32(new Uint8Array(Uint32Array.from([]).buffer), 1234)).toBe(1234);
  });
});

describe('packed vector file', () => {
  const modes = [{ map: false }, ...(hasMap ? [{ map: true }] : [])];
  for (const mode of modes) {
    it(`${mode.map ? 'mapped' : 'read'}: vectors, words and lookups equal what was packed (rule first and last)`, () => {
      const words = vocabulary(3000);
      for (const rule of ['first', 'last'] as const) {
        const { file, rows, sub } = pack(`v-${rule}-${mode.map}.mtebwv`, words, 5, rule, 11);
        const t = readPacked(file, mode)!;
        expect(t.size).toBe(words.length);
        expect(t.vectors).toEqual(rows);
        expect(t.words).toEqual(words);
        expect(t.subwords!.rows).toEqual(sub);
        const want = buildIndex(words, rule);
        for (const w of new Set(words)) expect(t.lookup(w)).toBe(want.get(w));
        for (const w of ['nope', 'w', 'w30000', 'a', 'a\0', 'DUP', 'naive']) expect(t.lookup(w)).toBeUndefined();
        expect(t.lookup('dup')).toBe(words.indexOf('dup') + (rule === 'last' ? 1 : 0));
        if (mode.map) {
          expect(t.ensure).toBeTypeOf('function');
          for (let r = 0; r < t.size; r++) t.ensure!(r);
          t.subwords!.ensure!(10);
        }
      }
    });
  }

  it('an empty vocabulary packs and reads back', () => {
    const { file } = pack('empty.mtebwv', [], 4, 'first');
    const t = readPacked(file, { map: false })!;
    expect(t.size).toBe(0);
    expect(t.words).toEqual([]);
    expect(t.lookup('x')).toBeUndefined();
  });

  it('a damaged header, vocabulary or (read) row is not used: readPacked gives undefined', () => {
    const words = vocabulary(200);
    const { file } = pack('damaged.mtebwv', words, 3, 'last');
    const good = readFileSync(file);
    const at = (label: string, offset: number) => {
      const bad = Buffer.from(good);
      bad[offset]! ^= 0x10;
      writeFileSync(file, bad);
      expect(readPacked(file, { map: false }), label).toBeUndefined();
    };
    at('magic', 0);
    at('header field', 12);
    at('row data', 128 + 3 * 4 * 100 + 1);
    const metaOffset = Number(good.readBigUInt64LE(48));
    at('vocabulary', metaOffset + 5);
    at('lookup table', good.length - 4 * 3);
    at('last block checksum', good.length - 1);
    writeFileSync(file, good.subarray(0, good.length - 4));
    expect(readPacked(file, { map: false }), 'truncated').toBeUndefined();
    writeFileSync(file, good);
    expect(readPacked(file, { map: false })).toBeDefined();
  });

  it.skipIf(!hasMap)('mapped: a damaged row block is found when a row in it is first used; the file is removed', () => {
    const dim = 64;
    // three checksum blocks of rows
    const n = Math.ceil((2.5 * PACKED_BLOCK) / (dim * 4));
    const words = Array.from({ length: n }, (_, i) => `w${i}`);
    const { file } = pack('mapped-damaged.mtebwv', words, dim, 'first');
    const bad = readFileSync(file);
    const row = Math.floor((1.5 * PACKED_BLOCK) / (dim * 4));
    bad[128 + row * dim * 4 + 2]! ^= 1;
    writeFileSync(file, bad);
    const t = readPacked(file, { map: true })!;
    expect(t).toBeDefined();
    t.ensure!(0); // block 0 is intact
    t.ensure!(n - 1);
    let err: unknown;
    try {
      t.ensure!(row);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ModelError);
    expect(String((err as Error).message)).toMatch(/packed vector cache is damaged.*parses the vectors again/s);
    expect(JSON.stringify(err)).toContain('mapped-damaged.mtebwv');
    expect(existsSync(file)).toBe(false);
  });

  it('loadVectors parses the source again when its packed file is damaged, with the same vectors', async () => {
    const src = join(dir, 'src.txt');
    writeFileSync(src, 'cat 1 2 3\ndog 4 5 6\ncat 7 8 9\n');
    const a = await loadVectors(src, 'text', { model: 'glove:src', cacheRoot: dir });
    expect(a.parseSeconds).toBeGreaterThan(0);
    expect(a.table.lookup('cat')).toBe(2);
    const bytes = readFileSync(a.packed);
    bytes[128 + 4]! ^= 0xff;
    writeFileSync(a.packed, bytes);
    const b = await loadVectors(src, 'text', { model: 'glove:src', cacheRoot: dir });
    expect(b.parseSeconds).toBeGreaterThan(0);
    expect(Array.from(b.table.vectors)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const c = await loadVectors(src, 'text', { model: 'glove:src', cacheRoot: dir });
    expect(c.parseSeconds).toBe(0);
    expect(c.table.vectors).toEqual(b.table.vectors);
  });
});
