/**
 * Known static-embedding models: the revisions, dimensions and loader mteb registers for them
 * (embeddings-benchmark/mteb @ a905523 mteb/models/model_implementations/model2vec_models.py and
 * sentence_transformers_models.py). mteb loads all four through sentence-transformers (SentenceTransformerEncoderWrapper),
 * so they run with StaticEmbedding semantics (`static:`); `model2vec:` gives model2vec's own StaticModel.encode,
 * which mteb uses for the NeuML models (Model2VecModel).
 */
export type StaticSemantics = 'static' | 'model2vec';

export interface KnownStaticModel {
  name: string;
  revision: string;
  embedDim: number;
  semantics: StaticSemantics;
  /** Matryoshka-trained: truncating to these dimensions (?dimensions=N) is meaningful. */
  matryoshkaDims?: readonly number[];
}

const MRL = [32, 64, 128, 256, 512, 1024] as const;

export const KNOWN_STATIC_MODELS: readonly KnownStaticModel[] = [
  { name: 'minishlab/potion-base-8M', revision: 'bf8b056651a2c21b8d2565580b8569da283cab23', embedDim: 256, semantics: 'static' },
  { name: 'minishlab/M2V_base_glove', revision: '1d84d24b086580d886e36fb15f1973e0c04bad87', embedDim: 256, semantics: 'static' },
  {
    name: 'sentence-transformers/static-retrieval-mrl-en-v1',
    revision: 'f60985c706f192d45d218078e49e5a8b6f15283a',
    embedDim: 1024,
    semantics: 'static',
    matryoshkaDims: MRL,
  },
  {
    name: 'sentence-transformers/static-similarity-mrl-multilingual-v1',
    revision: '7264ea07c5365a11d7e6d87dbb6195889a13054f',
    embedDim: 1024,
    semantics: 'static',
    matryoshkaDims: MRL,
  },
  { name: 'NeuML/pubmedbert-base-embeddings-100K', revision: 'abb836b5d47e22ec27e3e64d8c76ece100dbb3a8', embedDim: 64, semantics: 'model2vec' },
];

export function findKnownStatic(id: string): KnownStaticModel | undefined {
  const key = id.toLowerCase().split('@')[0];
  return KNOWN_STATIC_MODELS.find((m) => m.name.toLowerCase() === key);
}
