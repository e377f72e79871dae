/**
 * #12 item 11: invalid UTF-8 in a data file used to be replaced with U+FFFD silently. It is still replaced (as
 * before), but a warning names the file, the line and, for JSON Lines, the row; a genuine U+FFFD character is not
 * reported. The warning reaches evaluate()'s warn (stderr in the CLI, without -v).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Encoder } from '../../core/encoder.js';
import { evaluate } from '../../runners/evaluate.js';
import { invalidUtf8Parquet } from '../../scripts/fixtures/invalid-utf8-parquet.js';
import { readRowsFile, streamRowsFile } from '../../tasks/data/readers/index.js';
import type { TaskMetadata } from '../../tasks/metadata.js';
import { hashEmbed } from '../helpers/hash-embeddings.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const tmp = tempDirs('mteb-utf8-');

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));
/** Row 1 (line 2) holds a lone 0xFF and a truncated 2-byte sequence; row 3 (line 5, after a blank line) a lone 0xC3. */
const JSONL = bytes('{"text":"fine"}\n{"text":"caf', [0xff], ' x', [0xc3], '"}\n{"text":"ok"}\n\n{"text":"', [0xc3], '"}\n');

async function read(name: string, data: Buffer): Promise<{ rows: Record<string, unknown>[]; warnings: string[] }> {
  const file = join(tmp(), name);
  writeFileSync(file, data);
  const warnings: string[] = [];
  const rows = await readRowsFile(file, { warn: (m) => warnings.push(m) });
  return { rows, warnings };
}

describe('invalid UTF-8 in data files (#12 item 11)', () => {
  it('JSON Lines: replaced with U+FFFD as before, with one warning naming file, line and row', async () => {
    for (const [name, data] of [
      ['d.jsonl', JSONL],
      ['d.jsonl.gz', gzipSync(JSONL)],
    ] as const) {
      const { rows, warnings } = await read(name, data);
      expect(rows.map((r) => r.text)).toEqual(['fine', 'caf\uFFFD x\uFFFD', 'ok', '\uFFFD']);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(
        new RegExp(`invalid UTF-8 in .*${name.replace('.', '\\.')} on line 2 \\(row 1\\) and 1 more line: the bad bytes were replaced with U\\+FFFD`),
      );
    }
  });

  it('a genuine U+FFFD character, a BOM and CRLF endings are not reported', async () => {
    const { rows, warnings } = await read('ok.jsonl', bytes([0xef, 0xbb, 0xbf], '{"text":"a \uFFFD b"}\r\n{"text":"é"}\r\n'));
    expect(rows).toEqual([{ text: 'a \uFFFD b' }, { text: 'é' }]);
    expect(warnings).toEqual([]);
  });

  it('a line longer than a read chunk is joined whole', async () => {
    const long = 'é'.repeat(200_000); // 400 kB: several chunks, a 2-byte character split at chunk borders
    const { rows, warnings } = await read('long.jsonl', bytes(`{"text":"${long}"}\n{"text":"next"}`));
    expect(rows.map((r) => r.text)).toEqual([long, 'next']);
    expect(warnings).toEqual([]);
  });

  it('CSV and JSON name the line', async () => {
    const csv = await read('d.csv', bytes('id,text\n1,good\n2,ba', [0xfe], 'd\n'));
    expect(csv.rows[1]).toEqual({ id: 2, text: 'ba\uFFFDd' });
    expect(csv.warnings.join('\n')).toMatch(/invalid UTF-8 in .*d\.csv on line 3: /);
    const json = await read('d.json', bytes('[\n {"text": "x"},\n {"text": "', [0x80], '"}\n]'));
    expect(json.rows[1]).toEqual({ text: '\uFFFD' });
    expect(json.warnings.join('\n')).toMatch(/invalid UTF-8 in .*d\.json on line 3: /);
  });

  it("the warning reaches evaluate()'s warn during a run", async () => {
    const d = tmp();
    const rows = [
      bytes('{"sentence1":"a cat sat","sentence2":"the cat sat","score":4}'),
      bytes('{"sentence1":"rain ', [0xff], '","sentence2":"sun","score":1}'),
      bytes('{"sentence1":"we eat","sentence2":"we drink","score":3}'),
    ];
    writeFileSync(join(d, 'test.jsonl'), Buffer.concat(rows.flatMap((r) => [r, Buffer.from('\n')])));
    const task: TaskMetadata = {
      name: 'LocalSTS',
      type: 'STS',
      description: 'test',
      dataset: { path: d, revision: 'local' },
      evalSplits: ['test'],
      subsets: { default: ['eng-Latn'] },
      mainScore: 'cosine_spearman',
      origin: 'custom',
    };
    const enc: Encoder = { name: 'test/hash', revision: 'v1', meta: { name: 'test/hash' }, encode: async (t) => hashEmbed(t) };
    const warnings: string[] = [];
    const report = await evaluate(enc, [task], { outputFolder: null, warn: (m) => warnings.push(m) });
    expect(report.failures).toEqual([]);
    expect(warnings.join('\n')).toContain(`invalid UTF-8 in ${join(d, 'test.jsonl')} on line 2 (row 1)`);
  });

  it('parquet: replaced with U+FFFD, one warning naming the file, row group, row and column (committed fixture)', async () => {
    const fixture = join(process.cwd(), 'test/fixtures/invalid-utf8.parquet');
    // the committed file is what scripts/fixtures/invalid-utf8-parquet.ts writes
    expect(Buffer.compare(readFileSync(fixture), Buffer.from(invalidUtf8Parquet()))).toBe(0);
    const warnings: string[] = [];
    const rows = await readRowsFile(fixture, { warn: (m) => warnings.push(m) });
    expect(rows.map((r) => [r.text, r.title])).toEqual([
      ['fine', 't0'],
      ['caf\uFFFD x', 't1'],
      ['a \uFFFD b', 't2'], // a genuine U+FFFD: valid bytes, not reported
      ['ok', '\uFFFD'],
      ['\uFFFD', 't4'],
      ['é', 't5'],
    ]);
    // row group 0: text at row 1; row group 1: title at row 3, text at row 4
    expect(warnings).toEqual([
      `invalid UTF-8 in ${fixture} in row group 0, row 1, column "text" and 2 more values: the bad bytes were replaced with U+FFFD, so those texts differ from the source; fix the file's encoding`,
    ]);
    // the streaming path (local datasets) warns the same way
    const streamed: string[] = [];
    for await (const _ of streamRowsFile(fixture, 10, { warn: (m) => streamed.push(m) }));
    expect(streamed).toEqual(warnings);
  });

  it('parquet: the first bad value can be in a later row group, and a valid file gives no warning', async () => {
    const d = tmp();
    const { parquetWriteBuffer } = await import('hyparquet-writer');
    const file = join(d, 'later.parquet');
    const text = ['a', 'b', 'c', 'd'].map((s) => new TextEncoder().encode(s));
    text[3] = Uint8Array.from([0x64, 0xc0, 0x80]); // an overlong NUL: invalid
    writeFileSync(file, new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'text', data: text, type: 'STRING' }], rowGroupSize: 2 })));
    const warnings: string[] = [];
    const rows = await readRowsFile(file, { warn: (m) => warnings.push(m) });
    expect(rows.map((r) => r.text)).toEqual(['a', 'b', 'c', 'd\uFFFD\uFFFD']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`in ${file} in row group 1, row 3, column "text": the bad bytes`);
    const good = join(d, 'good.parquet');
    writeFileSync(good, new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'text', data: ['x', 'é'], type: 'STRING' }] })));
    const none: string[] = [];
    expect(await readRowsFile(good, { warn: (m) => none.push(m) })).toEqual([{ text: 'x' }, { text: 'é' }]);
    expect(none).toEqual([]);
  });
});
