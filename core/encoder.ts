/**
 * The contract between evaluators (tasks/) and models (models/): both import it from here, so neither imports the
 * other. An encoder learns only what it needs about the task, never its full metadata.
 */
import type { Matrix } from './matrix.js';

export type PromptType = 'query' | 'document';
/** "embedding": `encode` returns vectors; "retriever": `retrieve` ranks a corpus per query itself (BM25). */
export type ModelKind = 'embedding' | 'retriever';
export type SimilarityName = 'cosine' | 'dot';

/** The task as an encoder sees it: the keys of prompt resolution (mteb's task name, then task type). */
export interface TaskRef {
  readonly name: string;
  /** A task type name ("Retrieval", "STS", ...). */
  readonly type: string;
  /** The task's instruction (mteb's TaskMetadata.prompt), which instruction-tuned models template. */
  readonly prompt?: string | { readonly query?: string; readonly document?: string };
}

export interface EncodeContext {
  task: TaskRef;
  split: string;
  subset: string;
  /** Languages of `subset` as the task lists them ("eng-Latn"); BM25 picks its settings from them. */
  languages?: readonly string[];
  /** Retrieval/Reranking pass query/document; every other task type passes undefined (mteb's None). */
  promptType?: PromptType;
  batchSize?: number;
  /**
   * Optional progress callback: texts done so far (`unit` names another unit, e.g. "pairs" for a cross-encoder's
   * retrieve). Encoders that never call it are counted when each call returns.
   */
  onProgress?: (done: number, total: number, unit?: string) => void;
  /** Called by the embedding cache before encoding: how many of the call's texts it already holds. */
  onCacheLookup?: (cached: number, total: number) => void;
}

/** What is known about a model; written as model_meta.json. */
export interface ModelMeta {
  name: string;
  revision?: string;
  embedDim?: number;
  similarity?: SimilarityName;
  framework?: string[];
  /** Prompts resolved per mteb's order (task-type, prompt-type keys). */
  prompts?: Record<string, string>;
  /** Anything else worth recording (e.g. BM25 parameters). */
  extra?: Record<string, unknown>;
}

export interface Encoder {
  readonly name: string;
  readonly revision?: string;
  readonly similarity?: SimilarityName;
  readonly meta: ModelMeta;
  /**
   * What the model produces (default "embedding"). Each task type lists the kinds that serve it
   * (tasks/task-types.ts `models`): a "retriever" (BM25) ranks documents itself and serves only ranking types.
   */
  readonly kind?: ModelKind;
  /**
   * The prompt text this encoder will prepend for a context (task name/type + prompt type), so the embedding
   * cache can key on it. Encoders without prompts leave it undefined.
   */
  resolvePrompt?(ctx: EncodeContext): string | undefined;
  /** false for encoders cheaper than a cache lookup (random, lexical, precomputed). */
  readonly cacheable?: boolean;
  /**
   * Everything besides name and revision that changes the vectors (dtype, pooling, endpoint, output dimensions,
   * tokenizer version, weights file identity). The embedding cache keys on it, so changing any of them misses.
   */
  readonly cacheIdentity?: string;
  /**
   * The longest text (in UTF-16 characters) an encoder that does not truncate can take without exhausting memory.
   * The runner rejects a longer row at load with its task, file and row, so only that task fails. Encoders that
   * truncate as their model does (transformers, static vectors) leave it undefined.
   */
  readonly maxTextChars?: number;
  /** Returns one row per text, in input order. */
  encode(texts: readonly string[], ctx: EncodeContext): Promise<Matrix>;
  /**
   * Optional direct retrieval for models that are not dense encoders (BM25): returns, per query id,
   * up to topK (doc id, score) pairs. Retrieval/Reranking evaluators use it when present.
   */
  retrieve?(request: RetrievalRequest, ctx: EncodeContext): Promise<Map<string, Map<string, number>>>;
  close?(): Promise<void>;
}

export interface RetrievalRequest {
  corpus: { ids: readonly string[]; texts: readonly string[] };
  queries: { ids: readonly string[]; texts: readonly string[] };
  topK: number;
  /** Reranking: restrict each query to these candidate doc ids. */
  candidates?: ReadonlyMap<string, readonly string[]>;
}

/**
 * The revision an encoder runs at, whichever of `revision` and `meta.revision` it set (a user encoder often sets only
 * one), so the result folder, the report and model_meta.json always agree.
 */
export function encoderRevision(e: Pick<Encoder, 'revision' | 'meta'>): string | undefined {
  return e.revision ?? e.meta?.revision;
}
