import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { compressors } from 'hyparquet-compressors';
import { afterAll, describe, expect, it } from 'vitest';
import { DatasetError } from '../../../core/errors.js';
import { parquetBytes, stsRows, zstdStored } from '../../../scripts/fixtures/hub-repos.js';
import { parseDelimited } from '../../../tasks/data/readers/csv.js';
import { readRowsFile } from '../../../tasks/data/readers/index.js';
import { streamParquet } from '../../../tasks/data/readers/parquet.js';

const dir = mkdtempSync(join(tmpdir(), 'mteb-readers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const put = (name: string, content: string | Uint8Array) => {
  const f = join(dir, name);
  writeFileSync(f, content);
  return f;
};

describe('parquet (hyparquet + compressors)', () => {
  const rows = stsRows(1234);
  for (const codec of ['SNAPPY', 'ZSTD', 'GZIP', 'UNCOMPRESSED'] as const) {
    it(`${codec}: every row back, in order, with int64 as numbers`, async () => {
      const f = put(
        `s-${codec}.parquet`,
        parquetBytes(
          rows.map((r, i) => ({ ...r, id: i })),
          codec,
          500,
        ),
      );
      const got = await readRowsFile(f);
      expect(got).toEqual(rows.map((r, i) => ({ ...r, id: i })));
      expect(typeof got[3]!.id).toBe('number');
    });
  }
  it('streams one batch per row group', async () => {
    const f = put('groups.parquet', parquetBytes(rows, 'SNAPPY', 500));
    const sizes: number[] = [];
    for await (const b of streamParquet(f)) sizes.push(b.length);
    expect(sizes).toEqual([500, 500, 234]);
  });
  it('the stored-block zstd frames of the fixture script are valid zstd', () => {
    const data = new TextEncoder().encode('x'.repeat(140_000));
    expect(compressors.ZSTD!(zstdStored(data), data.length)).toEqual(data);
  });
  it('a truncated or non-parquet file is a DatasetError naming the file', async () => {
    const good = parquetBytes(rows, 'SNAPPY');
    const cut = put('cut.parquet', good.subarray(0, good.length - 100));
    await expect(readRowsFile(cut)).rejects.toThrow(DatasetError);
    await expect(readRowsFile(cut)).rejects.toThrow(/malformed parquet file[\s\S]*cut\.parquet/);
    const junk = put('junk.parquet', 'this is not parquet at all, but long enough to hold a footer');
    await expect(readRowsFile(junk)).rejects.toThrow(/malformed parquet file[\s\S]*junk\.parquet/);
  });
});

describe('json / jsonl / csv / tsv', () => {
  it('jsonl and jsonl.gz; a bad line names file and row', async () => {
    expect(await readRowsFile(put('a.jsonl', '{"a":1}\n\n{"a":2}\n'))).toEqual([{ a: 1 }, { a: 2 }]);
    expect(await readRowsFile(put('a.jsonl.gz', gzipSync('{"a":"é"}\n')))).toEqual([{ a: 'é' }]);
    const err = await readRowsFile(put('b.jsonl', '{"a":1}\n[1,2]\n')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect((err as Error).message).toMatch(/line 2 is not a JSON object[\s\S]*b\.jsonl, row 1/);
    await expect(readRowsFile(put('c.jsonl.gz', Buffer.from('not gzip')))).rejects.toThrow(/cannot read[\s\S]*c\.jsonl\.gz/);
  });
  it('.json as JSON Lines, a list of rows, or a dict of columns (as the datasets json builder)', async () => {
    expect(await readRowsFile(put('l.json', '{"x":1}\n{"x":2}\n'))).toEqual([{ x: 1 }, { x: 2 }]);
    expect(await readRowsFile(put('r.json', '[\n {"x": 1},\n {"x": 2}\n]'))).toEqual([{ x: 1 }, { x: 2 }]);
    expect(await readRowsFile(put('c.json', '{\n "x": [1, 2],\n "y": ["a", "b"]\n}'))).toEqual([
      { x: 1, y: 'a' },
      { x: 2, y: 'b' },
    ]);
    await expect(readRowsFile(put('bad.json', '{\n "x": [1, 2],\n "y": ["a"]\n}'))).rejects.toThrow(/column "y" has 1 values, expected 2/);
    await expect(readRowsFile(put('broken.json', '[{"x": 1},'))).rejects.toThrow(/invalid JSON[\s\S]*broken\.json/);
  });
  it('csv quoting and pandas-like column types; tsv by extension', async () => {
    // Hand-derived from pandas.read_csv's documented rules (RFC 4180 quotes, all-integer column -> int64,
    // numeric with a gap -> float64 with NaN, else str); pandas is not installed here to run it.
    const rows = await readRowsFile(put('x.csv', 'id,score,text\n1,0.5,"a, b"\n2,3,"say ""hi"""\n3,,plain\n'));
    expect(rows).toEqual([
      { id: 1, score: 0.5, text: 'a, b' },
      { id: 2, score: 3, text: 'say "hi"' },
      { id: 3, score: null, text: 'plain' },
    ]);
    expect(await readRowsFile(put('q.tsv', 'query-id\tcorpus-id\tscore\r\nq1\td1\t1\r\n'))).toEqual([
      { 'query-id': 'q1', 'corpus-id': 'd1', score: 1 },
    ]);
    expect(parseDelimited('a,b\n"multi\nline",2\n', ',', 'm.csv')).toEqual([{ a: 'multi\nline', b: 2 }]);
    expect(() => parseDelimited('a,b\n1,2,3\n', ',', 'w.csv')).toThrow(/expected 2 fields, found 3[\s\S]*w\.csv, row 0/);
    expect(() => parseDelimited('a\n"open\n', ',', 'u.csv')).toThrow(/unterminated quoted field/);
  });
  it('zstd-compressed jsonl and tsv', async () => {
    const enc = (t: string) => zstdStored(new TextEncoder().encode(t));
    expect(await readRowsFile(put('z.jsonl.zst', enc('{"a":1}\n{"a":2}\n')))).toEqual([{ a: 1 }, { a: 2 }]);
    expect(await readRowsFile(put('z.tsv.zst', enc('q\td\nq1\td1\n')))).toEqual([{ q: 'q1', d: 'd1' }]);
    await expect(readRowsFile(put('bad.jsonl.zst', 'not zstd'))).rejects.toThrow(/cannot read zstd file[\s\S]*bad\.jsonl\.zst/);
  });
  it('an unsupported extension is a DatasetError', async () => {
    await expect(readRowsFile(put('x.arrow', 'x'))).rejects.toThrow(/unsupported data file type/);
  });
});
