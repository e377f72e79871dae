/**
 * `splade:<repo|path>`: SPLADE sparse encoders as sentence-transformers' SparseEncoder runs them
 * (sentence_transformers/sparse_encoder/models/MLMTransformer.py + SpladePooling.py): the masked-LM logits of each
 * token, masked by the attention mask, log1p(relu(x)) (log1p twice for activation_function log1p_relu), pooled over
 * the tokens by max (SPLADE v2+) or sum, giving one weight per vocabulary entry; similarity "dot". Tokenization as
 * for hf: models (prompt + text, HF truncation to max_seq_length). Retrieval uses an exact inverted index
 * (inverted-index.ts); other task types get the dense vocabulary-sized vectors.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EncodeContext, Encoder, ModelMeta, RetrievalRequest } from '../../core/encoder.js';
import { ConfigError, ModelError } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import { checkDevice } from '../device.js';
import { readModelJson } from '../model-json.js';
import type { ModelOptions } from '../options.js';
import { type PromptMap, parsePromptsOption, resolvePrompt, selectPrompts } from '../prompts.js';
import { fetchHubModel } from '../sentence-transformers/hub-snapshot.js';
import { type EncodingTokenizer, type TokenizedBatch, tokenizeBatch } from '../sentence-transformers/tokenize.js';
import { resolveSource } from '../transformers.js';
import { InvertedIndex, type SparseVector, sparseDot } from './inverted-index.js';

type TF = typeof import('@huggingface/transformers');

export interface SpladeConfig {
  pooling: 'max' | 'sum';
  activation: 'relu' | 'log1p_relu';
}

/** SpladePooling over one batch of logits [batch, seq, vocab] into sparse rows. */
export function spladePool(
  logits: Float32Array,
  mask: ArrayLike<number | bigint>,
  batch: number,
  seq: number,
  vocab: number,
  cfg: SpladeConfig,
): SparseVector[] {
  const out: SparseVector[] = [];
  const acc = new Float32Array(vocab);
  const act = (x: number) => {
    // torch: (x * mask).relu_().log1p_() in float32
    let y = Math.fround(Math.log1p(x > 0 ? x : 0));
    if (cfg.activation === 'log1p_relu') y = Math.fround(Math.log1p(y));
    return y;
  };
  for (let b = 0; b < batch; b++) {
    acc.fill(cfg.pooling === 'max' ? -Infinity : 0);
    let any = false;
    for (let t = 0; t < seq; t++) {
      const on = Number(mask[b * seq + t]) !== 0;
      const off = (b * seq + t) * vocab;
      if (cfg.pooling === 'max') {
        // a masked position contributes log1p(relu(0)) = 0; max is monotone, so pool the raw logits first
        if (!on) {
          for (let v = 0; v < vocab; v++) if (acc[v]! < 0) acc[v] = 0;
          continue;
        }
        for (let v = 0; v < vocab; v++) {
          const x = logits[off + v]!;
          if (x > acc[v]!) acc[v] = x;
        }
        any = true;
      } else if (on) {
        for (let v = 0; v < vocab; v++) {
          const x = logits[off + v]!;
          if (x > 0) acc[v] = acc[v]! + act(x);
        }
      }
    }
    const idx: number[] = [];
    const val: number[] = [];
    for (let v = 0; v < vocab; v++) {
      const y = cfg.pooling === 'max' ? (any || acc[v]! > -Infinity ? act(acc[v]!) : 0) : acc[v]!;
      if (y !== 0) {
        idx.push(v);
        val.push(y);
      }
    }
    out.push({ indices: Int32Array.from(idx), values: Float32Array.from(val) });
  }
  return out;
}

export async function create(spec: string, opts: ModelOptions = {}): Promise<Encoder> {
  const modelId = `splade:${spec}`;
  if (!spec.trim()) throw new ConfigError('splade: needs a hub repo or a folder, e.g. splade:naver/splade-v3', { model: modelId });
  const device = checkDevice(opts.device as string | undefined, modelId);
  const dtype = String(opts.dtype ?? 'fp32').toLowerCase();
  const suffix = ({ fp32: '', fp16: '_fp16', q8: '_quantized' } as Record<string, string>)[dtype];
  if (suffix === undefined) throw new ConfigError(`unknown --dtype ${opts.dtype}`, { model: modelId, hint: 'use fp32, fp16 or q8' });
  const tf = await import('@huggingface/transformers');
  const { source: loc } = resolveSource(spec, opts);
  let dir: string;
  let name: string;
  let revision: string | undefined;
  if (loc.kind === 'hub') {
    const snap = await fetchHubModel(loc.repo, loc.revision, `onnx/model${suffix}.onnx`, loc.hub, loc.label, (p) => `the repo has ${p.join(', ')}`);
    dir = snap.dir;
    name = loc.repo;
    revision = snap.commit;
  } else {
    dir = loc.dir;
    name = loc.label;
    revision = /snapshots[\\/]([0-9a-f]{40})/.exec(dir)?.[1];
  }
  const modulesFile = join(dir, 'modules.json');
  const modules = readModelJson<{ type?: string; path?: string }[]>(modulesFile, modelId) ?? [];
  const mlm = modules.find((m) => /MLMTransformer$/.test(m.type ?? ''));
  const poolMod = modules.find((m) => /SpladePooling$/.test(m.type ?? ''));
  const other = modules.find((m) => m !== mlm && m !== poolMod);
  if (other)
    throw new ModelError(`module ${other.type} is not supported (SPLADE models: MLMTransformer + SpladePooling)`, {
      model: modelId,
      file: modulesFile,
    });
  if (modules.length && (!mlm || !poolMod))
    throw new ModelError('modules.json is not a SPLADE model (MLMTransformer + SpladePooling)', { model: modelId, file: modulesFile });
  const poolCfgFile = join(dir, poolMod?.path ?? '1_SpladePooling', 'config.json');
  const poolCfg = readModelJson<{ pooling_strategy?: string; activation_function?: string }>(poolCfgFile, modelId) ?? {};
  const cfg: SpladeConfig = {
    pooling: (poolCfg.pooling_strategy ?? 'max') as SpladeConfig['pooling'],
    activation: (poolCfg.activation_function ?? 'relu') as SpladeConfig['activation'],
  };
  if (!['max', 'sum'].includes(cfg.pooling) || !['relu', 'log1p_relu'].includes(cfg.activation)) {
    throw new ModelError(`unsupported SpladePooling ${JSON.stringify(poolCfg)}`, { model: modelId, file: poolCfgFile });
  }
  const sub = mlm?.path ? `${mlm.path}/` : '';
  const sbert = readModelJson<{ max_seq_length?: number; do_lower_case?: boolean }>(join(dir, `${sub}sentence_bert_config.json`), modelId);
  const stc = readModelJson<{ prompts?: PromptMap; default_prompt_name?: string | null }>(join(dir, 'config_sentence_transformers.json'), modelId);
  const onnx = join(dir, sub, 'onnx', `model${suffix}.onnx`);
  if (!existsSync(onnx))
    throw new ModelError(`the model has no onnx/model${suffix}.onnx`, {
      model: modelId,
      file: onnx,
      hint: 'export the masked-LM (logits) with optimum',
    });
  const env = tf.env as unknown as { allowRemoteModels: boolean; allowLocalModels: boolean; localModelPath: string };
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = '';
  let tokenizer: EncodingTokenizer & { model_max_length?: number };
  let model: unknown;
  try {
    tokenizer = (await tf.AutoTokenizer.from_pretrained(join(dir, sub), { local_files_only: true })) as unknown as EncodingTokenizer & {
      model_max_length?: number;
    };
    const session_options: Record<string, unknown> = { interOpNumThreads: 1 };
    if (opts.threads && opts.threads > 0) session_options.intraOpNumThreads = opts.threads;
    model = await tf.AutoModelForMaskedLM.from_pretrained(join(dir, sub), {
      local_files_only: true,
      dtype: dtype as 'fp32',
      device,
      session_options,
    });
  } catch (e) {
    throw new ModelError(`cannot load the SPLADE model: ${(e as Error).message}`, { model: modelId, file: dir });
  }
  const config = (model as { config: { max_position_embeddings?: number; vocab_size?: number } }).config;
  let maxSeq = (opts.maxSeqLength as number | undefined) ?? sbert?.max_seq_length;
  if (maxSeq === undefined) {
    const c = [config.max_position_embeddings, tokenizer.model_max_length].filter((x): x is number => typeof x === 'number' && x > 0 && x < 1e9);
    maxSeq = c.length ? Math.min(...c) : 512;
  }
  let user: PromptMap | undefined;
  if (opts.prompts !== undefined) user = parsePromptsOption(opts.prompts, (p) => readFileSync(p, 'utf8'));
  const chosen = selectPrompts({ source: '--prompts', prompts: user }, { source: 'config_sentence_transformers.json', prompts: stc?.prompts });
  const meta: ModelMeta = {
    name,
    revision,
    embedDim: config.vocab_size,
    similarity: 'dot',
    framework: ['transformers.js', 'ONNX'],
    prompts: chosen.prompts,
    extra: {
      kind: 'splade',
      pooling: cfg.pooling,
      activation: cfg.activation,
      max_seq_length: maxSeq,
      do_lower_case: sbert?.do_lower_case ?? false,
      dtype,
      device,
    },
  };
  return new SpladeEncoder(
    tf,
    tokenizer,
    model,
    meta,
    cfg,
    maxSeq,
    sbert?.do_lower_case ?? false,
    chosen.prompts,
    stc?.default_prompt_name ?? undefined,
    opts.batchSize ?? 32,
  );
}

export class SpladeEncoder implements Encoder {
  readonly name: string;
  readonly revision?: string;
  readonly similarity = 'dot' as const;
  /** Sparse vectors are not cached (the embedding cache stores dense rows). */
  readonly cacheable = false;

  constructor(
    private readonly tf: TF,
    private readonly tokenizer: EncodingTokenizer,
    private readonly model: unknown,
    readonly meta: ModelMeta,
    readonly cfg: SpladeConfig,
    readonly maxSeqLength: number,
    private readonly doLowerCase: boolean,
    private readonly prompts: PromptMap,
    private readonly defaultPromptName: string | undefined,
    private readonly batchSize: number,
  ) {
    this.name = meta.name;
    this.revision = meta.revision;
  }

  resolvePrompt(ctx: EncodeContext): string | undefined {
    return resolvePrompt(this.prompts, ctx.task.name, ctx.task.type, ctx.promptType, this.defaultPromptName).text || undefined;
  }

  tokenize(texts: readonly string[]): TokenizedBatch {
    return tokenizeBatch(
      this.tokenizer,
      texts.map((t) => (this.doLowerCase ? t.trim().toLowerCase() : t.trim())),
      this.maxSeqLength,
    );
  }

  /** Sparse vectors in input order (texts sorted by length into batches, like ST). */
  async encodeSparse(
    texts: readonly string[],
    prompt = '',
    batchSize = this.batchSize,
    onProgress?: (done: number, total: number) => void,
  ): Promise<SparseVector[]> {
    const inputs = texts.map((t) => prompt + t);
    const order = inputs.map((_, i) => i).sort((a, b) => inputs[b]!.length - inputs[a]!.length || a - b);
    const out: SparseVector[] = new Array(texts.length);
    for (let s = 0; s < order.length; s += batchSize) {
      const idx = order.slice(s, s + batchSize);
      const tb = this.tokenize(idx.map((i) => inputs[i]!));
      const dims = [tb.batch, tb.seqLen];
      const feeds = {
        input_ids: new this.tf.Tensor('int64', tb.inputIds, dims),
        attention_mask: new this.tf.Tensor('int64', tb.attentionMask, dims),
      };
      const res = (await (this.model as (f: unknown) => Promise<Record<string, { data: Float32Array; dims: number[] }>>)(feeds)).logits;
      if (res?.dims.length !== 3) throw new ModelError('the ONNX model returned no [batch, seq, vocab] logits', { model: this.name });
      const rows = spladePool(res.data, tb.attentionMask, tb.batch, tb.seqLen, res.dims[2]!, this.cfg);
      idx.forEach((i, r) => (out[i] = rows[r]!));
      onProgress?.(Math.min(s + batchSize, order.length), order.length);
    }
    return out;
  }

  async encode(texts: readonly string[], ctx: EncodeContext): Promise<Matrix> {
    const rows = await this.encodeSparse(texts, this.resolvePrompt(ctx) ?? '', ctx.batchSize, ctx.onProgress);
    const cols = this.meta.embedDim ?? 0;
    const data = new Float32Array(texts.length * cols);
    rows.forEach((r, i) => r.indices.forEach((t, k) => (data[i * cols + t] = r.values[k]!)));
    return { rows: texts.length, cols, data };
  }

  async retrieve(request: RetrievalRequest, ctx: EncodeContext): Promise<Map<string, Map<string, number>>> {
    // texts encoded over the whole call: the queries, then the documents (all, or the candidates)
    const nq = request.queries.texts.length;
    const q = await this.encodeSparse(request.queries.texts, this.resolvePrompt({ ...ctx, promptType: 'query' }) ?? '', ctx.batchSize, (d) =>
      ctx.onProgress?.(d, nq + request.corpus.ids.length),
    );
    const docPrompt = this.resolvePrompt({ ...ctx, promptType: 'document' }) ?? '';
    const run = new Map<string, Map<string, number>>();
    if (request.candidates) {
      const pos = new Map(request.corpus.ids.map((id, i) => [id, i]));
      const needed = [...new Set([...request.candidates.values()].flat())].filter((d) => pos.has(d));
      const dv = await this.encodeSparse(
        needed.map((d) => request.corpus.texts[pos.get(d)!]!),
        docPrompt,
        ctx.batchSize,
        (d, all) => ctx.onProgress?.(nq + d, nq + all),
      );
      const byId = new Map(needed.map((d, i) => [d, dv[i]!]));
      request.queries.ids.forEach((qid, i) => {
        const cands = request.candidates!.get(qid) ?? [];
        run.set(qid, new Map(cands.filter((d) => byId.has(d)).map((d) => [d, sparseDot(q[i]!, byId.get(d)!)])));
      });
      return run;
    }
    const index = new InvertedIndex(this.meta.embedDim ?? 0);
    const CHUNK = 10_000;
    for (let s = 0; s < request.corpus.ids.length; s += CHUNK) {
      const dv = await this.encodeSparse(request.corpus.texts.slice(s, s + CHUNK), docPrompt, ctx.batchSize, (d) =>
        ctx.onProgress?.(nq + s + d, nq + request.corpus.ids.length),
      );
      dv.forEach((v, k) => index.add(request.corpus.ids[s + k]!, v));
    }
    const hits = index.search(q, request.topK);
    request.queries.ids.forEach((qid, i) => run.set(qid, new Map(hits[i]!)));
    return run;
  }

  async close(): Promise<void> {
    await (this.model as { dispose?: () => Promise<unknown> }).dispose?.();
  }
}
