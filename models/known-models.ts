/**
 * Known models: what mteb's registry says about them (revision, dimensions, similarity, prompts) plus the
 * sentence-transformers settings to fall back on when a repo (e.g. a Xenova ONNX mirror) lacks the ST files.
 *
 * Revisions, dimensions, max tokens and prompts are copied from embeddings-benchmark/mteb
 * mteb/models/model_implementations/:
 *   sentence_transformers_models.py @ 00f376eeabe64e2441208211aeb4898f744f7c2b
 *   e5_models.py                    @ 222aae55222a51267d71452f4bb9a954483b5fa8
 *   bge_models.py                   @ 1f4e0770923e0c85dff1f29ef1394adb93eb2560
 *   e5_instruct.py, qwen3_models.py @ a905523d0111f999360b312bd4a601a0a97a0e1c (mteb 2.20.0)
 * Pooling / normalize / max_seq_length are those of each hub repo's own ST files.
 *
 * Instruction-tuned models (mteb's InstructSentenceTransformerModel) carry `instruct`: the template, whether
 * passages get the instruction, and no named prompts. Only models with ONNX weights that transformers.js can run
 * are listed: intfloat/multilingual-e5-large-instruct (an XLM-R encoder; its repo ships an onnx/ export) and
 * Qwen/Qwen3-Embedding-0.6B (a Qwen3 decoder: last-token pooling, left padding; ONNX weights in
 * onnx-community/Qwen3-Embedding-0.6B-ONNX). Both ONNX locations are as recalled, not checked from here
 * (no network). The 1.5B/7B gte-Qwen2 and e5-mistral models have no practical ONNX export and are not listed.
 */
import type { SimilarityName } from '../core/encoder.js';
import type { InstructConfig } from './instructions.js';
import type { PoolingMode } from './pooling.js';
import type { PromptMap } from './prompts.js';

export interface KnownModel {
  /** Canonical hub id, as mteb names it. */
  name: string;
  revision: string;
  embedDim: number;
  similarity: SimilarityName;
  /** mteb's max_tokens. */
  maxTokens: number;
  /** What mteb passes as model_prompts (explicit, wins over the repo's own prompts). */
  prompts?: PromptMap;
  /** ST layout to assume when the repo lacks modules.json / 1_Pooling / sentence_bert_config.json. */
  st: { pooling: PoolingMode; normalize: boolean; maxSeqLength: number; doLowerCase?: boolean };
  /** ONNX mirrors of the same weights (transformers.js layout, usually without the ST files). */
  mirrors: string[];
  /** Instruction-tuned: mteb's InstructSentenceTransformerModel settings (template, passages, prompts_dict). */
  instruct?: InstructConfig;
}

// mteb/models/model_implementations/e5_instruct.py E5_INSTRUCTION (ends with a space)
const E5_INSTRUCT: InstructConfig = { template: 'Instruct: {instruction}\nQuery: ', applyToPassages: false };
// mteb/models/model_implementations/qwen3_models.py instruction_template ("Query:" without a space)
const QWEN3_INSTRUCT: InstructConfig = { template: { fn: 'qwen3-embedding' }, applyToPassages: false };

const E5_PROMPTS: PromptMap = { query: 'query: ', document: 'passage: ' };
const BGE_PROMPTS: PromptMap = { query: 'Represent this sentence for searching relevant passages: ' };

function st(pooling: PoolingMode, maxSeqLength: number, normalize = true): KnownModel['st'] {
  return { pooling, normalize, maxSeqLength };
}

export const KNOWN_MODELS: readonly KnownModel[] = [
  {
    name: 'sentence-transformers/all-MiniLM-L6-v2',
    revision: '8b3219a92973c328a8e22fadcfa821b5dc75636a',
    embedDim: 384,
    similarity: 'cosine',
    maxTokens: 256,
    st: st('mean', 256),
    mirrors: ['Xenova/all-MiniLM-L6-v2'],
  },
  {
    name: 'sentence-transformers/all-MiniLM-L12-v2',
    revision: '364dd28d28dcd3359b537f3cf1f5348ba679da62',
    embedDim: 384,
    similarity: 'cosine',
    maxTokens: 256,
    st: st('mean', 128),
    mirrors: ['Xenova/all-MiniLM-L12-v2'],
  }, // 128: the repo's sentence_bert_config (from memory, unverified here)
  {
    name: 'sentence-transformers/all-mpnet-base-v2',
    revision: '9a3225965996d404b775526de6dbfe85d3368642',
    embedDim: 768,
    similarity: 'cosine',
    maxTokens: 384,
    st: st('mean', 384),
    mirrors: ['Xenova/all-mpnet-base-v2'],
  },
  {
    name: 'intfloat/e5-small',
    revision: 'e272f3049e853b47cb5ca3952268c6662abda68f',
    embedDim: 384,
    similarity: 'cosine',
    maxTokens: 512,
    prompts: E5_PROMPTS,
    st: st('mean', 512),
    mirrors: [],
  },
  {
    name: 'intfloat/e5-base',
    revision: 'b533fe4636f4a2507c08ddab40644d20b0006d6a',
    embedDim: 768,
    similarity: 'cosine',
    maxTokens: 512,
    prompts: E5_PROMPTS,
    st: st('mean', 512),
    mirrors: [],
  },
  {
    name: 'intfloat/e5-large',
    revision: '4dc6d853a804b9c8886ede6dda8a073b7dc08a81',
    embedDim: 1024,
    similarity: 'cosine',
    maxTokens: 512,
    prompts: E5_PROMPTS,
    st: st('mean', 512),
    mirrors: [],
  },
  {
    name: 'intfloat/e5-small-v2',
    revision: 'dca8b1a9dae0d4575df2bf423a5edb485a431236',
    embedDim: 384,
    similarity: 'cosine',
    maxTokens: 512,
    prompts: E5_PROMPTS,
    st: st('mean', 512),
    mirrors: ['Xenova/e5-small-v2'],
  },
  {
    name: 'intfloat/e5-base-v2',
    revision: '1c644c92ad3ba1efdad3f1451a637716616a20e8',
    embedDim: 768,
    similarity: 'cosine',
    maxTokens: 512,
    prompts: E5_PROMPTS,
    st: st('mean', 512),
    mirrors: ['Xenova/e5-base-v2'],
  },
  {
    name: 'intfloat/e5-large-v2',
    revision: 'b322e09026e4ea05f42beadf4d661fb4e101d311',
    embedDim: 1024,
    similarity: 'cosine',
    maxTokens: 514,
    prompts: E5_PROMPTS,
    st: st('mean', 512),
    mirrors: ['Xenova/e5-large-v2'],
  },
  {
    name: 'intfloat/multilingual-e5-small',
    revision: 'fd1525a9fd15316a2d503bf26ab031a61d056e98',
    embedDim: 384,
    similarity: 'cosine',
    maxTokens: 512,
    prompts: E5_PROMPTS,
    st: st('mean', 512),
    mirrors: ['Xenova/multilingual-e5-small'],
  },
  {
    name: 'intfloat/multilingual-e5-base',
    revision: 'd13f1b27baf31030b7fd040960d60d909913633f',
    embedDim: 768,
    similarity: 'cosine',
    maxTokens: 514,
    prompts: E5_PROMPTS,
    st: st('mean', 512),
    mirrors: ['Xenova/multilingual-e5-base'],
  },
  {
    name: 'intfloat/multilingual-e5-large',
    revision: 'ab10c1a7f42e74530fe7ae5be82e6d4f11a719eb',
    embedDim: 1024,
    similarity: 'cosine',
    maxTokens: 514,
    prompts: E5_PROMPTS,
    st: st('mean', 512),
    mirrors: ['Xenova/multilingual-e5-large'],
  },
  // mteb records embed_dim=512 for bge-small-en-v1.5; the model's hidden size (and output) is 384.
  {
    name: 'BAAI/bge-small-en-v1.5',
    revision: '5c38ec7c405ec4b44b94cc5a9bb96e735b38267a',
    embedDim: 384,
    similarity: 'cosine',
    maxTokens: 512,
    prompts: BGE_PROMPTS,
    st: st('cls', 512),
    mirrors: ['Xenova/bge-small-en-v1.5'],
  },
  {
    name: 'BAAI/bge-base-en-v1.5',
    revision: 'a5beb1e3e68b9ab74eb54cfd186867f64f240e1a',
    embedDim: 768,
    similarity: 'cosine',
    maxTokens: 512,
    prompts: BGE_PROMPTS,
    st: st('cls', 512),
    mirrors: ['Xenova/bge-base-en-v1.5'],
  },
  {
    name: 'BAAI/bge-large-en-v1.5',
    revision: 'd4aa6901d3a41ba39fb536a557fa166f842b0e09',
    embedDim: 1024,
    similarity: 'cosine',
    maxTokens: 512,
    prompts: BGE_PROMPTS,
    st: st('cls', 512),
    mirrors: ['Xenova/bge-large-en-v1.5'],
  },
  {
    name: 'intfloat/multilingual-e5-large-instruct',
    revision: 'baa7be480a7de1539afce709c8f13f833a510e0a',
    embedDim: 1024,
    similarity: 'cosine',
    maxTokens: 514,
    st: st('mean', 512),
    mirrors: [],
    instruct: E5_INSTRUCT,
  },
  {
    name: 'Qwen/Qwen3-Embedding-0.6B',
    revision: 'b22da495047858cce924d27d76261e96be6febc0',
    embedDim: 1024,
    similarity: 'cosine',
    maxTokens: 32768,
    st: st('lasttoken', 32768),
    mirrors: ['onnx-community/Qwen3-Embedding-0.6B-ONNX'],
    instruct: QWEN3_INSTRUCT,
  },
];

export interface KnownModelMatch {
  model: KnownModel;
  /** true when the id is one of the model's ONNX mirrors (its revision is then not the canonical one). */
  viaMirror: boolean;
}

/** Looks a hub id up (case-insensitive) among canonical names and mirrors. */
export function findKnownModel(id: string): KnownModelMatch | undefined {
  const key = id.toLowerCase();
  for (const model of KNOWN_MODELS) {
    if (model.name.toLowerCase() === key) return { model, viaMirror: false };
    if (model.mirrors.some((m) => m.toLowerCase() === key)) return { model, viaMirror: true };
  }
  return undefined;
}
