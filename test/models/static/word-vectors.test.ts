import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { EncodeContext, Encoder } from '../../../core/encoder.js';
import { getModel } from '../../../models/registry.js';
import { fasttextHash, subwordBuckets } from '../../../models/static/fasttext-subwords.js';
import { WhitespaceTokenizer } from '../../../models/static/whitespace-tokenizer.js';
import type { WordEmbeddingsEncoder } from '../../../models/static/word-embeddings.js';

// Fixtures and references: scripts/fixtures/make-static-vectors.py (gensim 4.2 and the fasttext module 0.9.2 train
// and look the vectors up; sentence vectors are computed there in numpy with sentence-transformers' tokenizer).
const FIX = join(import.meta.dirname, '../../fixtures/static');
interface SentRefs {
  sentences: (number[] | null)[];
  sentences_lower?: (number[] | null)[];
  sentences_nostop?: (number[] | null)[];
}
const refs = JSON.parse(readFileSync(join(FIX, 'references.json'), 'utf8')) as {
  texts: string[];
  'w2v.bin': SentRefs & { count: number; dim: number; words: Record<string, number[]>; first_word: string };
  'w2v.txt': SentRefs & { count: number; dim: number; words: Record<string, number[]> };
  'ft.bin': SentRefs & {
    count: number;
    dim: number;
    nwords: number;
    args: { minn: number; maxn: number; bucket: number };
    words: Record<string, number[]>;
    oov: Record<string, number[]>;
    subword_ids: Record<string, number[]>;
  };
  'ft.vec': SentRefs & { count: number; dim: number };
  'glove7.txt': SentRefs & { count: number; dim: number; cat: number[] };
};

const ctx: EncodeContext = { task: { name: 'T', type: 'STS' } as never, split: 'test', subset: 'default' };
const cacheDir = mkdtempSync(join(tmpdir(), 'static-vectors-'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));
const open = (id: string) => getModel(id, { cacheDir, noCache: true }) as Promise<WordEmbeddingsEncoder>;

function expectRows(got: Float32Array, dim: number, want: (number[] | null)[], tol: number): void {
  want.forEach((w, i) => {
    const row = Array.from(got.subarray(i * dim, (i + 1) * dim));
    const ref = w ?? new Array(dim).fill(0);
    for (let d = 0; d < dim; d++) expect(Math.abs(row[d]! - ref[d]!), `text ${i} dim ${d}`).toBeLessThanOrEqual(tol);
  });
}

async function sentences(enc: Encoder): Promise<Float32Array> {
  return (await enc.encode(refs.texts, ctx)).data;
}

describe('fastText hashing and n-grams', () => {
  it('hashes as fastText does, with sign-extended bytes', () => {
    // FNV-1a 32 of "a": (2166136261 ^ 97) * 16777619 mod 2^32
    expect(fasttextHash(Buffer.from('a'))).toBe(Math.imul(2166136261 ^ 97, 16777619) >>> 0);
    // a byte >= 0x80 is xor-ed as 0xffffffXX, not 0x000000XX
    const h = fasttextHash(Buffer.from([0xc3]));
    expect(h).toBe(Math.imul((2166136261 ^ 0xffffffc3) >>> 0, 16777619) >>> 0);
  });
  it("gives unknown words fastText's own n-gram ids (fasttext get_subwords)", () => {
    const r = refs['ft.bin'];
    for (const [w, ids] of Object.entries(r.subword_ids)) {
      expect(
        subwordBuckets(w, r.args.minn, r.args.maxn, r.args.bucket).map((b) => b + r.nwords),
        w,
      ).toEqual(ids);
    }
  });
});

describe('WhitespaceTokenizer', () => {
  it('tries the token, its punctuation-stripped and lower-cased forms; stop words end the search', () => {
    const vocab = new Set(['cat', 'Paris', 'paris', 'state-of-the-art', 'u.s.', "don't"]);
    const t = new WhitespaceTokenizer();
    const known = (w: string) => vocab.has(w);
    expect(t.words('The cat, (Paris) state-of-the-art!  U.S. ...', known)).toEqual(['cat', 'Paris', 'state-of-the-art']);
    // "..." strips to "" (not a stop word), whose lower-case form "" is in this vocabulary: sentence-transformers
    // keeps it (no length check on the last form)
    expect(t.words('...', known)).toEqual([]);
    expect(t.words('...', (w) => w === '')).toEqual(['']);
    expect(new WhitespaceTokenizer({ doLowerCase: true }).words('PARIS Cat', known)).toEqual(['paris', 'cat']);
    expect(new WhitespaceTokenizer({ stopWords: new Set() }).words('the cat', (w) => w === 'the' || w === 'cat')).toEqual(['the', 'cat']);
    // Python's str.split(): \x1c-\x1f split, U+FEFF does not
    expect(t.words('cat\x1fcat\ufeffcat', (w) => w.startsWith('cat'))).toEqual(['cat', 'cat\ufeffcat']);
  });
});

describe('word2vec', () => {
  it('binary: gensim vectors exactly, sentence vectors as sentence-transformers averages them', async () => {
    const r = refs['w2v.bin'];
    const enc = await open(`word2vec:${join(FIX, 'w2v.bin')}`);
    expect(enc.loaded.format).toBe('word2vec-binary');
    expect(enc.loaded.table.words.length).toBe(r.count);
    expect(enc.loaded.table.words[0]).toBe(r.first_word);
    const t = enc.loaded.table;
    for (const [w, v] of Object.entries(r.words)) {
      const i = t.words.indexOf(w);
      expect(Array.from(t.vectors.subarray(i * r.dim, (i + 1) * r.dim)), w).toEqual(v);
    }
    expectRows(await sentences(enc), r.dim, r.sentences, 1e-7);
  });
  it('tokenizer options: lowercase and stop_words=none', async () => {
    const r = refs['w2v.bin'];
    expectRows(await sentences(await open(`word2vec:${join(FIX, 'w2v.bin')}?lowercase=1`)), r.dim, r.sentences_lower!, 1e-7);
    expectRows(await sentences(await open(`word2vec:${join(FIX, 'w2v.bin')}?stop_words=none`)), r.dim, r.sentences_nostop!, 1e-7);
  });
  it('text format, detected by content; gzip', async () => {
    const r = refs['w2v.txt'];
    const noExt = join(cacheDir, 'w2v-text');
    copyFileSync(join(FIX, 'w2v.txt'), noExt);
    const enc = await open(`word2vec:${noExt}`);
    expect(enc.loaded.format).toBe('text');
    expectRows(await sentences(enc), r.dim, r.sentences, 1e-7);
    const gz = join(cacheDir, 'w2v.bin.gz');
    writeFileSync(gz, gzipSync(readFileSync(join(FIX, 'w2v.bin'))));
    expectRows(await sentences(await open(`word2vec:${gz}`)), r.dim, refs['w2v.bin'].sentences, 1e-7);
  });
});

describe('fastText', () => {
  it(".bin: vocabulary vectors and unknown-word n-gram vectors exactly as fastText's get_word_vector", async () => {
    const r = refs['ft.bin'];
    const enc = await open(`fasttext:${join(FIX, 'ft.bin')}`);
    expect(enc.loaded.format).toBe('fasttext-binary');
    const t = enc.loaded.table;
    expect(t.words.length).toBe(r.count);
    expect(t.subwords).toMatchObject(r.args);
    for (const [w, v] of Object.entries(r.words)) {
      const i = t.words.indexOf(w);
      expect(Array.from(t.vectors.subarray(i * r.dim, (i + 1) * r.dim)), w).toEqual(v);
    }
    const { oovVector } = await import('../../../models/static/fasttext-subwords.js');
    for (const [w, v] of Object.entries(r.oov)) {
      const got = t.words.includes(w) ? undefined : oovVector(w, t.subwords!, r.dim);
      if (t.words.includes(w)) continue;
      expect(Array.from(got ?? new Float32Array(r.dim)), w).toEqual(v);
    }
    expectRows(await sentences(enc), r.dim, r.sentences, 1e-7);
  });
  it('.vec text file (what fastText writes for the same model)', async () => {
    const r = refs['ft.vec'];
    const enc = await open(`fasttext:${join(FIX, 'ft.vec')}`);
    expect(enc.loaded.format).toBe('text');
    expectRows(await sentences(enc), r.dim, r.sentences, 1e-7);
  });
});

describe('GloVe text files', () => {
  it('any dimension; a duplicated word maps to its last line, as sentence-transformers does', async () => {
    const r = refs['glove7.txt'];
    const enc = await open(`glove:${join(FIX, 'glove7.txt')}`);
    expect(enc.meta.embedDim).toBe(7);
    const one = await enc.encode(['cat'], ctx);
    expect(Array.from(one.data)).toEqual(r.cat);
    expectRows(await sentences(enc), r.dim, r.sentences, 1e-7);
    expectRows(await sentences(await open(`glove:${join(FIX, 'glove7.txt')}?lowercase=1`)), r.dim, r.sentences_lower!, 1e-7);
  });
  it('PADDING_TOKEN counts as a zero vector, as in from_text_file', async () => {
    const enc = await open(`glove:${join(FIX, 'glove7.txt')}`);
    const a = await enc.encode(['cat PADDING_TOKEN'], ctx);
    expect(Array.from(a.data)).toEqual(refs['glove7.txt'].cat.map((x) => Math.fround(x / 2)));
  });
  it('normalize=1 gives unit vectors', async () => {
    const enc = await open(`glove:${join(FIX, 'glove7.txt')}?normalize=1`);
    const m = await enc.encode(['cat dog'], ctx);
    expect(Math.hypot(...m.data)).toBeCloseTo(1, 6);
  });
});

describe('packed cache', () => {
  it('parses once, then reloads the packed file with identical vectors', async () => {
    const file = join(cacheDir, 'reload.txt');
    copyFileSync(join(FIX, 'glove7.txt'), file);
    const a = await open(`glove:${file}`);
    expect(a.loaded.parseSeconds).toBeGreaterThan(0);
    const b = await open(`glove:${file}`);
    expect(b.loaded.parseSeconds).toBe(0);
    expect(b.loaded.packed).toBe(a.loaded.packed);
    expect(b.loaded.table.vectors).toEqual(a.loaded.table.vectors);
    expect(b.loaded.table.words).toEqual(a.loaded.table.words);
    // fastText: the subword rows come back too
    const f1 = await open(`fasttext:${join(FIX, 'ft.bin')}`);
    const f2 = await open(`fasttext:${join(FIX, 'ft.bin')}`);
    expect(f2.loaded.parseSeconds).toBe(0);
    expect(f2.loaded.table.subwords!.rows).toEqual(f1.loaded.table.subwords!.rows);
    expect(await sentences(f2)).toEqual(await sentences(f1));
  });
  it('an edited file is parsed again', async () => {
    const file = join(cacheDir, 'edited.txt');
    writeFileSync(file, 'cat 1 2\n');
    const a = await open(`glove:${file}`);
    writeFileSync(file, 'cat 3 4 5\n');
    const b = await open(`glove:${file}`);
    expect(b.loaded.packed).not.toBe(a.loaded.packed);
    expect(Array.from((await b.encode(['cat'], ctx)).data)).toEqual([3, 4, 5]);
  });
});

describe('bad input', () => {
  const file = (name: string, content: string | Buffer) => {
    const p = join(cacheDir, name);
    writeFileSync(p, content);
    return p;
  };
  it('a missing file names the file', async () => {
    await expect(open(`glove:${join(cacheDir, 'nope.txt')}`)).rejects.toThrow(/vector file does not exist.*nope\.txt/);
  });
  it('a dimension mismatch names the file and line; bad_lines=skip skips it', async () => {
    const p = file('dims.txt', 'cat 1 2 3\ndog 1 2\nfox 4 5 6\n');
    await expect(open(`glove:${p}`)).rejects.toThrow(/line has 2 values, expected 3.*dims\.txt, line 2/s);
    const enc = await open(`glove:${p}?bad_lines=skip`);
    expect(enc.loaded.table.words).toEqual(['cat', 'fox']);
  });
  it('a value that is not a number names the line', async () => {
    await expect(open(`glove:${file('nan.txt', 'cat 1 2\ndog 1 x\n')}`)).rejects.toThrow(/value 2 \("x"\) is not a finite number.*line 2/s);
    await expect(open(`glove:${file('hex.txt', 'cat 1 0x10\n')}`)).rejects.toThrow(/value 2 \("0x10"\)/);
  });
  it('a text file shorter than its header, a truncated binary file, a file of the wrong kind', async () => {
    await expect(open(`fasttext:${file('short.vec', '3 2\ncat 1 2\ndog 3 4\n')}`)).rejects.toThrow(
      /ends after 2 vectors but its header announces 3.*line 3/s,
    );
    const bin = readFileSync(join(FIX, 'w2v.bin'));
    await expect(open(`word2vec:${file('cut.bin', bin.subarray(0, bin.length - 10))}`)).rejects.toThrow(
      /ends inside the vector of word \d+.*byte offset \d+/s,
    );
    const ft = readFileSync(join(FIX, 'ft.bin'));
    await expect(open(`fasttext:${file('cut-ft.bin', ft.subarray(0, 5000))}`)).rejects.toThrow(/the file ends .*cut-ft\.bin, byte offset \d+/s);
    await expect(open(`word2vec:${file('glove.bin', 'cat 1 2\n')}`)).rejects.toThrow(/not a word2vec header/);
    await expect(open(`glove:${file('words.txt', 'cat\ndog\n')}`)).rejects.toThrow(/first line has a word but no values.*line 1/s);
  });
  it('unknown options are refused', async () => {
    await expect(open(`glove:${join(FIX, 'glove7.txt')}?lowercas=1`)).rejects.toThrow(/unknown model option "lowercas"/);
  });
});

describe('registry and cache identity', () => {
  it('lists the new providers', async () => {
    const { listProviders } = await import('../../../models/registry.js');
    const ids = listProviders().map((p) => p.id);
    expect(ids).toEqual(expect.arrayContaining(['word2vec:', 'fasttext:', 'glove']));
  });
  it('tokenizer options change the cache identity', async () => {
    const a = await open(`glove:${join(FIX, 'glove7.txt')}`);
    const b = await open(`glove:${join(FIX, 'glove7.txt')}?lowercase=1`);
    expect(a.cacheIdentity).not.toBe(b.cacheIdentity);
    expect(a.name).toBe('glove/glove7.txt');
  });
  it('prompts from --prompts are prepended', async () => {
    const enc = await getModel(`glove:${join(FIX, 'glove7.txt')}`, { cacheDir, noCache: true, prompts: { STS: 'dog ' } });
    expect(Array.from((await enc.encode(['cat'], ctx)).data)).toEqual(
      Array.from((await enc.encode(['dog cat'], { ...ctx, task: { name: 'X', type: 'Retrieval' } as never })).data),
    );
  });
});
