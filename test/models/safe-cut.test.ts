/**
 * #12 item 9 for hf: models: a long text is tokenized from a clean-cut prefix (models/sentence-transformers/
 * safe-cut.ts) instead of whole. The ids must be identical to tokenizing the whole text and truncating, which is
 * checked here on the repo's tiny tokenizer fixtures (WordPiece/BERT, Unigram/XLM-R) and on variants of them
 * built in memory (lower-casing + accent stripping; byte-level BPE with the GPT-2 regex; the cl100k Split regex),
 * on texts whose length sits around the first cut guess: word salad with deletable characters (controls,
 * zero-width, combining marks), whitespace runs, CJK, final sigma, special-token strings and over-long words.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AutoTokenizer, PreTrainedTokenizer } from '@huggingface/transformers';
import { describe, expect, it } from 'vitest';
import { cleanCutAtOrAfter, cutPlan } from '../../models/sentence-transformers/safe-cut.js';
import { type EncodingTokenizer, encodeTruncated, tokenizeBatch } from '../../models/sentence-transformers/tokenize.js';
import { create, type TransformersEncoder } from '../../models/transformers.js';

const fixture = (name: string) => join(process.cwd(), 'test/fixtures', name);
const loadJson = (name: string, file: string) => JSON.parse(readFileSync(join(fixture(name), file), 'utf8')) as Record<string, unknown>;

async function fromFixture(name: string): Promise<EncodingTokenizer> {
  return (await AutoTokenizer.from_pretrained(fixture(name), { local_files_only: true })) as unknown as EncodingTokenizer;
}

/** A fixture's tokenizer.json with one part replaced, built in memory. */
function variant(name: string, patch: (json: Record<string, unknown>) => void): EncodingTokenizer {
  const json = structuredClone(loadJson(name, 'tokenizer.json'));
  patch(json);
  return new PreTrainedTokenizer(json, loadJson(name, 'tokenizer_config.json')) as unknown as EncodingTokenizer;
}

/** The lengths of the texts each encode call saw (shorter than the whole: the cut path was taken). */
function spy(tok: EncodingTokenizer): { tok: EncodingTokenizer; seen: number[] } {
  const seen: number[] = [];
  const proxy = new Proxy(tok as object, {
    get(target, key) {
      const v = Reflect.get(target, key, target);
      if (key !== 'encode' || typeof v !== 'function') return v;
      return (text: string, opts?: { add_special_tokens?: boolean }) => {
        seen.push(text.length);
        return v.call(target, text, opts);
      };
    },
  }) as EncodingTokenizer;
  return { tok: proxy, seen };
}

/** Seeded xorshift, so a failure names a reproducible text. */
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

const PIECES = [
  'the',
  'cat',
  'cats',
  'playing',
  'unbelievable',
  'embedding',
  'protein',
  'quick',
  'brown',
  'fox',
  'jumps',
  'lazy',
  'dog',
  'Привет',
  'Москва',
  '我爱北京',
  '東京は日本',
  'مرحبا',
  'ΟΔΟΣ',
  'Σ',
  'σς',
  'café',
  'cafe\u0301',
  'e\u0301\u0301',
  '\u0000',
  '\u200b',
  '\u00ad',
  '\uFFFD',
  '\u0007x',
  'a\u0308',
  'Ǆ',
  'İ',
  'ß',
  '１２３',
  'ｆｕｌｌ',
  '12345',
  "don't",
  "it's",
  '...',
  '!?',
  '(x)',
  '-',
  '[MASK]',
  '[SEP]',
  '<s>',
  '</s>',
  '<mask>',
  '<|endoftext|>',
  'x'.repeat(150),
  'ab'.repeat(60),
  '\t',
  '\n',
  '\r\n',
  '\u00a0',
  '\u3000',
  '\u2581',
  '～',
  'ｶﾞ',
  '😀',
  '👍🏽',
  'a1',
  '1a',
  'Z9',
];
const SEPS = [' ', ' ', ' ', ' ', '  ', '   ', '\n', '\t', ' \n ', '', '\u00a0', ' '.repeat(40)];

function salad(r: () => number, length: number): string {
  let s = '';
  while (s.length < length) {
    s += PIECES[Math.floor(r() * PIECES.length)]!;
    s += SEPS[Math.floor(r() * SEPS.length)]!;
  }
  return s;
}

/** Texts whose length straddles the first cut guess (keep × longest entry), plus adversarial shapes. */
function texts(keep: number, charsPerToken: number, seed: number): string[] {
  const r = rng(seed);
  const guess = Math.max(1, keep) * charsPerToken;
  const out: string[] = [];
  for (let i = 0; i < 40; i++) out.push(salad(r, Math.floor(guess * (0.5 + 3 * r()))));
  // a long deletable / whitespace stretch right after the guess: the first prefix falls short and is doubled
  out.push(`${salad(r, guess)}${'\u200b\u0000 '.repeat(guess)}${salad(r, guess * 2)}`);
  out.push(`a ${' '.repeat(guess * 3)}${salad(r, guess * 2)}`);
  out.push(`${'e\u0301 '.repeat(guess)}end of text`);
  out.push(`${'x'.repeat(guess * 2)} tail words here`);
  out.push(`${'ΣΣΣ '.repeat(guess)}ΟΔΟΣ`);
  out.push(`${'the '.repeat(keep)}cat`); // exactly at the keep boundary
  out.push(`${'the '.repeat(keep - 1)}cat dog`);
  return out;
}

async function cases(): Promise<[string, EncodingTokenizer][]> {
  return [
    ['tiny-bert (BertNormalizer, BertPreTokenizer, WordPiece)', await fromFixture('tiny-bert')],
    [
      'tiny-bert lower-cased with accents stripped',
      variant('tiny-bert', (j) => {
        j.normalizer = { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true };
      }),
    ],
    ['tiny-xlmr (NFKC + Replace, Metaspace, Unigram)', await fromFixture('tiny-xlmr')],
    [
      'tiny-decoder with the GPT-2 byte-level regex (BPE)',
      variant('tiny-decoder', (j) => {
        j.pre_tokenizer = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true };
      }),
    ],
    [
      'tiny-decoder with the cl100k Split regex, then byte-level (BPE)',
      variant('tiny-decoder', (j) => {
        j.pre_tokenizer = {
          type: 'Sequence',
          pretokenizers: [
            {
              type: 'Split',
              pattern: {
                Regex:
                  "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
              },
              behavior: 'Isolated',
              invert: false,
            },
            { type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: false },
          ],
        };
      }),
    ],
  ];
}

describe('clean cuts keep the ids (#12 item 9)', () => {
  it('the fixtures and variants have a cut plan; byte-level BPE without a regex has none (one word: no safe cut)', async () => {
    for (const [name, tok] of await cases()) expect(cutPlan(tok), name).not.toBeNull();
    expect(cutPlan(await fromFixture('tiny-decoder'))).toBeNull();
  });

  it('ids with and without the cut are identical around the bound, for several max lengths', async () => {
    for (const [name, tok] of await cases()) {
      const plan = cutPlan(tok)!;
      let cut = 0;
      let total = 0;
      for (const maxLength of [3, 4, 8, 17, 40]) {
        const keep = maxLength - 2; // at most two specials in these templates; more texts only widens the range
        for (const [i, text] of texts(Math.max(1, keep), plan.charsPerToken, 7 + maxLength).entries()) {
          const s = spy(tok);
          const got = encodeTruncated(s.tok, text, maxLength);
          const want = encodeTruncated(tok, text, maxLength, { cut: false });
          expect(got, `${name}, max_length ${maxLength}, text #${i}: ${JSON.stringify(text.slice(0, 80))}`).toEqual(want);
          total++;
          if (s.seen.some((n) => n < text.length && n > 5)) cut++;
        }
      }
      // the cut path was really exercised, not just the whole-text fallback
      expect(cut, name).toBeGreaterThan(total / 3);
    }
  });

  it('the EOS-appending path (decoder models) keeps its ids too', async () => {
    const gpt2 = (await cases())[3]![1];
    const batch = texts(10, cutPlan(gpt2)!.charsPerToken, 99);
    const a = tokenizeBatch(gpt2, batch, 12, 0);
    const full = batch.map((t) => [...encodeTruncated(gpt2, t, 11, { cut: false }), 0]);
    const seqLen = Math.max(...full.map((r) => r.length));
    expect(a.seqLen).toBe(seqLen);
    full.forEach((row, i) => expect(Array.from(a.inputIds.subarray(i * seqLen, i * seqLen + row.length), Number)).toEqual(row));
  });

  it('cleanCutAtOrAfter: after an ASCII letter or digit, before a space', () => {
    expect(cleanCutAtOrAfter('ab cd', 0)).toBe(2);
    expect(cleanCutAtOrAfter('ab cd', 3)).toBe(-1);
    expect(cleanCutAtOrAfter('é  x1 y', 0)).toBe(5);
    expect(cleanCutAtOrAfter('a  b', 2)).toBe(-1);
  });
});

describe('what has no provably safe cut falls back to the whole text', () => {
  const base = {
    normalizer: null,
    pre_tokenizer: { type: 'BertPreTokenizer' },
    model: { type: 'WordPiece', vocab: { a: 0, '##bc': 1 }, continuing_subword_prefix: '##' },
  };
  const plan = (json: Record<string, unknown>, added: string[] = [], normalizer?: (s: string) => string) =>
    cutPlan({
      _tokenizerJSON: { ...base, ...json },
      _tokenizer: { added_tokens: added.map((content) => ({ content })), normalizer: normalizer ?? null },
    });

  it('accepts the plain case and measures the longest entry without the ## prefix', () => {
    expect(plan({})).toEqual({ charsPerToken: 2 });
  });

  it('refuses unknown or boundary-touching components', () => {
    expect(plan({ pre_tokenizer: null })).toBeNull(); // the whole text is one word
    expect(plan({ pre_tokenizer: { type: 'Digits' } })).toBeNull();
    expect(plan({ pre_tokenizer: { type: 'ByteLevel', use_regex: false } })).toBeNull();
    expect(plan({ pre_tokenizer: { type: 'Split', pattern: { Regex: '\\S+\\s+\\S+' }, behavior: 'Isolated' } })).toBeNull();
    expect(plan({ pre_tokenizer: { type: 'Sequence', pretokenizers: [{ type: 'Digits' }, { type: 'WhitespaceSplit' }] } })).toBeNull();
    expect(plan({ normalizer: { type: 'Replace', pattern: { String: ' ' }, content: '\u2581' } })).toBeNull();
    expect(plan({ normalizer: { type: 'Replace', pattern: { String: 'a' }, content: 'b' } })).toBeNull();
    expect(plan({ normalizer: { type: 'Replace', pattern: { Regex: '[a-z]+' }, content: ' ' } })).toBeNull();
    expect(plan({ normalizer: { type: 'Sequence', normalizers: [{ type: 'NFC' }, { type: 'Mystery' }] } })).toBeNull();
    expect(plan({ model: { type: 'WordLevel', vocab: {} } })).toBeNull();
    // an added token that spans "<alnum><space>", raw or once normalized
    expect(plan({}, ['new york'])).toBeNull();
    expect(plan({}, ['NEW\u00a0YORK'], (s) => s.replace('\u00a0', ' '))).toBeNull();
    // Metaspace is one piece in transformers.js: only a Unigram vocabulary with "▁" first-only has forced boundaries
    const meta = { type: 'Metaspace', replacement: '\u2581', prepend_scheme: 'always', split: true };
    expect(
      plan({
        pre_tokenizer: meta,
        model: {
          type: 'Unigram',
          vocab: [
            ['\u2581a', -1],
            ['b', -2],
          ],
        },
      }),
    ).toEqual({ charsPerToken: 2 });
    expect(plan({ pre_tokenizer: meta, model: { type: 'Unigram', vocab: [['\u2581a\u2581b', -1]] } })).toBeNull();
    expect(plan({ pre_tokenizer: meta, model: { type: 'BPE', vocab: { a: 0 }, merges: [] } })).toBeNull();
  });

  it('accepts whitespace-only Replace regexes and literals away from the boundary', () => {
    expect(plan({ normalizer: { type: 'Replace', pattern: { Regex: ' {2,}' }, content: ' ' } })).not.toBeNull();
    expect(plan({ normalizer: { type: 'Replace', pattern: { String: '``' }, content: '"' } })).not.toBeNull();
  });
});

describe('a 50 MB text finishes', () => {
  it('tokenizer level: every fixture tokenizer with a plan returns max_length ids', { timeout: 60_000 }, async () => {
    const unit = 'the quick brown fox jumps over the lazy dog, café 東京 Привет 12345 ';
    const huge = unit.repeat(Math.ceil(50_000_000 / unit.length));
    for (const [name, tok] of await cases()) {
      const ids = encodeTruncated(tok, huge, 128);
      expect(ids, name).toHaveLength(128);
      // and they are the ids of a text that is only a few thousand characters long
      expect(encodeTruncated(tok, huge.slice(0, 20_000), 128, { cut: false }), name).toEqual(ids);
    }
  });

  it('hf: encoder level: the tiny BERT model embeds a 50 MB text', { timeout: 120_000 }, async () => {
    const enc = (await create(fixture('tiny-bert'))) as TransformersEncoder;
    const huge = 'the cat sat on the mat and played with a dog '.repeat(Math.ceil(50_000_000 / 45));
    const ctx = { task: { name: 'T', type: 'STS' }, split: 'test', subset: 'default' };
    const m = await enc.encode([huge], ctx);
    expect(m.rows).toBe(1);
    // the same vector as a 100k-character prefix (both keep the same first max_seq_length tokens)
    const again = await enc.encode([huge.slice(0, 100_000)], ctx);
    expect(Array.from(m.data)).toEqual(Array.from(again.data));
    await enc.close();
  });
});
